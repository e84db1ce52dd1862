// Helpers for the widget's browser tests: a fresh build, a second origin that embeds the
// widget the way a news site would, and waiting for a section to be mounted.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildWidget, DIST_DIR, type Manifest } from '../../widget/build.ts';
import type { ServerProcess } from './server-process.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The bundles the server serves, built now (a test file run alone needs no npm script first). */
export function ensureWidget(): Promise<Manifest> {
  return buildWidget(DIST_DIR);
}

export type HostPage = { body: string; lang?: string; csp?: string; head?: string };
export type HostServer = { origin: string; close(): Promise<void> };

/** A news site on another origin (http://localhost:PORT, while Parley is on 127.0.0.1). */
export async function hostServer(pages: (path: string) => HostPage | null): Promise<HostServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const page = pages(path);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (page.csp) headers['content-security-policy'] = page.csp;
    res
      .writeHead(200, headers)
      .end(
        `<!doctype html><html lang="${page.lang ?? 'en'}"><head><meta charset="utf-8"><title>Host</title>${page.head ?? ''}</head><body><main>${page.body}</main></body></html>`,
      );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Adds a site for a host origin with the real CLI, against the running server's database. */
export async function addSite(server: ServerProcess, origin: string, lang = 'en'): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bin/parley.mjs', 'site', 'add', '--name', `Host ${origin}`, '--origin', origin, '--lang', lang],
    {
      cwd: repoRoot,
      env: { ...process.env, PARLEY_DATA_DIR: server.dataDir, PARLEY_LOG_LEVEL: 'silent' },
    },
  );
  const id = stdout.split('\t')[0];
  // The server rereads its sites every few seconds: wait until it answers this origin.
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${server.url}/api/v1/form-token`, { headers: { origin } });
    await res.arrayBuffer();
    if (res.headers.get('access-control-allow-origin') === origin) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not pick up the site for ${origin}`);
}

/** Scrolls a section into view (the loader waits for that) and waits for the widget's form. */
export async function mounted(page: Page, host = '[data-parley-thread], parley-comments'): Promise<void> {
  await page.locator(host).first().scrollIntoViewIfNeeded();
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el?.shadowRoot?.querySelector('#parley-count');
  }, host);
}

export async function postApi(
  server: ServerProcess,
  body: Record<string, unknown>,
  origin?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
