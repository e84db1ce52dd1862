// The dashboard's settings screen in Chromium, as an admin: every setting shown with the value
// in force and where it comes from; holdScore and a keyword list changed, a bad value's error
// in place, "use the default"; premoderation of first comments, auto-approval after N approved
// comments and closing threads after N days, in force at once; no sideways scrolling on a
// phone. (The rest of the dashboard: dashboard.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildAdmin } from '../../admin/build.ts';
import { errorMessage, ruleMessage } from '../../src/contracts/messages.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { openPage, postComment, serveDashboard, signIn, watchProblems } from '../helpers/dashboard.ts';

test('the dashboard settings screen', { timeout: 240_000 }, async (t) => {
  await buildAdmin();
  const browser: Browser | null = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t);
  const overrides = async (): Promise<Record<string, unknown>> => (await h.store.getSite(h.siteId))?.settings ?? {};

  const page = await openPage(t, browser);
  // 401: no session yet; 422: the bad values this test sends on purpose. Anything else is a problem.
  const problems = watchProblems(page, [401, 422]);
  await signIn(page, url);
  await page.getByRole('navigation', { name: 'Queues' }).waitFor();

  await t.test(
    'settings: an admin changes holdScore and a keyword list; a bad value shows its error in place; "use the default"',
    async () => {
      const screens = page.getByRole('navigation', { name: 'Screens' });
      await screens.getByRole('button', { name: 'Settings' }).click();
      const holdScore = page.getByLabel('Spam score that holds a comment');
      await holdScore.waitFor();
      // Every setting is shown, with the value in force and where it comes from.
      assert.equal(await page.locator('[data-setting]').count(), 24);
      assert.equal(await holdScore.inputValue(), '3');
      assert.equal(await page.locator('#setting-holdScore-source').textContent(), 'Install default');
      assert.equal(await page.locator('#setting-holdScore-default').isChecked(), true);
      assert.deepEqual(
        await page
          .getByLabel('Premoderation', { exact: true })
          .locator('option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
        ['none', 'first', 'links', 'all'],
      );

      await holdScore.fill('4');
      assert.equal(
        await page.locator('#setting-holdScore-default').isChecked(),
        false,
        "typing makes the value the site's own",
      );
      await page.getByLabel('Keywords that hold a comment').fill('casino\n  crypto giveaway \n\n');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved 2 settings.' }).waitFor();
      await page.locator('#setting-holdScore-source').filter({ hasText: 'Set for this site' }).waitFor();
      assert.deepEqual(await overrides(), { holdScore: 4, holdKeywords: ['casino', 'crypto giveaway'] });
      assert.equal(await page.getByLabel('Keywords that hold a comment').inputValue(), 'casino\ncrypto giveaway');

      // Out of range: the catalog's rule message next to the field, nothing saved.
      await page.getByLabel('Spam score that holds a comment').fill('500');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page
        .locator('#setting-holdScore-error')
        .filter({ hasText: ruleMessage('INVALID_VALUE', 'Spam score that holds a comment', 'en') })
        .waitFor();
      assert.equal(await page.getByLabel('Spam score that holds a comment').getAttribute('aria-invalid'), 'true');
      await page
        .getByRole('status')
        .filter({ hasText: errorMessage('VALIDATION', 'en') })
        .waitFor();
      assert.deepEqual(await overrides(), { holdScore: 4, holdKeywords: ['casino', 'crypto giveaway'] });

      // "Use the default" sends null: the site's value is removed and the default applies again.
      await page.locator('#setting-holdScore-default').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved 1 setting.' }).waitFor();
      await page.locator('#setting-holdScore-source').filter({ hasText: 'Install default' }).waitFor();
      assert.equal(await page.getByLabel('Spam score that holds a comment').inputValue(), '3');
      assert.equal(await page.locator('#setting-holdScore-error').textContent(), '');
      assert.deepEqual(await overrides(), { holdKeywords: ['casino', 'crypto giveaway'] });

      await page.setViewportSize({ width: 360, height: 800 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `the settings screen overflows a phone by ${overflow}px`);
      await page.setViewportSize({ width: 1100, height: 900 });
    },
  );

  await t.test(
    'settings: premoderation of first comments, auto-approval after N approved comments, closing threads after N days',
    async () => {
      const auto = page.getByLabel('Approved comments before a commenter skips premoderation');
      const close = page.getByLabel('Days after which a thread closes to new comments');
      // Each new setting says what 0 means.
      assert.match((await auto.getAttribute('aria-describedby'))!, /setting-autoApproveAfter-hint/);
      assert.match((await page.locator('#setting-autoApproveAfter-hint').textContent()) ?? '', /0: never/);
      assert.match((await page.locator('#setting-closeAfterDays-hint').textContent()) ?? '', /0: never/);
      assert.equal(await auto.inputValue(), '0');
      assert.equal(await close.inputValue(), '0');

      await close.fill('-1');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page
        .locator('#setting-closeAfterDays-error')
        .filter({ hasText: ruleMessage('INVALID_VALUE', 'Days after which a thread closes to new comments', 'en') })
        .waitFor();

      await page.getByLabel('Premoderation', { exact: true }).selectOption('first');
      await auto.fill('2');
      await close.fill('14');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved 3 settings.' }).waitFor();
      assert.deepEqual(await overrides(), {
        holdKeywords: ['casino', 'crypto giveaway'],
        premoderation: 'first',
        autoApproveAfter: 2,
        closeAfterDays: 14,
      });
      // In force at once: a newcomer's first comment, without links, is held.
      const res = await postComment(h, '198.51.100.150', {
        name: 'Newcomer',
        email: 'newcomer@example.com',
        body: 'My first comment here, and without any link at all.',
      });
      assert.equal(res.json().status, 'held', res.body);

      for (const key of ['premoderation', 'autoApproveAfter', 'closeAfterDays'])
        await page.locator(`#setting-${key}-default`).check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved 3 settings.' }).waitFor();
      // The status still says so from the save before: the sources show when this save is done.
      for (const key of ['premoderation', 'autoApproveAfter', 'closeAfterDays'])
        await page.locator(`#setting-${key}-source`).filter({ hasText: 'Install default' }).waitFor();
      assert.deepEqual(await overrides(), { holdKeywords: ['casino', 'crypto giveaway'] });
    },
  );

  await t.test('nothing unexpected in the console', () => {
    assert.deepEqual(problems, []);
  });
});
