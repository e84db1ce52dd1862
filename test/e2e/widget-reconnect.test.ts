// A live stream the server refused (a deploy's 503, a 429) is reopened by the widget after a
// pause: EventSource itself gives up for good on any answer but a 200 event stream. Comments
// posted once the stream is back arrive live as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { ensureWidget, mounted, postApi } from '../helpers/widget.ts';

test('the widget reopens a refused live stream with backoff', { timeout: 120_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const server = await startServer();
  t.after(() => server.stop());

  const page = await browser.newPage();
  const attempts: number[] = [];
  // The first two stream requests are answered as a server in the middle of a deploy would.
  await page.route('**/api/v1/stream?**', async (route) => {
    attempts.push(Date.now());
    if (attempts.length <= 2) {
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'retry-after': '5' },
        body: '{"error":{"code":"NOT_READY"}}',
      });
    }
    return route.continue();
  });
  await page.goto(`${server.url}/news/rail-strike-weekend`);
  await mounted(page, '#comments');
  const third = Date.now() + 20_000;
  while (attempts.length < 3 && Date.now() < third) await page.waitForTimeout(100);
  assert.equal(attempts.length, 3, 'the stream was opened a third time after two refusals');
  const pauses = [attempts[1] - attempts[0], attempts[2] - attempts[1]];
  assert.ok(pauses[0] >= 900 && pauses[1] >= 1900, `pauses grow: ${pauses.join(' ms, ')} ms`);
  t.diagnostic(`pauses between attempts: ${pauses.join(' ms, ')} ms`);

  // Give the server a moment to hold the third stream, then post from elsewhere.
  await page.waitForTimeout(500);
  const posted = await postApi(server, {
    thread: `${server.url}/news/rail-strike-weekend`,
    name: 'Late Reader',
    email: 'late@example.com',
    body: 'Posted after the stream came back.',
  });
  assert.equal(posted.status, 201, JSON.stringify(posted.json));
  await page.locator('.parley-widget').locator(`li#comment-${posted.json.id}`).waitFor({ timeout: 15_000 });
});
