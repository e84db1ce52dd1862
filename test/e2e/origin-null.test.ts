// What a real browser sends as `Origin: null`, and what the reader then sees: a news page with
// Referrer-Policy: no-referrer, and a sandboxed frame on any site, each posting the classic form.
// Both are refused with a page that says why; nothing is stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { addSite, hostServer } from '../helpers/widget.ts';

test('forms posted from pages that hide their origin are refused with a readable page', {
  timeout: 120_000,
}, async (t) => {
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const server = await startServer();
  t.after(() => server.stop());

  let thread = '';
  const form = (email: string) =>
    `<form method="post" action="${server.url}/comments">` +
    `<input name="thread" value="${thread}"><input name="name" value="Anne"><input name="email" value="${email}">` +
    `<textarea name="body">Posted from a page that hides where it is.</textarea><button>Post Comment</button></form>`;
  const host = await hostServer((path) => {
    if (path === '/no-referrer')
      return { body: form('nr@example.com'), head: '<meta name="referrer" content="no-referrer">' };
    if (path === '/sandboxed') {
      const framed = form('sb@example.com').replace('<form ', '<form target="_blank" ');
      return {
        body: `<iframe sandbox="allow-forms allow-popups" width="600" height="300" srcdoc="${framed.replaceAll('"', '&quot;')}"></iframe>`,
      };
    }
    return null;
  });
  t.after(() => host.close());
  thread = `${host.origin}/2026/12/article`;
  const siteId = await addSite(server, host.origin);

  const page = await browser.newPage();
  const origins: string[] = [];
  page.context().on('request', (r) => {
    if (r.method() === 'POST') origins.push(r.headers().origin ?? '(none)');
  });

  await page.goto(`${host.origin}/no-referrer`);
  await Promise.all([
    page.waitForURL(`${server.url}/comments`),
    page.getByRole('button', { name: 'Post Comment' }).click(),
  ]);
  assert.match(
    (await page.getByRole('alert').textContent()) ?? '',
    /did not say which page this comment was sent from/,
  );

  await page.goto(`${host.origin}/sandboxed`);
  // Our pages refuse to be framed (frame-ancestors): this frame's form opens its answer in a new
  // tab, which the sandbox follows (the request still comes from the frame's opaque origin).
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.frameLocator('iframe').getByRole('button', { name: 'Post Comment' }).click(),
  ]);
  await popup.getByRole('alert').waitFor();
  assert.match(
    (await popup.getByRole('alert').textContent()) ?? '',
    /did not say which page this comment was sent from/,
  );

  assert.deepEqual(origins, ['null', 'null'], 'the browser sent Origin: null both times');
  const res = await fetch(`${server.url}/api/v1/threads?thread=${encodeURIComponent(thread)}&site=${siteId}`);
  assert.ok(res.status === 404 || (await res.json()).comments.length === 0, 'nothing was stored');
});
