// The widget's form on the demo site, in Chromium: keyboard-only posting with the focus always
// visible, the server's errors beside their fields, "remember me" on and off, and a held
// comment shown to its author only. (The thread itself, posting live and editing: widget.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import {
  ensureWidget,
  fill,
  focused,
  mounted,
  openArticle,
  readerPace,
  submit,
  WIDGET_VIEWPORT,
} from '../helpers/widget.ts';

test("the widget's form on the demo site", { timeout: 240_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  // The same pages as widget.test.ts: three comments a page, two replies.
  const server = await startServer({ env: { PARLEY_PAGE_SIZE: '3', PARLEY_REPLIES_PER_PAGE: '2' } });
  t.after(() => server.stop());

  await t.test('keyboard only: tab to the form, type, post; focus is always visible', async () => {
    const { page, w } = await openArticle(browser, server, 'rail-strike-weekend');
    await page.locator('body').focus();
    const path: string[] = [];
    for (let i = 0; i < 60 && (await focused(page)).id !== 'parley-name'; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f.tag) {
        path.push(f.id || f.tag);
        const outline = await page.evaluate(() => {
          const el = document.querySelector('#comments')!.shadowRoot!.activeElement!;
          const cs = getComputedStyle(el);
          return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
        });
        assert.ok(outline, `visible focus on ${f.tag}#${f.id}`);
      }
    }
    assert.equal((await focused(page)).id, 'parley-name', `reached the name field by Tab (${path.join(' → ')})`);
    await page.keyboard.type('Keyboard Reader');
    await page.keyboard.press('Tab');
    await page.keyboard.type('keys@example.com');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'parley-website');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Posted without touching the mouse, about the trains.');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'parley-remember');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Post Comment');
    await readerPace(page);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(res.status(), 201);
    const id = (await res.json()).id;
    await w.locator(`li#comment-${id}`).waitFor();
    assert.equal((await focused(page)).item, `comment-${id}`);
    // From the new comment, Tab reaches its Reply button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.ok(['Reply', 'Edit', 'Delete'].includes((await focused(page)).text) || (await focused(page)).tag === 'a');
    await page.context().close();
  });

  await t.test("the server's field errors are shown beside their fields", async () => {
    const { page, w } = await openArticle(browser, server, 'rail-strike-weekend');
    await fill(w, {
      name: 'Émile Zola',
      email: '',
      website: 'ftp://files.example.com',
      body: 'My address is missing.',
    });
    const res = await submit(page, w);
    assert.equal(res.status, 422);
    assert.equal(await w.locator('#parley-email-error').textContent(), 'Email is required.');
    assert.equal(
      await w.locator('#parley-website-error').textContent(),
      'The web address must start with http:// or https://.',
    );
    assert.equal(await w.locator('#parley-name-error').textContent(), '');
    assert.equal(await w.locator('#parley-email').getAttribute('aria-invalid'), 'true');
    assert.equal(await w.locator('#parley-email').getAttribute('aria-describedby'), 'parley-email-error');
    assert.equal(
      await w.locator('.parley-form-error[role="alert"]').textContent(),
      'Please correct the fields marked below.',
    );
    assert.equal((await focused(page)).id, 'parley-email', 'focus on the first field to fix');
    assert.equal(await w.getByLabel(/^Comment/).inputValue(), 'My address is missing.', 'nothing typed is lost');
    await page.context().close();
  });

  await t.test('"remember me" stores the details only when ticked, and forgets them when unticked', async () => {
    const context = await browser.newContext({ viewport: WIDGET_VIEWPORT });
    let { page, w } = await openArticle(browser, server, 'rail-strike-weekend', { context });
    assert.equal(await w.getByLabel(/Save my name, email, and website in this browser/).isChecked(), false);
    await fill(w, {
      name: 'Nina',
      email: 'nina@example.com',
      website: 'https://nina.example',
      body: 'First time here; please remember me.',
    });
    await w.getByLabel(/Save my name/).check();
    assert.equal((await submit(page, w)).status, 201);
    const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
    assert.deepEqual(JSON.parse(stored.local['parley.author']), {
      name: 'Nina',
      email: 'nina@example.com',
      website: 'https://nina.example',
    });
    assert.equal(Object.keys(stored.local).length, 1, 'nothing else in localStorage');
    assert.ok(!JSON.stringify(stored.local).includes('token'), 'no token in localStorage');
    assert.ok(stored.session['parley.own'], 'the edit token is kept for this tab only');
    assert.deepEqual(await context.cookies(), [], 'no cookies');

    await page.close();
    ({ page, w } = await openArticle(browser, server, 'rail-strike-weekend', { context }));
    assert.equal(await w.getByLabel(/^Name/).inputValue(), 'Nina');
    assert.equal(await w.getByLabel(/^Email/).inputValue(), 'nina@example.com');
    assert.equal(await w.getByLabel(/^Website/).inputValue(), 'https://nina.example');
    assert.equal(await w.getByLabel(/Save my name/).isChecked(), true);
    await w.getByLabel(/Save my name/).uncheck();
    await fill(w, { body: 'Second visit; forget me now.' });
    assert.equal((await submit(page, w)).status, 201);
    assert.equal(await page.evaluate(() => localStorage.getItem('parley.author')), null);
    await page.close();
    ({ page, w } = await openArticle(browser, server, 'rail-strike-weekend', { context }));
    assert.equal(await w.getByLabel(/^Name/).inputValue(), '');
    assert.equal(await w.getByLabel(/Save my name/).isChecked(), false);
    await context.close();
  });

  await t.test('a held comment is shown to its author only, marked awaiting moderation', async () => {
    const { page, w } = await openArticle(browser, server, 'rail-strike-weekend');
    await fill(w, {
      name: 'Lena Porter',
      email: 'links@example.com',
      body: 'Timetables: https://example.com/a and https://example.org/b',
    });
    const res = await submit(page, w);
    assert.equal(res.status, 202);
    const id = String(res.answer.id);
    const item = w.locator(`li#comment-${id}`);
    await item.waitFor();
    assert.equal(await item.locator('.parley-awaiting').textContent(), 'Your comment is awaiting moderation.');
    assert.equal((await focused(page)).item, `comment-${id}`);
    await page.waitForFunction(() =>
      /awaiting moderation/.test(
        document.querySelector('#comments')!.shadowRoot!.querySelector('[aria-live]')!.textContent ?? '',
      ),
    );
    await page.reload();
    await mounted(page, '#comments');
    assert.equal(await item.locator('.parley-awaiting').count(), 1, 'still shown to its author after a reload');
    const stranger = await openArticle(browser, server, 'rail-strike-weekend');
    assert.equal(await stranger.w.locator(`li#comment-${id}`).count(), 0, 'not shown to anyone else');
    await stranger.page.context().close();
    await page.context().close();
  });

  assert.equal(server.proc.exitCode, null, `the server died:\n${server.output().slice(-2000)}`);
});
