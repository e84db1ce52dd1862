// The live queue in Chromium: counts arrive by the server-sent stream (no polling while it is
// up), a slow 30-second poll takes over while the stream is refused (and the stream is tried
// again then), switching sites reconnects the stream to the other site, and a held comment
// reaches the pending queue at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildAdmin } from '../../admin/build.ts';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { newId } from '../../src/core/ids.ts';
import { newSecret } from '../../src/core/tokens.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { EMAIL, HELD_BODY, commenters, openPage, serveDashboard, signIn as signInAs } from '../helpers/dashboard.ts';

test("the dashboard's live queue", { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t);
  const other = newId();
  await h.store.createSite({
    id: other,
    name: 'Evening paper',
    origins: [],
    lang: 'en',
    settings: {},
    avatar_secret: newSecret(),
    is_default: false,
    created_at: Date.now(),
  });
  await new Accounts({ store: h.store, clock: h.clock }).grant(EMAIL, null, other, 'moderator');

  const say = commenters(h);
  const post = async (status: 'held' | 'published', site?: string): Promise<string> => {
    const res = await say(
      (n) => (status === 'held' ? `${HELD_BODY} (${n})` : `A considered comment without links, number ${n}.`),
      { site },
    );
    assert.equal(res.json().status, status, res.body);
    return res.json().id as string;
  };
  const publish = (site?: string) => post('published', site);
  await publish();
  await post('held');

  const signIn = async (p: Page, queue = 'Approved') => {
    await signInAs(p, url);
    await p.locator('li.item').first().waitFor();
    await p
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: new RegExp(`^${queue}`) })
      .click();
    await p.locator('.tab[aria-current="page"]').filter({ hasText: queue }).waitFor();
    await p.locator('li.item').first().waitFor();
  };
  const liveMode = (p: Page) => p.evaluate(() => document.documentElement.dataset.live);

  await t.test('with the stream up, a new comment arrives at once and nothing polls', async () => {
    const page = await openPage(t, browser, {});
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await signIn(page);
    await page.waitForFunction(() => document.documentElement.dataset.live === 'stream');
    const before = requests.length;
    const id = await publish();
    // Far sooner than any poll would bring it.
    await page.locator(`li.item[data-id="${id}"]`).waitFor({ timeout: 3_000 });
    await page.locator('[data-count="approved"]').filter({ hasText: '2' }).waitFor();
    // Six seconds: the old 5-second poll would have asked for the counts at least once.
    await page.waitForTimeout(6_000);
    const since = requests.slice(before);
    assert.equal(since.filter((p) => p.endsWith('/counts')).length, 0, since.join('\n'));
    assert.equal(since.filter((p) => p.endsWith('/queues/approved')).length, 1, 'one reload for one change');
  });

  await t.test(
    'while the stream is refused, the counts are polled every 30 seconds and the stream is tried again',
    async () => {
      const page = await openPage(t, browser, {});
      await page.clock.install();
      let refused = 0;
      await page.route('**/events', (route) => {
        refused++;
        return route.fulfill({ status: 503, body: '' });
      });
      const counts: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/counts')) counts.push(r.url());
      });
      await signIn(page);
      await page.waitForFunction(() => document.documentElement.dataset.live === 'poll');
      assert.equal(refused, 1);
      const asked = counts.length;
      const id = await publish();
      await page.clock.fastForward(20_000);
      await page.waitForTimeout(300);
      assert.equal(await page.locator(`li.item[data-id="${id}"]`).count(), 0, 'no poll before 30 seconds');
      await page.clock.fastForward(11_000);
      await page.locator(`li.item[data-id="${id}"]`).waitFor();
      assert.equal(counts.length, asked + 1, 'one poll');
      // Reopened with backoff (2 s, then 4 s…) since the dashboard stopped waiting for the poll to
      // retry a refused stream: by now it has been tried at least once more.
      assert.ok(refused >= 2, `the stream was tried again (${refused} attempts)`);
      // Once the server takes the stream again, it replaces the poll.
      await page.unroute('**/events');
      await page.clock.fastForward(31_000);
      await page.waitForFunction(() => document.documentElement.dataset.live === 'stream');
      const id2 = await publish();
      await page.locator(`li.item[data-id="${id2}"]`).waitFor({ timeout: 3_000 });
    },
  );

  await t.test('switching sites moves the stream to the other site', async () => {
    const page = await openPage(t, browser, {});
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/events')) streams.push(new URL(r.url()).pathname);
    });
    await signIn(page);
    await page.getByLabel('Site').selectOption(other);
    await page.locator('li.empty').filter({ hasText: 'No comments in approved.' }).waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.live === 'stream');
    assert.deepEqual(streams, [`/admin/api/sites/${h.siteId}/events`, `/admin/api/sites/${other}/events`]);
    const there = await publish(other);
    await page.locator(`li.item[data-id="${there}"]`).waitFor({ timeout: 3_000 });
    // The first site's changes no longer reach this queue.
    await publish();
    await page.waitForTimeout(1_000);
    assert.equal(await page.locator('[data-count="approved"]').textContent(), '1');
    assert.equal(await liveMode(page), 'stream');
  });

  await t.test('a held comment reaches the open pending queue at once', async () => {
    const page = await openPage(t, browser, {});
    await signIn(page, 'Pending');
    await page.waitForFunction(() => document.documentElement.dataset.live === 'stream');
    const id = await post('held');
    await page.locator(`li.item[data-id="${id}"]`).waitFor({ timeout: 3_000 });
  });
});
