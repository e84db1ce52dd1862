// The moderation dashboard's pages: GET /admin answers a small HTML shell (no inline script,
// a strict Content-Security-Policy, never cached) that loads the single-page app built by
// `npm run build` (or `build:admin`) into dist/admin/ (admin/build.ts). The app's files are named by
// their content hash, so they are cached for a year. The shell holds no data: everything
// the app shows comes from /admin/api with the moderator's session.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';

const ADMIN_DIR = fileURLToPath(new URL('../../../../dist/admin/', import.meta.url));

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const VERSIONED = /^app\.[0-9a-f]{12}\.(js|css)$/;

type Built = { shell: string; assets: Map<string, { body: Buffer; type: string; etag: string }> };

function shell(js: string, css: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<title>Parley moderation</title>',
    // No favicon request (and no 404 in the console): an empty data: icon, allowed by img-src.
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="/admin/${css}">`,
    `<script src="/admin/${js}" defer></script>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript><p>The moderation dashboard needs JavaScript.</p></noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function dashboardRoutes(app: FastifyInstance, opts: { dir?: string } = {}): void {
  const dir = opts.dir ?? ADMIN_DIR;
  let built: Built | null = null;
  let warned = false;

  // Read on first use: a server started before the build still serves it afterwards.
  const load = (req: FastifyRequest): Built | null => {
    if (built) return built;
    if (!existsSync(join(dir, 'manifest.json'))) {
      if (!warned) req.log.warn({ dir }, 'the dashboard is not built: run `npm run build`');
      warned = true;
      return null;
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { js: string; css: string };
    const assets: Built['assets'] = new Map();
    // Earlier builds stay servable: a shell loaded just before a deploy still finds its files.
    for (const name of readdirSync(dir).filter((n) => VERSIONED.test(n))) {
      const body = readFileSync(join(dir, name));
      const type = name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8';
      assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
    }
    built = { shell: shell(manifest.js, manifest.css), assets };
    return built;
  };

  app.get('/admin', { config: { public: true, html: true } }, async (req, reply) => {
    const b = load(req);
    if (!b) throw new AppError('NOT_READY');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-frame-options', 'DENY')
      .header('cross-origin-opener-policy', 'same-origin')
      .send(b.shell);
  });

  app.get<{ Params: { file: string } }>('/admin/:file', { config: { public: true } }, async (req, reply) => {
    const { file } = req.params;
    if (!VERSIONED.test(file)) throw new AppError('NOT_FOUND');
    const asset = load(req)?.assets.get(file);
    if (!asset) throw new AppError('NOT_FOUND');
    reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag);
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  });
}
