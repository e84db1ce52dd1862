// Helpers for the widget's browser tests: a fresh build, a second origin that embeds the
// widget the way a news site would, waiting for a section to be mounted, and a reader's
// page of the demo site (opened, filled in, submitted at a reader's pace).
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

/** The desktop window of the demo article's widget tests. */
export const WIDGET_VIEWPORT = { width: 1280, height: 900 };
// The spam checks count a form sent back within 3 s of being shown against it (people take
// longer); these tests type instantly, so they wait out those seconds like a reader would.
const MIN_FILL_MS = 3_200;
const shownAt = new WeakMap<Page, number>();

/** Waits until the form has been shown for MIN_FILL_MS, as a reader would take that long. */
export async function readerPace(page: Page): Promise<void> {
  const wait = (shownAt.get(page) ?? 0) + MIN_FILL_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** Opens /news/`slug` in a new page (of a new context unless given one) and waits for the widget, unless `js` is false. */
export async function openArticle(
  browser: Browser,
  server: ServerProcess,
  slug: string,
  opts: { js?: boolean; context?: BrowserContext } = {},
): Promise<{ page: Page; w: Locator }> {
  const context =
    opts.context ?? (await browser.newContext({ viewport: WIDGET_VIEWPORT, javaScriptEnabled: opts.js ?? true }));
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error on ${slug}: ${e.message}`));
  await page.goto(`${server.url}/news/${slug}`);
  shownAt.set(page, Date.now());
  if (opts.js !== false) await mounted(page, '#comments');
  return { page, w: page.locator('.parley-widget') };
}

/** What has the focus inside the widget's shadow root. */
export function focused(page: Page): Promise<{ tag: string; id: string; item: string | null; text: string }> {
  return page.evaluate(() => {
    const el = document.querySelector('#comments')!.shadowRoot!.activeElement as HTMLElement | null;
    return {
      tag: el?.localName ?? '',
      id: el?.id ?? '',
      item: el?.closest('li')?.id ?? null,
      text: (el?.textContent ?? '').slice(0, 80),
    };
  });
}

/** Fills the widget's form; fields left undefined are not touched. */
export async function fill(
  w: Locator,
  v: { name?: string; email?: string; website?: string; body: string },
): Promise<void> {
  if (v.name !== undefined) await w.getByLabel(/^Name/).fill(v.name);
  if (v.email !== undefined) await w.getByLabel(/^Email/).fill(v.email);
  if (v.website !== undefined) await w.getByLabel(/^Website/).fill(v.website);
  await w.getByLabel(/^Comment/).fill(v.body);
}

/** Submits and returns the API's answer and what the widget sent. */
export async function submit(
  page: Page,
  w: Locator,
): Promise<{ status: number; sent: Record<string, unknown>; answer: Record<string, unknown> }> {
  await readerPace(page);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/comments')),
    w.getByRole('button', { name: 'Post Comment' }).click(),
  ]);
  return { status: res.status(), sent: res.request().postDataJSON(), answer: await res.json() };
}
