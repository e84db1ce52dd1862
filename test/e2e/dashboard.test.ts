// The moderation dashboard in Chromium, against a server started in this process: the shell's
// headers, sign-in with the catalog's error, held comments in the pending queue, approve by
// button, spam by keyboard, bulk approve, a comment arriving live, closing and reopening its
// thread, search, bans, stats, the audit log, privacy export and erasure (admins only: a
// moderator sees neither it nor the settings), and sign-out. Other files: site settings
// (dashboard-settings), the stats charts (dashboard-stats), editing, replying and pinning
// (dashboard-comments), sites and moderators (dashboard-sites), the live stream
// (dashboard-live), axe-core on every screen and a phone (dashboard-a11y).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildAdmin } from '../../admin/build.ts';
import { errorMessage, ruleMessage } from '../../src/contracts/messages.ts';
import { DASHBOARD_CSP } from '../../src/server/routes/admin/dashboard.routes.ts';
import { ARTICLE } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import {
  EMAIL,
  HELD_BODY,
  MODERATOR,
  PASSWORD,
  commenters,
  openPage,
  postComment,
  serveDashboard,
  signIn,
  watchProblems,
} from '../helpers/dashboard.ts';

test('the moderation dashboard', { timeout: 240_000 }, async (t) => {
  await buildAdmin();
  const browser: Browser | null = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t, { moderator: true });

  const say = commenters(h);
  // The site learns from the spam decision below: later comments say something else.
  const hold = async (body = HELD_BODY): Promise<string> => {
    const res = await say((n) => `${body} (${n})`);
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().status, 'held');
    return res.json().id as string;
  };
  const publicThread = async () => {
    const res = await fetch(`${url}/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}`);
    return (await res.json()) as {
      thread: { closed: boolean };
      comments: { id: string; author: { name: string } | null }[];
    };
  };
  const published = async (): Promise<string[]> => (await publicThread()).comments.map((c) => c.id);

  await t.test('GET /admin answers the shell with a strict CSP, never cached, and the hashed bundle', async () => {
    const res = await fetch(`${url}/admin`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), DASHBOARD_CSP);
    assert.match(DASHBOARD_CSP, /default-src 'none'; script-src 'self'; style-src 'self'/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /src="\/admin\/app\.[0-9a-f]{12}\.js"/, 'no inline script');
    const js = await fetch(`${url}${scripts[0].match(/src="([^"]+)"/)![1]}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('cache-control')!, /immutable/);
    await js.arrayBuffer();
    const css = html.match(/href="(\/admin\/app\.[0-9a-f]{12}\.css)"/);
    assert.ok(css, 'the stylesheet is linked');
    assert.match((await fetch(`${url}${css[1]}`)).headers.get('content-type')!, /^text\/css/);
    const missing = await fetch(`${url}/admin/app.000000000000.js`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });

  const c1 = await hold();
  const c2 = await hold();
  const c3 = await hold();
  const c4 = await hold();

  const page = await openPage(t, browser);
  // The browser logs the answers this test provokes on purpose (no session yet, a wrong
  // password, a bad ban); anything else is a problem.
  const problems = watchProblems(page, [401, 422]);
  const item = (id: string) => page.locator(`li.item[data-id="${id}"]`);

  await t.test('a wrong password shows the catalog message; the right one shows the queues', async () => {
    await signIn(page, url, EMAIL, 'not the password at all');
    await page
      .locator('#login-error')
      .filter({ hasText: errorMessage('LOGIN_FAILED', 'en') })
      .waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Queues' }).waitFor();
    await page.locator('[data-count="pending"]').filter({ hasText: '4' }).waitFor();
  });

  await t.test('a held comment is in pending with its details; approving it publishes it', async () => {
    await item(c1).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the details must be shown on the item, not merely present in the DOM
    const text = await item(c1).innerText();
    for (const part of ['Reader 1', 'reader1@example.com', 'IP hash', 'Spam score', 'History', 'a.example/report'])
      assert.ok(text.includes(part), `${part} in ${text}`);
    assert.equal((await published()).includes(c1), false);
    await item(c1).getByRole('button', { name: 'Approve', exact: true }).click();
    await item(c1).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Approved the comment by Reader 1.' }).waitFor();
    assert.ok((await published()).includes(c1), 'the approved comment is in the public thread');
    await page.locator('[data-count="pending"]').filter({ hasText: '3' }).waitFor();
  });

  await t.test('the s shortcut marks the focused comment as spam', async () => {
    await item(c2).locator('.body').click();
    await page.keyboard.press('s');
    await item(c2).waitFor({ state: 'detached' });
    await page.locator('[data-count="spam"]').filter({ hasText: '1' }).waitFor();
    assert.equal((await published()).includes(c2), false);
  });

  await t.test('bulk approve of two selected comments publishes both', async () => {
    await item(c3).getByRole('checkbox').check();
    // x selects the focused comment, like a click on its box.
    await item(c4).locator('.body').click();
    await page.keyboard.press('x');
    await page.locator('.selected-count').filter({ hasText: '2 selected' }).waitFor();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await item(c3).waitFor({ state: 'detached' });
    await item(c4).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Approved 2 comments.' }).waitFor();
    const ids = await published();
    assert.ok(ids.includes(c3) && ids.includes(c4));
  });

  let c5 = '';
  await t.test('a new comment arrives in the open queue without a reload', async () => {
    // A published one, in the approved queue: held ones are in dashboard-live.test.ts.
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: /^Approved/ })
      .click();
    await item(c3).waitFor();
    const res = await say('A considered comment on the council minutes, without links.');
    assert.equal(res.json().status, 'published', res.body);
    c5 = res.json().id;
    await item(c5).waitFor({ timeout: 5_000 });
  });

  await t.test('"Close thread" on a comment closes its article to new comments; "Reopen thread" opens it', async () => {
    assert.equal((await publicThread()).thread.closed, false);
    await item(c5).getByRole('button', { name: 'Close thread' }).click();
    await item(c5).getByRole('button', { name: 'Reopen thread' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Closed the thread on .+ to new comments\.$/ })
      .waitFor();
    assert.equal((await publicThread()).thread.closed, true);
    const refused = await postComment(h, '198.51.100.200', {
      name: 'Late Reader',
      email: 'late@example.com',
      body: 'Is this thread still open for comments at all?',
    });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'THREAD_CLOSED');
    await item(c5).getByRole('button', { name: 'Reopen thread' }).click();
    await item(c5).getByRole('button', { name: 'Close thread' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Reopened the thread on .+\.$/ })
      .waitFor();
    assert.equal((await publicThread()).thread.closed, false);
  });

  await t.test('one column on a phone: nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `overflows by ${overflow}px`);
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  await t.test('search, bans, stats and the audit log', async () => {
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel('Email', { exact: true }).fill('reader3@example.com');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.locator('caption').filter({ hasText: '1 comment found' }).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the results table as shown, not its hidden text
    assert.ok((await page.locator('.tool-box table').innerText()).includes('Reader 3'));

    await screens.getByRole('button', { name: 'Bans' }).click();
    await page.getByLabel('Value').fill('troll@example.net');
    await page.getByLabel('Reason').fill('abuse');
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page.getByRole('button', { name: 'Lift the ban on troll@example.net' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Banned troll@example.net.' }).waitFor();
    // A bad value: the catalog's rule message in place.
    await page.getByLabel('Ban by').selectOption('domain');
    await page.getByLabel('Value').fill('not a domain');
    await page.getByRole('button', { name: 'Ban', exact: true }).click();
    await page
      .locator('#ban-value-error')
      .filter({ hasText: /invalid value/ })
      .waitFor();
    await page.getByRole('button', { name: 'Lift the ban on troll@example.net' }).click();
    await page.getByRole('button', { name: 'Lift the ban on troll@example.net' }).waitFor({ state: 'detached' });

    await screens.getByRole('button', { name: 'Stats' }).click();
    await page.locator('caption').filter({ hasText: 'Comments per day' }).waitFor();
    await screens.getByRole('button', { name: 'Audit log' }).click();
    await page.locator('.tool-box td').filter({ hasText: 'comment.approve' }).first().waitFor();

    await screens.getByRole('button', { name: 'Queues' }).click();
    await page.locator('li.item').first().waitFor();
  });

  await t.test("privacy: export a commenter's data as a JSON download, then erase them after confirming", async () => {
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Privacy' }).click();
    await page.getByRole('form', { name: 'Export a commenter’s data' }).getByRole('button', { name: 'Export' }).click();
    await page
      .locator('#privacy-export-email-error')
      .filter({ hasText: ruleMessage('REQUIRED', 'Email', 'en') })
      .waitFor();

    await page.locator('#privacy-export-email').fill('reader1@example.com');
    await page.getByRole('form', { name: 'Export a commenter’s data' }).getByRole('button', { name: 'Export' }).click();
    await page.locator('caption').filter({ hasText: 'Comments by reader1@example.com' }).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the export table as shown, not its hidden text
    assert.ok((await page.locator('[data-result="export"] table').innerText()).includes(`${HELD_BODY} (1)`));
    assert.equal(await page.locator('#privacy-export-email-error').textContent(), '');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download parley-.+\.json$/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^parley-.+reader1@example\.com\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      email: string;
      comments: { id: string; body: string }[];
    };
    assert.equal(exported.email, 'reader1@example.com');
    assert.deepEqual(
      exported.comments.map((c) => c.id),
      [c1],
    );

    const author = async () => (await publicThread()).comments.find((c) => c.id === c1)?.author?.name;
    assert.equal(await author(), 'Reader 1');
    await page.locator('#privacy-erase-email').fill('reader1@example.com');
    await page.getByRole('button', { name: 'Erase…' }).click();
    // Nothing happens before the confirmation: cancel keeps everything.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('status').filter({ hasText: 'Erasure cancelled.' }).waitFor();
    assert.equal(await author(), 'Reader 1');
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByText('Erase everything stored about reader1@example.com').waitFor();
    await page.getByRole('button', { name: 'Yes, erase' }).click();
    await page.locator('caption').filter({ hasText: 'Erased reader1@example.com' }).waitFor();
    const counts = await page.locator('[data-result="erase"] tbody tr').allInnerTexts();
    assert.ok(
      counts.some((r) => /Comments anonymized\s+1/.test(r)),
      counts.join(' | '),
    );
    await page.getByRole('status').filter({ hasText: 'Erased reader1@example.com: 1 comment anonymized.' }).waitFor();
    assert.equal(await author(), 'Anonymous');
    assert.ok((await published()).includes(c1), 'the text is kept without "delete text"');

    await screens.getByRole('button', { name: 'Queues' }).click();
    await page.locator('li.item').first().waitFor();
  });

  await t.test('a moderator sees neither the settings nor the privacy screen', async () => {
    const p = await openPage(t, browser);
    await signIn(p, url, MODERATOR);
    const screens = p.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Bans' }).waitFor();
    assert.deepEqual(await screens.getByRole('button').allInnerTexts(), [
      'Queues',
      'Search',
      'Bans',
      'Stats',
      'Email alerts',
    ]);
    const status = await p.evaluate(
      async (site) => (await fetch(`/admin/api/sites/${site}/settings`)).status,
      h.siteId,
    );
    assert.equal(status, 403, 'the API refuses a moderator too');
  });

  await t.test('signing out returns to the sign-in form, and the session is gone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(problems, []);
  });
});
