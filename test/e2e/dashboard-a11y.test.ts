// Accessibility and small screens, in Chromium: axe-core on every dashboard screen in the state
// that matters most (errors shown, forms and confirmations open, results and charts drawn)
// finds no serious or critical problem; on a 390×844 phone the queue works and no screen
// scrolls sideways.
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
  signIn as signInAs,
} from '../helpers/dashboard.ts';

test('dashboard accessibility and phone layout', { timeout: 180_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t, { moderator: true });

  // Something in every queue: held, published, reported, spam and deleted comments.
  const who = await login(h, EMAIL, PASSWORD);
  const say = commenters(h);
  const post = async (body: string, extra: Record<string, unknown> = {}) =>
    accepted(await say((n) => `${body} (${n})`, { extra }));
  for (let i = 0; i < 3; i++) await post(HELD_BODY);
  const answered = await post('A considered comment about the council budget.');
  for (let i = 0; i < 2; i++) await post('A considered comment about the council budget.');
  // A held reply: the pending queue shows what it answers.
  await post(HELD_BODY, { parent: answered });
  const reported = await post('A considered comment someone will report.');
  const report = await h.app.inject({
    method: 'POST',
    url: `/api/v1/comments/${reported}/reports`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ reason: 'abuse' }),
  });
  assert.equal(report.statusCode, 202, report.body);
  await act(h, who, await post(HELD_BODY), 'spam');
  await act(h, who, await post('A considered comment the desk will delete.'), 'delete');

  const signIn = async (p: Page) => {
    await signInAs(p, url);
    await p.locator('li.item').first().waitFor();
  };
  const screen = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
  const queue = async (p: Page, name: string) => {
    await p
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
    await p.locator('.tab[aria-current="page"]').filter({ hasText: name }).waitFor();
    await p.locator('li.item').first().waitFor();
  };

  await t.test('axe-core: no serious or critical problem on any screen', async () => {
    // axe is injected as a script of its own: this context bypasses the CSP for that only.
    const p = await openPage(t, browser, { viewport: DESKTOP, bypassCSP: true });
    const found: Record<string, string[]> = {};
    const check = async (name: string) => {
      found[name] = await axe(p);
    };

    await p.goto(`${url}/admin`);
    await p.getByLabel('Password').fill('wrong password, shown in place');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.locator('#login-error').filter({ hasText: /./ }).waitFor();
    await check('sign-in with an error');
    await signIn(p);

    for (const q of ['Pending', 'Reported', 'Spam', 'Approved', 'Deleted']) {
      await queue(p, q);
      await p.locator('li.item').first().getByRole('checkbox').check();
      await check(`${q} queue`);
    }
    await queue(p, 'Approved');
    const first = p.locator('li.item').first();
    await first.getByRole('button', { name: 'Edit', exact: true }).click();
    await first.locator('.editor textarea').fill('');
    await first.getByRole('button', { name: 'Save' }).click();
    await first.locator('.editor .field-error').filter({ hasText: /./ }).waitFor();
    await p.locator('li.item').nth(1).getByRole('button', { name: 'Reply', exact: true }).click();
    await p.locator('li.item').nth(1).locator('.editor textarea').waitFor();
    await check('queue with the edit form (refused) and the reply form open');
    await first.getByRole('button', { name: 'Cancel' }).click();

    await screen(p, 'Search');
    await p.getByLabel('Text').fill('council');
    await p.getByRole('button', { name: 'Search', exact: true }).last().click();
    await p.locator('caption').filter({ hasText: /found/ }).waitFor();
    await check('search results');

    await screen(p, 'Bans');
    await p.getByRole('button', { name: 'Ban', exact: true }).click();
    await p.locator('#ban-value-error').filter({ hasText: /./ }).waitFor();
    await check('bans with an error');

    await screen(p, 'Stats');
    await p.locator('[data-chart="counts"] canvas').waitFor();
    await check('stats with the chart');

    await screen(p, 'Email alerts');
    await p
      .locator('#alerts-unavailable')
      .filter({ hasText: /this server sends no email/ })
      .waitFor();
    assert.equal(await p.locator('#alerts-held').isDisabled(), true, 'no choice to make without mail');
    await check('email alerts (mail not configured)');

    await screen(p, 'Audit log');
    await p.locator('.tool-box td').first().waitFor();
    await check('audit log');

    await screen(p, 'Settings');
    await p.getByLabel('Spam score that holds a comment').fill('0');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await p.locator('#setting-holdScore-error').filter({ hasText: /./ }).waitFor();
    await check('settings with an error');

    await screen(p, 'Privacy');
    await p.locator('#privacy-export-email').fill('reader1@example.com');
    await p.getByRole('form', { name: 'Export a commenter’s data' }).getByRole('button', { name: 'Export' }).click();
    await p.getByRole('link', { name: /^Download / }).waitFor();
    await p.locator('#privacy-erase-email').fill('reader1@example.com');
    await p.getByRole('button', { name: 'Erase…' }).click();
    await p.getByRole('button', { name: 'Yes, erase' }).waitFor();
    await check('privacy with an export and the erase confirmation');
    await p.getByRole('button', { name: 'Cancel' }).click();

    await screen(p, 'Moderators');
    await p.getByLabel('Email').fill('new-desk@example.com');
    await p.getByRole('button', { name: 'Add', exact: true }).click();
    await p.locator('[data-result="members"] tbody tr').filter({ hasText: 'new-desk@example.com' }).waitFor();
    await p.getByRole('button', { name: 'Remove night-desk@example.com…' }).click();
    await p.getByRole('button', { name: 'Yes, remove' }).waitFor();
    await check('moderators with someone just added and a removal to confirm');
    await p.getByRole('button', { name: 'Cancel' }).click();

    await screen(p, 'Sites');
    const form = p.getByRole('form', { name: 'Create a site' });
    await form.getByRole('button', { name: 'Create site' }).click();
    await p.locator('#new-site-name-error').filter({ hasText: /./ }).waitFor();
    await check('sites with an error');

    const problems = Object.entries(found).filter(([, v]) => v.length);
    assert.deepEqual(problems, [], problems.map(([k, v]) => `${k}:\n  ${v.join('\n  ')}`).join('\n'));
    assert.equal(Object.keys(found).length, 16, Object.keys(found).join(', '));
  });

  await t.test('on a 390×844 phone the queue works and no screen scrolls sideways', async () => {
    const p = await openPage(t, browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const overflow = () => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide: string[] = [];
    const measure = async (name: string) => {
      const by = await overflow();
      if (by > 0) wide.push(`${name}: ${by}px`);
    };
    await p.goto(`${url}/admin`);
    await measure('sign-in');
    await signIn(p);
    await measure('pending queue');
    const held = p.locator('li.item').first();
    const id = await held.getAttribute('data-id');
    await held.getByRole('button', { name: 'Approve', exact: true }).tap();
    await p.locator(`li.item[data-id="${id}"]`).waitFor({ state: 'detached' });
    await p
      .getByRole('status')
      .filter({ hasText: /^Approved the comment by Reader \d+\.$/ })
      .waitFor();
    await queue(p, 'Approved');
    await p.locator('li.item').first().getByRole('button', { name: 'Edit', exact: true }).tap();
    await p.locator('li.item').first().locator('.editor textarea').waitFor();
    await measure('approved queue with the edit form');
    for (const [name, ready] of [
      ['Search', '#search-q'],
      ['Bans', '#ban-value'],
      ['Stats', '[data-chart="counts"] canvas'],
      ['Email alerts', '#alerts-held'],
      ['Audit log', '.tool-box td'],
      ['Settings', '#setting-holdScore'],
      ['Privacy', '#privacy-export-email'],
      ['Moderators', '[data-result="members"] td'],
      ['Sites', '[data-result="sites"] td'],
      ['Webhooks', '#webhook-url'],
    ]) {
      await screen(p, name);
      await p.locator(ready).first().waitFor();
      await measure(name);
    }
    assert.deepEqual(wide, []);
  });
});
