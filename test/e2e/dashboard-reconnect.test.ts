// An events stream the server refused (a deploy's 503, a 429 when too many streams are open) is
// reopened by the dashboard after a growing, jittered pause: EventSource itself gives up for good
// on any answer but a 200 event stream. Until the stream is back the counts are polled; once it
// is, they arrive by the stream again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAdmin } from '../../admin/build.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { HELD_BODY, commenters, openPage, serveDashboard, signIn, watchProblems } from '../helpers/dashboard.ts';

test('the dashboard reopens a refused events stream with backoff', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t);
  const say = commenters(h);

  const page = await openPage(t, browser);
  // 401: the session asked for before signing in; 503: the refused streams.
  const problems = watchProblems(page, [401, 503]);
  const attempts: number[] = [];
  // The first two stream requests are answered as a server in the middle of a deploy would.
  await page.route('**/events', async (route) => {
    attempts.push(Date.now());
    if (attempts.length <= 2) {
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'retry-after': '5' },
        body: '{"error":{"code":"NOT_READY","message":"Starting up."}}',
      });
    }
    return route.continue();
  });
  const counts: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/counts')) counts.push(r.url());
  });

  await signIn(page, url);
  await page.locator('li.empty').filter({ hasText: 'No comments in pending.' }).waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.live === 'poll');

  // Pauses of 2 s then 4 s, each times 0.5 to 1.5: the third attempt comes within 9 s.
  const deadline = Date.now() + 15_000;
  while (attempts.length < 3 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.equal(attempts.length, 3, 'the stream was opened a third time after two refusals');
  const pauses = [attempts[1] - attempts[0], attempts[2] - attempts[1]];
  t.diagnostic(`pauses between attempts: ${pauses.join(' ms, ')} ms`);
  // The jitter may make the second pause the shorter one, but its floor (and ceiling) doubled.
  assert.ok(pauses[0] >= 900 && pauses[0] <= 3_500, `first pause about 2 s: ${pauses[0]} ms`);
  assert.ok(pauses[1] >= 1_900 && pauses[1] <= 6_500, `second pause about 4 s: ${pauses[1]} ms`);
  assert.ok(attempts[2] - attempts[0] <= 10_000, 'the third attempt within 10 s of the first');

  // The third stream is taken: the counts come by it, not by the poll.
  await page.waitForFunction(() => document.documentElement.dataset.live === 'stream');
  const polled = counts.length;
  const res = await say((n) => `${HELD_BODY} (${n})`);
  assert.equal(res.json().status, 'held', res.body);
  const id = res.json().id as string;
  // Far sooner than the 30-second poll would bring it.
  await page.locator(`li.item[data-id="${id}"]`).waitFor({ timeout: 3_000 });
  await page.locator('[data-count="pending"]').filter({ hasText: '1' }).waitFor({ timeout: 3_000 });
  assert.equal(counts.length, polled, 'no poll while the stream is up');
  assert.equal(attempts.length, 3, 'no further attempt once the stream is open');
  assert.deepEqual(problems, []);
});
