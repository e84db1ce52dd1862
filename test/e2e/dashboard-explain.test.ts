// A queue page with much text leaves some long comments' words (what weighed most with the
// classifier) to be worked out one at a time: in Chromium, the moderator asks for them with a
// button and they appear in place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAdmin } from '../../admin/build.ts';
import { launchBrowser } from '../helpers/browser.ts';
import {
  HELD_BODY,
  accepted,
  commenters,
  openPage,
  serveDashboard,
  signIn,
  watchProblems,
} from '../helpers/dashboard.ts';

test('long held comments: "Work them out" fills in the words the page left out', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t, {
    env: { PARLEY_FLOOD_SECONDS: '0', PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat' },
  });
  const say = commenters(h);
  // Three comments of 40,000 characters: a page explains the first and leaves the others.
  const long = (n: number) =>
    Array.from({ length: 800 }, (_, k) => `Point ${k} of ${n} on the harbour budget, line by line. `).join('') +
    HELD_BODY;
  const ids: string[] = [];
  for (let i = 1; i <= 3; i++) ids.push(accepted(await say(long(i))));

  const page = await openPage(t, browser);
  const problems = watchProblems(page, [401]);
  await signIn(page, url);
  const item = (id: string) => page.locator(`li.item[data-id="${id}"]`);
  for (const id of ids) await item(id).waitFor();

  const waiting = page.getByRole('button', { name: 'Work them out' });
  assert.equal(await waiting.count(), 2, 'two of the three are left to the moderator');
  const target = (
    await Promise.all(
      ids.map(async (id) => ((await item(id).locator('button[data-tool="explain"]').count()) ? id : null)),
    )
  ).find((id) => id !== null)!;
  await item(target).getByRole('button', { name: 'Work them out' }).click();
  await item(target).locator('ul.words li').first().waitFor();
  assert.equal(await item(target).getByRole('button', { name: 'Work them out' }).count(), 0);
  await page.getByRole('status').filter({ hasText: 'Worked out the words' }).waitFor();
  assert.equal(await waiting.count(), 1);
  assert.deepEqual(problems, []);
});
