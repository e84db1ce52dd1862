// The sites and moderators screens in Chromium (admins only): edit this site's name, origins
// and language, create a site (the picker offers it at once), refused fields shown in place;
// add someone by address (the same confirmation and row whether or not the address has an
// account; an account made later gets the site), change roles, remove someone after
// confirming, and the site's last admin kept (LAST_ADMIN in words).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAdmin } from '../../admin/build.ts';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { errorMessage, ruleMessage } from '../../src/contracts/messages.ts';
import { login } from '../helpers/admin-session.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { EMAIL, MODERATOR, openPage, PASSWORD, serveDashboard, signIn, watchProblems } from '../helpers/dashboard.ts';

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
  // Members and invited addresses alike, as the screen lists them.
  const members = async (site = h.siteId) =>
    Object.fromEntries(
      [...(await h.store.siteInvitations(site)), ...(await h.store.siteMembers(site))].map((m) => [m.email, m.role]),
    );
  // An account as `parley admin create` makes it (src/cli/admin.ts), on `site`.
  const createAccount = (email: string, site: string) =>
    new Accounts({ store: h.store, clock: h.clock }).grant(email, PASSWORD, site, 'moderator');
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

  const added = (email: string) =>
    `Added ${email} as a moderator. If the address has an account, it has access now; if not, the install’s operator creates one with parley admin create.`;

  await t.test('adding an address: the same confirmation and row whether or not it has an account', async () => {
    await screens.getByRole('button', { name: 'Moderators' }).click();
    const rows = page.locator('[data-result="members"] tbody tr');
    await rows.filter({ hasText: MODERATOR }).waitFor();
    assert.match(
      // biome-ignore lint/performance/useDomNodeTextContent: the row's cells as shown, separated by whitespace that textContent lacks
      await rows.filter({ hasText: `${EMAIL} (you)` }).innerText(),
      /desk@example\.com \(you\)\s+Admin/,
    );
    assert.equal(await page.getByLabel(/Password/).count(), 0, 'no password is chosen or shown here');
    // weekend-desk has an account (on the weekend edition); new-desk has none.
    await createAccount('weekend-desk@example.com', weekend);
    const shown: string[] = [];
    for (const email of ['weekend-desk@example.com', 'new-desk@example.com']) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Role').selectOption('moderator');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await status.filter({ hasText: added(email) }).waitFor();
      // biome-ignore lint/performance/useDomNodeTextContent: the row's cells as shown, separated by whitespace that textContent lacks
      shown.push((await rows.filter({ hasText: email }).innerText()).replace(email, 'X'));
      assert.equal((await members())[email], 'moderator');
    }
    assert.equal(shown[0], shown[1], 'the rows look the same');
    assert.equal(await canSignIn('weekend-desk@example.com', PASSWORD), true);
    assert.equal(await canSignIn('new-desk@example.com', PASSWORD), false, 'no account was made');
  });

  await t.test('an account made later for an invited address gets the site', async () => {
    // Made for the weekend edition: this site comes with the invitation.
    await createAccount('new-desk@example.com', weekend);
    const session = await login(h, 'new-desk@example.com', PASSWORD);
    assert.equal(session.res.statusCode, 200);
    assert.ok(
      session.res.json().sites.some((s: { siteId: string; role: string }) => s.siteId === h.siteId),
      'the invited site is among its sites',
    );
    assert.equal((await members())['new-desk@example.com'], 'moderator');
    assert.deepEqual(await h.store.siteInvitations(h.siteId), []);
  });

  await t.test('a refused address gets the catalog message next to its field', async () => {
    await page.getByLabel('Email').fill('second-desk at example.com');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .locator('#member-email-error')
      .filter({ hasText: ruleMessage('INVALID_EMAIL', 'Email', 'en') })
      .waitFor();
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    assert.equal((await members())['second-desk@example.com'], undefined);
    await page.getByLabel('Email').fill('second-desk@example.com');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await status.filter({ hasText: added('second-desk@example.com') }).waitFor();
    assert.equal(await page.locator('#member-email-error').textContent(), '');
    assert.equal((await members())['second-desk@example.com'], 'moderator');
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
    assert.deepEqual(await h.store.siteInvitations(h.siteId), [], 'the invitation is gone');
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
    assert.deepEqual(await modScreens.getByRole('button').allInnerTexts(), [
      'Queues',
      'Search',
      'Bans',
      'Stats',
      'Email alerts',
    ]);
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
