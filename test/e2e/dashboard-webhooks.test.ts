// The dashboard's Webhooks screen in Chromium: an admin adds an endpoint (a receiver on
// 127.0.0.1), sees its secret once, a comment posted afterwards reaches the receiver signed
// with that secret, and the delivery log shows it with the receiver's status code; axe-core
// finds nothing serious; a moderator has no Webhooks screen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
import { startReceiver, verifyParley } from '../helpers/webhook-receiver.ts';

test('the dashboard webhooks screen', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const rx = await startReceiver();
  t.after(() => rx.close());
  rx.answer = () => 202;
  const { h, url } = await serveDashboard(t, {
    env: { PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true' },
    app: { build: { webhookPollMs: 0 } },
    moderator: true,
  });
  const say = commenters(h);

  await t.test('an admin adds an endpoint, copies its secret, and sees a delivery in the log', async () => {
    const page = await openPage(t, browser, { viewport: DESKTOP, bypassCSP: true });
    const problems = watchProblems(page, [401, 422]);
    await signIn(page, url);
    await page.getByRole('navigation', { name: 'Queues' }).waitFor();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();

    // A refusal names the field, in the catalog's words.
    await page.getByLabel('Endpoint URL').fill('ftp://hooks.example/');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.locator('#webhook-url-error').filter({ hasText: 'must start with http:// or https://' }).waitFor();

    await page.getByLabel('Endpoint URL').fill(rx.url);
    await page.getByLabel('comment.held').uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.locator('[data-result="secret"]').textContent()) ?? '';
    assert.match(secret, /^whsec_/);
    await page.locator('[data-result="webhooks"]').getByText(rx.url).waitFor();
    const [hook] = await h.store.webhooks(h.siteId);
    assert.ok(!hook.events.includes('comment.held'));

    accepted(await say('A comment the newsroom’s tools hear of.'));
    const [first] = await rx.waitFor(2);
    assert.ok(verifyParley(String(first.headers['parley-signature']), first.body, secret, h.clock.now() / 1000));

    await page.getByRole('button', { name: `Deliveries: ${rx.url}` }).click();
    const log = page.locator('[data-result="deliveries"]');
    await log.getByRole('cell', { name: 'comment.published' }).waitFor();
    const rows = log.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    for (let i = 0; i < 2; i++) {
      // State, HTTP status and attempts: delivered at the first attempt, with the receiver's 202.
      const cells = await rows.nth(i).locator('td').allTextContents();
      assert.deepEqual(cells.slice(1, 4), ['delivered', '202', '1']);
    }
    assert.deepEqual(await axe(page), []);

    // The secret is not on the page once it is reloaded, nor in what the API lists.
    await page.reload();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Webhooks' }).click();
    await page.locator('[data-result="webhooks"]').getByText(rx.url).waitFor();
    assert.ok(!((await page.content()) ?? '').includes(secret));
    assert.deepEqual(problems, []);
  });

  await t.test('a moderator has no Webhooks screen', async () => {
    const page = await openPage(t, browser);
    await signIn(page, url, MODERATOR);
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Stats' }).waitFor();
    assert.equal(await screens.getByRole('button', { name: 'Webhooks' }).count(), 0);
  });
});
