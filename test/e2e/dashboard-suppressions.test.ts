// The refused addresses on the dashboard's Email alerts screen, in Chromium: a moderator sees
// the addresses mail servers refused for good, with the refusal, clears one (the list and the
// store both lose it, the other stays, the audit log names the moderator but not the address);
// axe-core finds nothing serious.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAdmin } from '../../admin/build.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { axe, DESKTOP, MODERATOR, openPage, serveDashboard, signIn, watchProblems } from '../helpers/dashboard.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { mailEnv } from '../mail/mail-flow.ts';

test('the dashboard lists refused addresses and clears one', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const smtp = await startSmtp();
  t.after(() => smtp.close());
  const { h, url } = await serveDashboard(t, {
    env: { PARLEY_FLOOD_SECONDS: '0', ...mailEnv(smtp.url) },
    app: { build: { mailPollMs: 0 } },
    moderator: true,
  });
  for (const [email, reason] of [
    ['gone@example.org', '550 5.1.1 mailbox unavailable'],
    ['full@example.net', '552 5.2.2 mailbox full'],
  ])
    await h.store.addMailSuppression({
      id: `${h.siteId}:${email}`,
      site_id: h.siteId,
      email,
      reason,
      created_at: h.clock.now(),
    });

  const page = await openPage(t, browser, { viewport: DESKTOP, bypassCSP: true });
  const problems = watchProblems(page, [401]);
  await signIn(page, url, MODERATOR);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Email alerts' }).click();
  const list = page.locator('[data-result="suppressions"]');
  await list.getByRole('cell', { name: 'gone@example.org', exact: true }).waitFor();
  const rows = list.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  const cells = await rows.filter({ hasText: 'gone@example.org' }).locator('td').allTextContents();
  assert.equal(cells[1], '550 5.1.1 mailbox unavailable');
  assert.deepEqual(await axe(page), []);

  await list.getByRole('button', { name: 'Clear gone@example.org' }).click();
  await page.getByRole('status').filter({ hasText: 'Cleared: mail may be sent to gone@example.org again.' }).waitFor();
  await list.getByRole('cell', { name: 'gone@example.org', exact: true }).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 1);
  assert.equal(await h.store.isMailSuppressed(h.siteId, 'gone@example.org'), false);
  assert.equal(await h.store.isMailSuppressed(h.siteId, 'full@example.net'), true);
  const audit = (await h.store.listAudit(h.siteId, null, 50)).filter((a) => a.action === 'mail.unsuppress');
  assert.equal(audit.length, 1);
  assert.match(audit[0].actor, /night-desk@example\.com/);
  assert.ok(!JSON.stringify(audit).includes('gone@example.org'), 'the address is not in the audit log');

  await list.getByRole('button', { name: 'Clear full@example.net' }).click();
  await list.getByText('Refused addresses: none.').waitFor();
  assert.deepEqual(problems, []);
});
