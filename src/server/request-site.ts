// Which site a request is for, and whether its Origin may write to it.
// Order: an explicit ?site=, the Origin header, the thread URL's origin, the default site.
// The server's own origin (as the request's Host names it) is always allowed: the demo and
// the server-rendered pages post from it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { SiteContext } from '../core/comments/comment-service.ts';
import { origins, type SiteRegistry } from './site-registry.ts';

export function ownOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export async function resolveSite(
  req: FastifyRequest,
  reply: FastifyReply,
  registry: SiteRegistry,
  opts: { write: boolean; thread?: string; site?: string },
): Promise<SiteContext> {
  const origin = typeof req.headers.origin === 'string' && req.headers.origin !== 'null' ? req.headers.origin : null;
  const own = origin !== null && origin === ownOrigin(req);
  let site;
  if (opts.site) {
    site = await registry.byId(opts.site);
    if (!site) throw new AppError('SITE_NOT_FOUND');
  } else {
    site =
      (origin && !own ? await registry.byOrigin(origin) : undefined) ??
      (originOf(opts.thread) ? await registry.byOrigin(originOf(opts.thread)!) : undefined);
  }
  site ??= await registry.defaultSite();
  if (!site) throw new AppError('SITE_NOT_FOUND');
  const allowed = origin !== null && origins(site).includes(origin);
  if (allowed) {
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
  }
  if (opts.write && origin !== null && !own && !allowed) throw new AppError('ORIGIN_NOT_ALLOWED');
  return registry.context(site);
}
