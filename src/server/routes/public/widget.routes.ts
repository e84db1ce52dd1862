// The browser bundles built by `npm run build` (or `build:widget`; dist/widget/): embed.js and count.js at
// fixed URLs that host pages write once (cached briefly, revalidated by ETag), and the widget
// under its content hash (cached for a year: a new build is a new URL). Served gzipped when
// the browser accepts it, readable from any origin (CORS and CORP), and never with cookies.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';

export const WIDGET_DIR = fileURLToPath(new URL('../../../../dist/widget/', import.meta.url));

type Asset = { body: Buffer; gzip: Buffer; etag: string; immutable: boolean };

const STABLE = ['embed.js', 'count.js'];
const VERSIONED = /^widget\.[0-9a-f]{12}\.js$/;

export function widgetRoutes(app: FastifyInstance, opts: { dir?: string } = {}): void {
  const dir = opts.dir ?? WIDGET_DIR;
  let assets: Map<string, Asset> | null = null;
  let warned = false;

  // Read once, on first use: a server started before the build still serves it afterwards.
  const load = (req: FastifyRequest): Map<string, Asset> | null => {
    if (assets) return assets;
    if (!existsSync(join(dir, 'manifest.json'))) {
      if (!warned) req.log.warn({ dir }, 'widget bundles are not built: run `npm run build`');
      warned = true;
      return null;
    }
    const map = new Map<string, Asset>();
    // Earlier builds' widgets stay servable: a loader cached before a deploy still finds its widget.
    for (const name of readdirSync(dir).filter((n) => STABLE.includes(n) || VERSIONED.test(n))) {
      const body = readFileSync(join(dir, name));
      map.set(name, {
        body,
        gzip: gzipSync(body, { level: 9 }),
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
        immutable: VERSIONED.test(name),
      });
    }
    assets = map;
    return map;
  };

  const send = (req: FastifyRequest, reply: FastifyReply, name: string) => {
    const asset = load(req)?.get(name);
    if (!asset) throw new AppError('NOT_FOUND');
    reply
      .type('text/javascript; charset=utf-8')
      .header(
        'cache-control',
        asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300, stale-while-revalidate=86400',
      )
      .header('etag', asset.etag)
      .header('vary', 'Accept-Encoding')
      // Scripts for any page: no credentials are involved, so any origin may read them, and
      // pages isolated with COEP may load them.
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
      return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  };

  for (const name of STABLE)
    app.get(`/${name}`, { config: { public: true } }, async (req, reply) => send(req, reply, name));
  app.get('/widget/:file', { config: { public: true } }, async (req, reply) => {
    const { file } = req.params as { file: string };
    if (!VERSIONED.test(file)) throw new AppError('NOT_FOUND');
    return send(req, reply, file);
  });
}
