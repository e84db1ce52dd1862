// The dashboard's Export screen in Chromium: an admin downloads the site as Parley JSON Lines
// and as WordPress WXR (a real download: the browser's download event, the file named by site
// and day, its content read back), the screen says the file holds personal data, axe-core
// finds nothing serious; a moderator has no Export screen at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildAdmin } from '../../admin/build.ts';
import { launchBrowser } from '../helpers/browser.ts';
import {
  accepted,
  axe,
  commenters,
  DESKTOP,
  MODERATOR,
  openPage,
  serveDashboard,
  signIn,
  watchProblems,
} from '../helpers/dashboard.ts';
import { parseXml } from '../helpers/xml.ts';

/** Clicks the link and waits for the browser's download; returns its suggested name and its text. */
async function download(page: Page): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export comments' }).click(),
  ]);
  const path = await file.path();
  assert.ok(path, `download failed: ${await file.failure()}`);
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('the dashboard export screen', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t, { moderator: true });
  const say = commenters(h);
  for (const body of ['A considered comment on the port.', 'A second, on the budget.'])
    accepted(await say((n) => `${body} (${n})`));
  const day = new Date(h.clock.now()).toISOString().slice(0, 10);

  await t.test('an admin downloads the site in both formats', async () => {
    const page = await openPage(t, browser, { viewport: DESKTOP, bypassCSP: true, acceptDownloads: true });
    const problems = watchProblems(page, [401]);
    await signIn(page, url);
    await page.getByRole('navigation', { name: 'Queues' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Export', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    assert.match((await page.locator('.tool-box').textContent()) ?? '', /personal data/);

    const jsonl = await download(page);
    assert.equal(jsonl.name, `parley-${h.siteId}-${day}.jsonl`);
    const records = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(records[0].format, 'parley-export');
    assert.deepEqual(
      records.filter((r) => r.type === 'comment').map((r) => r.author.email),
      ['reader1@example.com', 'reader2@example.com'],
    );
    await page.getByRole('status').filter({ hasText: 'Export started' }).waitFor();

    await page.getByLabel('Format').selectOption('wxr');
    await page.locator('#export-format-help').filter({ hasText: 'Import → WordPress' }).waitFor();
    const wxr = await download(page);
    assert.equal(wxr.name, `parley-${h.siteId}-${day}.xml`);
    assert.equal(parseXml(wxr.text).name, 'rss');
    assert.equal((wxr.text.match(/<wp:comment>/g) ?? []).length, 2);

    const exports = (await h.store.listAudit(h.siteId, null, 10)).filter((e) => e.action === 'site.export');
    assert.deepEqual(
      exports.map((e) => e.after),
      [{ format: 'wxr' }, { format: 'parley' }],
    );
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(problems, []);
  });

  await t.test('a moderator has no Export screen', async () => {
    const page = await openPage(t, browser);
    await signIn(page, url, MODERATOR);
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Stats' }).waitFor();
    assert.equal(await screens.getByRole('button', { name: 'Export', exact: true }).count(), 0);
  });
});
