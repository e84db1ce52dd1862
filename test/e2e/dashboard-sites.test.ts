// The sites and moderators screens in Chromium (admins only): edit this site's name, origins
// and language, create a site (the picker offers it at once), refused fields shown in place;
// add a moderator (a new account's generated password shown once), change roles, remove
// someone after confirming, and the site's last admin kept (LAST_ADMIN in words).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAdmin } from '../../admin/build.ts';
import { errorMessage, ruleMessage } from '../../src/contracts/messages.ts';
import { login } from '../helpers/admin-session.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { EMAIL, MODERATOR, openPage, serveDashboard, signIn, watchProblems } from '../helpers/dashboard.ts';

test('the sites and moderators screens', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t, {
    env: {},
    app: { origins: ['https://news.example.com'] },
    moderator: true,
  });
  const members = async (site = h.siteId) =>
    Object.fromEntries((await h.store.siteMembers(site)).map((m) => [m.email, m.role]));
  const canSignIn = async (email: string, password: string) => (await login(h, email, password)).res.statusCode === 200;

  const page = await openPage(t, browser);
  // 401: no session yet; 409 and 422: refusals this test provokes on purpose.
  const problems = watchProblems(page, [401, 409, 422]);
  const status = page.getByRole('status');
  const screens = page.getByRole('navigation', { name: 'Screens' });
  await signIn(page, url);
  await page.getByRole('navigation', { name: 'Queues' }).waitFor();

  await t.test('the picker names sites; the sites screen lists them and edits this one', async () => {
    await page
      .locator('#site-picker')
      .locator('option')
      .filter({ hasText: 'Test news (admin)' })
      .waitFor({ state: 'attached' });
    await screens.getByRole('button', { name: 'Sites' }).click();
    const row = page.locator('[data-result="sites"] tbody tr');
    await row.first().waitFor();
    assert.match(
      // biome-ignore lint/performance/useDomNodeTextContent: the cells as shown, separated by whitespace that textContent lacks
      await row.first().innerText(),
      /Test news\s*Default\s+https:\/\/news\.example\.com\s+English\s+admin\s+This site/,
    );
    const form = page.getByRole('form', { name: 'Edit Test news' });
    assert.equal(await form.getByLabel('Name').inputValue(), 'Test news');
    await form.getByLabel('Name').fill('Test news daily');
    await form.getByLabel('Allowed origins').fill('https://news.example.com\n  https://m.news.example.com/ \n');
    await form.getByLabel('Language').selectOption('fr');
    await form.getByRole('button', { name: 'Save site' }).click();
    await status.filter({ hasText: 'Saved Test news daily.' }).waitFor();
    const site = (await h.store.getSite(h.siteId))!;
    assert.equal(site.name, 'Test news daily');
    assert.deepEqual(site.origins, ['https://news.example.com', 'https://m.news.example.com']);
    assert.equal(site.lang, 'fr');
    await page
      .locator('#site-picker')
      .locator('option')
      .filter({ hasText: 'Test news daily (admin)' })
      .waitFor({ state: 'attached' });
    await row.first().filter({ hasText: 'Français' }).waitFor();
  });

  await t.test('a refused origin gets the catalog message next to its field, and nothing is saved', async () => {
    const form = page.getByRole('form', { name: 'Edit Test news' });
    await form.getByLabel('Allowed origins').fill('news.example.com without a scheme');
    await form.getByRole('button', { name: 'Save site' }).click();
    await page
      .locator('#site-origins-error')
      .filter({ hasText: ruleMessage('INVALID_URL', 'Allowed origins', 'en') })
      .waitFor();
    assert.equal(await form.getByLabel('Allowed origins').getAttribute('aria-invalid'), 'true');
    await status.filter({ hasText: errorMessage('VALIDATION', 'en') }).waitFor();
    assert.deepEqual((await h.store.getSite(h.siteId))!.origins, [
      'https://news.example.com',
      'https://m.news.example.com',
    ]);
  });

  let weekend = '';
  await t.test(
    "creating a site: a name is required; the new site is the caller's and the picker offers it",
    async () => {
      const form = page.getByRole('form', { name: 'Create a site' });
      await form.getByRole('button', { name: 'Create site' }).click();
      await page
        .locator('#new-site-name-error')
        .filter({ hasText: ruleMessage('REQUIRED', 'Name', 'en') })
        .waitFor();
      assert.ok(
        await form.getByLabel('Name').evaluate((el) => el === document.activeElement),
        'the refused field has the focus',
      );
      await form.getByLabel('Name').fill('Weekend edition');
      await form.getByLabel('Allowed origins').fill('https://weekend.example.com');
      await form.getByRole('button', { name: 'Create site' }).click();
      await status.filter({ hasText: 'Created the site Weekend edition; you are its admin.' }).waitFor();
      assert.equal(await page.locator('#new-site-name-error').textContent(), '');
      const site = (await h.store.listSites()).find((s) => s.name === 'Weekend edition');
      assert.ok(site);
      weekend = site.id;
      assert.deepEqual(await members(weekend), { [EMAIL]: 'admin' });
      await page
        .locator('#site-picker')
        .locator(`option[value="${weekend}"]`)
        .filter({ hasText: 'Weekend edition (admin)' })
        .waitFor({ state: 'attached' });
      await page.getByRole('button', { name: 'Switch to Weekend edition' }).first().click();
      assert.equal(await page.locator('#site-picker').inputValue(), weekend);
      await page.getByRole('form', { name: 'Edit Weekend edition' }).waitFor();
      await page.locator('#site-picker').selectOption(h.siteId);
      await page.getByRole('form', { name: 'Edit Test news daily' }).waitFor();
    },
  );

  await t.test('adding a new moderator without a password shows a generated one, once', async () => {
    await screens.getByRole('button', { name: 'Moderators' }).click();
    const rows = page.locator('[data-result="members"] tbody tr');
    await rows.filter({ hasText: MODERATOR }).waitFor();
    assert.match(
      // biome-ignore lint/performance/useDomNodeTextContent: the row's cells as shown, separated by whitespace that textContent lacks
      await rows.filter({ hasText: `${EMAIL} (you)` }).innerText(),
      /desk@example\.com \(you\)\s+Admin/,
    );
    await page.getByLabel('Email').fill('new-desk@example.com');
    await page.getByLabel('Role').selectOption('moderator');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await status
      .filter({ hasText: 'Added new-desk@example.com as a moderator. Their temporary password is shown once below.' })
      .waitFor();
    const secret = (await page.locator('.secret .password').textContent()) ?? '';
    assert.ok(secret.length >= 16, secret);
    assert.ok(await page.locator('.secret').evaluate((el) => el === document.activeElement), 'the note has the focus');
    assert.equal(await canSignIn('new-desk@example.com', secret), true, "the shown password is the account's");
    assert.equal((await members())['new-desk@example.com'], 'moderator');
    await rows.filter({ hasText: 'new-desk@example.com' }).waitFor();
    await page.getByRole('button', { name: 'Done, hide it' }).click();
    assert.equal(await page.locator('.secret').count(), 0);
    await screens.getByRole('button', { name: 'Sites' }).click();
    await screens.getByRole('button', { name: 'Moderators' }).click();
    await rows.filter({ hasText: 'new-desk@example.com' }).waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'never shown again');
  });

  await t.test('a chosen password that is too short is refused next to its field', async () => {
    await page.getByLabel('Email').fill('second-desk@example.com');
    await page.getByLabel('Password (optional)').fill('short');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .locator('#member-password-error')
      .filter({ hasText: /at least 12 characters/ })
      .waitFor();
    assert.equal(await page.getByLabel('Password (optional)').getAttribute('aria-invalid'), 'true');
    assert.equal((await members())['second-desk@example.com'], undefined);
    await page.getByLabel('Password (optional)').fill('a chosen password, long enough');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await status.filter({ hasText: 'Added second-desk@example.com as a moderator.' }).waitFor();
    assert.equal(await page.locator('.secret').count(), 0, 'a chosen password is not shown back');
    assert.equal(await canSignIn('second-desk@example.com', 'a chosen password, long enough'), true);
  });

  await t.test('roles change; the last admin cannot step down', async () => {
    await page.getByRole('button', { name: `Make moderator: ${EMAIL}` }).click();
    await status.filter({ hasText: errorMessage('LAST_ADMIN', 'en') }).waitFor();
    assert.equal((await members())[EMAIL], 'admin');
    await page.getByRole('button', { name: `Make admin: ${MODERATOR}` }).click();
    await status.filter({ hasText: `${MODERATOR} is now an admin.` }).waitFor();
    await page
      .locator('[data-result="members"] tbody tr')
      .filter({ hasText: MODERATOR })
      .filter({ hasText: 'Admin' })
      .waitFor();
    assert.equal((await members())[MODERATOR], 'admin');
    await page.getByRole('button', { name: `Make moderator: ${MODERATOR}` }).click();
    await status.filter({ hasText: `${MODERATOR} is now a moderator.` }).waitFor();
    assert.equal((await members())[MODERATOR], 'moderator');
  });

  await t.test('removing someone asks first; Cancel keeps them', async () => {
    await page.getByRole('button', { name: 'Remove second-desk@example.com…' }).click();
    await page.getByText('Remove second-desk@example.com from').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.ok(
      await page
        .getByRole('button', { name: 'Remove second-desk@example.com…' })
        .evaluate((el) => el === document.activeElement),
      'the focus is back',
    );
    assert.equal((await members())['second-desk@example.com'], 'moderator');
    await page.getByRole('button', { name: 'Remove second-desk@example.com…' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await status.filter({ hasText: 'Removed second-desk@example.com from this site.' }).waitFor();
    await page
      .locator('[data-result="members"] tbody tr')
      .filter({ hasText: 'second-desk@example.com' })
      .waitFor({ state: 'detached' });
    assert.equal((await members())['second-desk@example.com'], undefined);
    // The last admin cannot leave either.
    await page.getByRole('button', { name: `Remove ${EMAIL}…` }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await status.filter({ hasText: errorMessage('LAST_ADMIN', 'en') }).waitFor();
    assert.equal((await members())[EMAIL], 'admin');
  });

  await t.test('a moderator sees neither screen, and the API refuses them', async () => {
    const p = await openPage(t, browser, {});
    await signIn(p, url, MODERATOR);
    const modScreens = p.getByRole('navigation', { name: 'Screens' });
    await modScreens.getByRole('button', { name: 'Stats' }).waitFor();
    assert.deepEqual(await modScreens.getByRole('button').allInnerTexts(), ['Queues', 'Search', 'Bans', 'Stats']);
    const refused = await p.evaluate(
      async (site) => (await fetch(`/admin/api/sites/${site}/members`)).status,
      h.siteId,
    );
    assert.equal(refused, 403);
  });

  await t.test('nothing unexpected in the console', () => {
    assert.deepEqual(problems, []);
  });
});
