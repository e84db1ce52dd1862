// Which site a request is for, and whether its Origin may write to it.
// Order: an explicit ?site=, the Origin header, the thread URL's origin, the default site.
// The server's own origin (as the request's Host names it) is always allowed: the demo and
// the server-rendered pages post from it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { SiteRow } from '../core/records.ts';
import type { SiteContext } from '../core/comments/comment-service.ts';
import type { SiteRegistry } from './site-registry.ts';
import { pickLanguage } from '../contracts/messages.ts';

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
  // "null" is what a sandboxed frame, a data: page or a page with Referrer-Policy: no-referrer sends:
  // an origin that no site can allow. Treated as absent it would let any site's hidden frame post
  // through its visitors' browsers (their addresses defeating flood control and bans), so a write
  // with it is refused in words the reader can act on. A request with no Origin at all keeps its rule.
  const hidden = req.headers.origin === 'null';
  const origin = typeof req.headers.origin === 'string' && !hidden ? req.headers.origin : null;
  const own = origin !== null && origin === ownOrigin(req);
  let site: SiteRow | undefined;
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
  if (opts.write && hidden) {
    req.parleyLang = pickLanguage(site.lang);
    throw new AppError('ORIGIN_HIDDEN');
  }
  const allowed = origin !== null && site.origins.includes(origin);
  if (allowed) {
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
  }
  if (opts.write && origin !== null && !own && !allowed) throw new AppError('ORIGIN_NOT_ALLOWED');
  return registry.context(site);
}
