// The dashboard's stats screen in Chromium: comments per day by status drawn by uPlot (loaded
// only when the screen opens), with an accessible name that states the numbers, the table of
// the same numbers, no CSP violation, a chart that follows the page's width down to a phone,
// and axe-core on the screen with the chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildAdmin } from '../../admin/build.ts';
import { login } from '../helpers/admin-session.ts';
import { launchBrowser } from '../helpers/browser.ts';
import {
  DESKTOP,
  EMAIL,
  HELD_BODY,
  PASSWORD,
  accepted,
  act,
  axe,
  commenters,
  openPage,
  serveDashboard,
  signIn,
  watchProblems,
} from '../helpers/dashboard.ts';

const DAY = 86_400_000;

/** How many pixels of the chart's canvas are exactly this colour (a drawn series). */
const pixelsOf = (page: Page, chart: string, hex: string) =>
  page.locator(`[data-chart="${chart}"] canvas`).evaluate(
    (c: HTMLCanvasElement, rgb: number[]) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2] && d[i + 3] === 255) n++;
      return n;
    },
    [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)),
  );

test("the dashboard's stats screen", { timeout: 120_000 }, async (t) => {
  const manifest = await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t);

  // Two days of comments: three days ago two published and one held; today two published (one
  // of them then marked spam: the filter overturned), two held (one approved, one marked spam)
  // and one deleted.
  const who = await login(h, EMAIL, PASSWORD);
  const say = commenters(h);
  const post = async (body: string) => accepted(await say((n) => `${body} (${n})`));
  const now = h.clock.now();
  h.clock.set(now - 3 * DAY);
  await post('A considered comment about the budget.');
  await post('Another considered comment about the council.');
  await post(HELD_BODY);
  h.clock.set(now);
  await post('A considered comment about the weather today.');
  await act(h, who, await post('A considered comment the desk finds is spam after all.'), 'spam');
  await act(h, who, await post(HELD_BODY), 'approve');
  await act(h, who, await post(HELD_BODY), 'spam');
  await act(h, who, await post('A comment the desk will delete.'), 'delete');
  const stats = (
    await h.app.inject({
      method: 'GET',
      url: `/admin/api/sites/${h.siteId}/stats?days=30`,
      headers: { cookie: who.cookie },
    })
  ).json() as { days: { day: string }[]; decisions: number; overturned: number };
  assert.equal(stats.days.length, 2, JSON.stringify(stats));
  assert.deepEqual([stats.decisions, stats.overturned], [4, 1]);

  // axe is injected as a script of its own: this context bypasses the CSP for that only. The
  // CSP test below uses a context that does not.
  const page = await openPage(t, browser);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  // The 401 is the sign-in page asking for a session it does not have yet.
  const problems = watchProblems(page, [401]);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));

  await signIn(page, url);
  await page.getByRole('navigation', { name: 'Queues' }).waitFor();
  const screens = page.getByRole('navigation', { name: 'Screens' });

  await t.test('the charts script loads only when the stats screen opens', async () => {
    await page.locator('li.item').first().waitFor();
    assert.equal(requested.includes(`/admin/${manifest.charts}`), false, 'not loaded with the queues');
    await screens.getByRole('button', { name: 'Stats' }).click();
    await page.locator('[data-chart="counts"] canvas').waitFor();
    assert.equal(requested.filter((p) => p === `/admin/${manifest.charts}`).length, 1);
  });

  await t.test(
    'comments per day by status: a uPlot chart named by its numbers, and the same numbers in a table',
    async () => {
      const chart = page.getByRole('img', { name: /^Comments per day over the last 30 days/ });
      const name = await chart.getAttribute('aria-label');
      assert.match(
        name!,
        /by status: 4 approved, 1 held, 2 spam, 1 deleted; the busiest day was \d{4}-\d\d-\d\d with 5 comments\./,
      );
      // Every status is drawn: its colour is on the canvas.
      for (const [status, hex] of [
        ['approved', '#1a7f37'],
        ['held', '#9a6700'],
        ['spam', '#a51d2d'],
        ['deleted', '#4a5561'],
      ]) {
        assert.ok((await pixelsOf(page, 'counts', hex)) > 20, `${status} is drawn`);
      }
      // Points for all 30 days (gaps filled with zeros): the legend names every series.
      // biome-ignore lint/performance/useDomNodeTextContent: the legend as rendered; a series hidden from view must not count as named
      const legend = await page.locator('[data-chart="counts"] .u-legend').innerText();
      for (const s of ['Approved', 'Held', 'Spam', 'Deleted']) assert.ok(legend.includes(s), legend);
      const rows = await page.locator('.tool-box .table-wrap tbody tr').allInnerTexts();
      assert.equal(rows.length, 2, rows.join(' | '));
      assert.match(rows[0], /^\d{4}-\d\d-\d\d\s+2\s+1\s+0\s+0\s+0\s+0 \(—\)$/);
      assert.match(rows[1], /^\d{4}-\d\d-\d\d\s+2\s+0\s+2\s+1\s+4\s+1 \(25 %\)$/);
      assert.ok(
        ((await page.locator('.tool-box p').first().textContent()) ?? '').includes(
          'overturned the filter 1 time in 4 decisions; they approved 1 held comment.',
        ),
      );
    },
  );

  await t.test('the overturned rate per day is a second chart, named by its numbers', async () => {
    const chart = page.getByRole('img', { name: /^Share of moderator decisions that overturned the filter/ });
    assert.match((await chart.getAttribute('aria-label'))!, /25 % overall \(1 of 4 decisions\)/);
    assert.ok((await pixelsOf(page, 'overturned', '#0b57a4')) > 5, 'the rate is drawn');
    // biome-ignore lint/performance/useDomNodeTextContent: the legend as rendered; a series hidden from view must not count as named
    const legend = await page.locator('[data-chart="overturned"] .u-legend').innerText();
    assert.ok(legend.includes('Overturned'), legend);
  });

  await t.test('no CSP violation and nothing in the console while drawing', async () => {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), []);
    assert.deepEqual(problems, []);
  });

  await t.test('on a phone the chart shrinks to the screen and nothing overflows', async () => {
    const wide = await page.locator('[data-chart="counts"] canvas').evaluate((c) => c.getBoundingClientRect().width);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(
      () => document.querySelector('[data-chart="counts"] canvas')!.getBoundingClientRect().width < 390,
    );
    const narrow = await page.locator('[data-chart="counts"] canvas').evaluate((c) => c.getBoundingClientRect().width);
    assert.ok(narrow < wide, `${narrow} < ${wide}`);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no horizontal scroll',
    );
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  await t.test('leaving the screen and coming back draws the chart again', async () => {
    await screens.getByRole('button', { name: 'Queues' }).click();
    await page.locator('li.item').first().waitFor();
    await screens.getByRole('button', { name: 'Stats' }).click();
    await page.locator('[data-chart="counts"] canvas').waitFor();
    assert.equal(await page.locator('.uplot').count(), 2, 'the old charts are gone');
    assert.equal(requested.filter((p) => p === `/admin/${manifest.charts}`).length, 1, 'the script is loaded once');
  });

  await t.test('axe-core finds no serious or critical problem on the stats screen with its chart', async () => {
    const p = await openPage(t, browser, { viewport: DESKTOP, bypassCSP: true });
    await signIn(p, url);
    await p.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Stats' }).click();
    await p.locator('[data-chart="counts"] canvas').waitFor();
    const found = await axe(p);
    assert.deepEqual(found, [], found.join('\n'));
  });
});
