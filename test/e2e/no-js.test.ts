// The comment section of the demo article with JavaScript switched off in the browser: the
// classic form posts, redirects back and shows the result, as WordPress's form does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const ARTICLE = '/news/france-russia-syria';

async function noJsPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

async function fill(page: Page, v: { name: string; email: string; body: string }): Promise<void> {
  // Labels read "Name *" etc.: the star is aria-hidden, with a screen-reader note in the form.
  await page.getByLabel(/^Name\b/).fill(v.name);
  await page.getByLabel(/^Email\b/).fill(v.email);
  await page.getByLabel(/^Comment\b/).fill(v.body);
}

/** Submits the form and waits until the browser has landed on the page the server sent. */
async function submit(page: Page): Promise<{ postStatus: number; url: URL }> {
  const [post] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/comments'),
    page.getByRole('button', { name: 'Post Comment' }).click(),
  ]);
  await page.waitForLoadState('load');
  return { postStatus: post.status(), url: new URL(page.url()) };
}

const commentId = (url: URL) => {
  const m = /^#comment-([0-9A-Za-z]+)$/.exec(url.hash);
  assert.ok(m, `no #comment-ID in ${url.href}`);
  return m[1];
};

test('the comment form works without JavaScript', { timeout: 120_000 }, async (t) => {
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const server: ServerProcess = await startServer();
  t.after(() => server.stop());
  const thread = `${server.url}${ARTICLE}`;

  await t.test('the form states the privacy notes, required fields and the privacy link', async () => {
    const page = await noJsPage(browser);
    const res = await page.goto(server.url + ARTICLE);
    assert.equal(res?.status(), 200);
    const notes = page.locator('form.parley-form .parley-notes');
    assert.match(
      (await notes.textContent()) ?? '',
      /Your email address will not be published\. Required fields are marked \*/,
    );
    for (const id of ['parley-name', 'parley-email', 'parley-body']) {
      assert.equal(await page.locator(`label[for="${id}"] .required`).textContent(), '*', `${id} is marked required`);
    }
    assert.equal(await page.locator('label[for="parley-website"] .required').count(), 0, 'website is optional');
    const privacy = page.locator('form.parley-form a[href="/privacy"]');
    assert.equal(await privacy.count(), 1);
    await privacy.click();
    await page.waitForURL(`${server.url}/privacy`);
    assert.equal(await page.locator('h1, h2').first().isVisible(), true);
    await page.context().close();
  });

  let publishedId = '';
  await t.test('a comment is published and shown at its anchor', async () => {
    const page = await noJsPage(browser);
    await page.goto(server.url + ARTICLE);
    await fill(page, {
      name: 'Claire Dubois',
      email: 'claire@example.com',
      body: 'A *careful* first comment without links.',
    });
    const { postStatus, url } = await submit(page);
    assert.equal(postStatus, 303);
    assert.equal(url.pathname, ARTICLE);
    assert.equal(url.searchParams.get('posted'), '1');
    publishedId = commentId(url);
    const item = page.locator(`#comment-${publishedId}`);
    assert.equal(await item.locator('.parley-author').textContent(), 'Claire Dubois');
    assert.equal(
      await item.locator('.parley-body').innerHTML(),
      '<p>A <em>careful</em> first comment without links.</p>\n',
    );
    assert.equal(await item.locator('.parley-awaiting').count(), 0);
    assert.equal(await page.locator('.parley-notice').textContent(), 'Your comment is published.');
    assert.equal(await page.locator('meta[name="robots"]').count(), 0, 'a public page is indexable');
    await page.context().close();
  });

  await t.test('a comment with two links is held: its author sees it, nobody else does', async () => {
    const page = await noJsPage(browser);
    await page.goto(server.url + ARTICLE);
    await fill(page, {
      name: 'Lena Porter',
      email: 'links@example.com',
      body: 'Sources: https://example.com/a and https://example.org/b',
    });
    const { postStatus, url } = await submit(page);
    assert.equal(postStatus, 303);
    assert.equal(url.pathname, ARTICLE);
    const token = url.searchParams.get('preview');
    assert.ok(token, `no preview= in ${url.href}`);
    const heldId = commentId(url);
    const item = page.locator(`#comment-${heldId}`);
    assert.equal(await item.count(), 1, 'the author sees the held comment');
    assert.equal(await item.locator('.parley-awaiting').textContent(), 'Your comment is awaiting moderation.');
    assert.equal(await page.locator('meta[name="robots"][content="noindex"]').count(), 1);
    await page.context().close();

    const stranger = await noJsPage(browser);
    const res = await stranger.goto(server.url + ARTICLE);
    assert.equal(res?.status(), 200);
    assert.equal(await stranger.locator(`#comment-${heldId}`).count(), 0, 'the held comment is not public');
    assert.equal(await stranger.locator(`#comment-${publishedId}`).count(), 1, 'the published one is');
    assert.equal(await stranger.getByText('Lena Porter').count(), 0);
    await stranger.context().close();

    const api = await fetch(`${server.url}/api/v1/threads?thread=${encodeURIComponent(thread)}`);
    assert.equal(api.status, 200);
    const json = await api.text();
    assert.ok(json.includes(publishedId), 'the API lists the published comment');
    assert.ok(!json.includes(heldId) && !json.includes('Lena Porter'), 'the API does not list the held comment');
  });

  await t.test('an empty email is refused next to its field, and the typed values are kept', async () => {
    const page = await noJsPage(browser);
    await page.goto(server.url + ARTICLE);
    await fill(page, { name: 'Émile Zola', email: '', body: 'I forgot my address.' });
    const { postStatus } = await submit(page);
    assert.equal(postStatus, 422);
    const field = page.locator('p.parley-field:has(#parley-email)');
    assert.equal(await field.locator('.parley-error').count(), 1, 'the error sits in the email field');
    const message = (await field.locator('#parley-email-error').textContent()) ?? '';
    assert.match(message, /email/i);
    assert.equal(await page.locator('#parley-email').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#parley-email').getAttribute('aria-describedby'), 'parley-email-error');
    assert.equal(await page.locator('#parley-name-error').count(), 0, 'the name is fine');
    assert.equal(await page.locator('#parley-name').inputValue(), 'Émile Zola');
    assert.equal(await page.locator('#parley-body').inputValue(), 'I forgot my address.');
    assert.equal(await page.locator('.parley-form-error[role="alert"]').count(), 1);
    assert.equal(
      await page.locator('.parley-body', { hasText: 'I forgot my address.' }).count(),
      0,
      'nothing was posted',
    );
    assert.equal(
      await page.locator('article.article h1').textContent(),
      'France, Russia team on Syrian fight',
      'the form is shown again on the article',
    );
    await page.context().close();
  });

  await t.test('a reply appears nested under its parent', async () => {
    const page = await noJsPage(browser);
    await page.goto(server.url + ARTICLE);
    await page.locator(`#comment-${publishedId} > article a.parley-reply`).click();
    await page.waitForLoadState('load');
    const replyUrl = new URL(page.url());
    assert.equal(replyUrl.searchParams.get('replyto'), publishedId);
    assert.match((await page.locator('.parley-replying').textContent()) ?? '', /Reply to Claire Dubois/);
    assert.equal(await page.locator('form.parley-form input[name="parent"]').inputValue(), publishedId);
    await fill(page, { name: 'Marc Petit', email: 'marc@example.com', body: 'Replying to Claire.' });
    const { postStatus, url } = await submit(page);
    assert.equal(postStatus, 303);
    assert.equal(url.pathname, ARTICLE);
    const replyId = commentId(url);
    const nested = page.locator(`li#comment-${publishedId} > ol.parley-children > li#comment-${replyId}`);
    assert.equal(await nested.count(), 1, 'the reply is a child of its parent');
    assert.equal(await nested.locator('.parley-body').textContent(), 'Replying to Claire.\n');
    assert.equal(await page.locator(`.parley-list > li#comment-${replyId}`).count(), 0, 'not a top-level comment');
    await page.context().close();
  });

  assert.equal(server.proc.exitCode, null, `the server died:\n${server.output().slice(-2000)}`);
});
