// Parley for WordPress, as readers meet it: a real WordPress (Debian's package, PHP's built-in
// server, a MariaDB of the test's own) with the plugin of integrations/wordpress/parley, and a
// real Parley server. Posts show the comments Parley has for their permalink, readers post with
// the widget and without JavaScript, lists and feeds count from Parley in one request, and a page
// still renders while Parley is down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { addSite, ensureWidget, mounted, postApi } from '../helpers/widget.ts';
import { addComments, addPost, phpString, startWordPress, type WordPress } from '../helpers/wordpress.ts';

/** The plugin's settings, set directly: the settings page has its own test (wordpress-admin.test.ts). */
async function configurePlugin(wp: WordPress, settings: Record<string, string | number>): Promise<void> {
  await wp.php(
    `update_option( 'parley_settings', array_merge( parley_settings(), json_decode( ${phpString(JSON.stringify(settings))}, true ) ) );`,
  );
}

async function readerPage(browser: Browser, js: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  return page;
}

async function html(url: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

/** The front page's "N Comments" line of each post (printed by the test site's must-use plugin). */
async function frontPageCounts(wp: WordPress): Promise<Record<string, string>> {
  const { body } = await html(`${wp.url}/`);
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/<div class="test-comment-count" data-post="(\d+)">([^<]*)<\/div>/g)) out[m[1]] = m[2];
  return out;
}

/** People take a few seconds to write a comment; Parley's spam checks count faster forms against them. */
async function readerPace(shownAt: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.max(0, shownAt + 3_200 - Date.now())));
}

/** A page contains (or lacks) something; on failure says what, without printing the whole page. */
function has(body: string, pattern: RegExp, what: string, expected = true): void {
  assert.equal(pattern.test(body), expected, `${expected ? 'missing' : 'unexpected'}: ${what} (${pattern})`);
}

/** Waits out the plugin's cache (2 s in these tests) until `check` holds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 10 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('Parley for WordPress: the comment section under every post', { timeout: 180_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const wp = await startWordPress();
  if (!wp) return t.skip('WordPress not installed');
  t.after(() => wp.stop());
  const parley = await startServer();
  t.after(() => parley.stop());
  const site = await addSite(parley, wp.url);
  await configurePlugin(wp, { url: parley.url, site, cache_seconds: 2 });

  const bridge = await addPost(wp, { title: 'Harbour bridge reopens', content: 'Traffic is back on the bridge.' });
  const budget = await addPost(wp, { title: 'Council votes on the budget', content: 'The vote is on Tuesday.' });
  const trains = await addPost(wp, { title: 'Night trains return', content: 'Two lines run after midnight.' });
  // WordPress's own comments stay in WordPress: Parley's thread is what readers see.
  await addComments(wp, bridge.id, [
    {
      key: 'old',
      author: 'Old Reader',
      email: 'old@example.org',
      content: 'A WordPress comment.',
      approved: '1',
      date: '2026-01-05 10:00:00',
    },
  ]);

  const seed = async (thread: string, name: string, body: string, parent?: string) => {
    const res = await postApi(
      parley,
      {
        thread,
        name,
        email: `${name
          .split(' ')[0]
          .normalize('NFD')
          .replace(/[^a-z]/gi, '')
          .toLowerCase()}@example.org`,
        body,
        ...(parent ? { parent } : {}),
      },
      wp.url,
    );
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return String(res.json.id);
  };
  const first = await seed(budget.url, 'Ana Ruiz', 'The library budget should stay as it is.');
  await seed(budget.url, 'Ben Okafor', 'Agreed, the branch on Quay Street is always full.', first);
  await seed(budget.url, 'Chloé Martin', 'What about the ferry subsidy?');

  await t.test("a post shows Parley's thread for its permalink, rendered on the server", async () => {
    const page = await readerPage(browser, false);
    const res = await page.goto(budget.url);
    assert.equal(res?.status(), 200);
    const section = page.locator('section.parley#comments');
    assert.equal(await section.getAttribute('data-parley-thread'), budget.url);
    assert.equal(await section.locator('#parley-count').textContent(), '3 Comments');
    const bodies = await section.locator('.parley-body').allTextContents();
    assert.deepEqual(
      bodies.map((b) => b.trim()),
      [
        'The library budget should stay as it is.',
        'Agreed, the branch on Quay Street is always full.',
        'What about the ferry subsidy?',
      ],
    );
    assert.equal(
      await section.locator('.parley-children .parley-author').textContent(),
      'Ben Okafor',
      'the reply is nested',
    );
    // Links and the form lead to Parley, not to WordPress paths that do not exist.
    assert.equal(await section.locator('form.parley-form').getAttribute('action'), `${parley.url}/comments`);
    assert.equal(await section.locator('.parley-privacy a').getAttribute('href'), `${parley.url}/privacy`);
    assert.equal(await page.locator('#commentform').count(), 0, "WordPress's own form is gone");
    assert.equal(await page.locator(`link[href^="${parley.url}/static/parley.css"]`).count(), 1);
    assert.equal(await page.locator(`script[src="${parley.url}/embed.js"][async]`).count(), 1);
    await page.context().close();
  });

  await t.test('the widget takes over the same section', async () => {
    const page = await readerPage(browser, true);
    await page.goto(budget.url);
    await mounted(page, '#comments');
    const w = page.locator('.parley-widget');
    assert.equal(await w.locator('#parley-count').textContent(), '3 Comments');
    assert.equal(await w.locator('.parley-children .parley-author').first().textContent(), 'Ben Okafor');
    await page.context().close();
  });

  await t.test('a reader posts with the widget and sees the comment', async () => {
    const page = await readerPage(browser, true);
    await page.goto(trains.url);
    await mounted(page, '#comments');
    const shown = Date.now();
    const w = page.locator('.parley-widget');
    assert.equal(await w.locator('#parley-count').textContent(), '0 Comments');
    await w.getByLabel(/^Name/).fill('Dana Ilić');
    await w.getByLabel(/^Email/).fill('dana@example.org');
    await w.getByLabel(/^Comment/).fill('Finally, I can get home from the late shift.');
    await readerPace(shown);
    const [posted] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().startsWith(`${parley.url}/api/v1/comments`),
      ),
      w.getByRole('button', { name: 'Post Comment' }).click(),
    ]);
    assert.equal(posted.status(), 201, await posted.text());
    assert.equal(posted.request().postDataJSON().thread, trains.url);
    assert.equal(posted.request().postDataJSON().title, 'Night trains return', 'the thread learns the post title');
    await w.getByText('Finally, I can get home from the late shift.').waitFor();
    assert.equal(await w.locator('#parley-count').textContent(), '1 Comment');
    await page.context().close();
  });

  await t.test('a reader without JavaScript posts with the classic form', async () => {
    const page = await readerPage(browser, false);
    await page.goto(trains.url);
    const shown = Date.now();
    await page.getByLabel(/^Name\b/).fill('Eli Novak');
    await page.getByLabel(/^Email\b/).fill('eli@example.org');
    await page.getByLabel(/^Comment\b/).fill('The 01:40 from the harbour was on time tonight.');
    await readerPace(shown);
    const [post] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${parley.url}/comments`),
      page.getByRole('button', { name: 'Post Comment' }).click(),
    ]);
    assert.equal(post.status(), 303);
    await page.waitForLoadState('load');
    // Parley's own page of the thread, with the comment and the way back to the article.
    assert.ok(page.url().startsWith(`${parley.url}/comments?`), page.url());
    await page.getByText('The 01:40 from the harbour was on time tonight.').waitFor();
    assert.equal(await page.locator('.dateline a').getAttribute('href'), trains.url);
    await page.context().close();
    // Back on WordPress, once its cached copy has aged, the server-rendered section has both.
    await eventually(
      async () => (await html(trains.url)).body.includes('The 01:40 from the harbour'),
      'the post shows it',
    );
    has((await html(trains.url)).body, /<h2 id="parley-count">2 Comments<\/h2>/, 'two comments');
  });

  await t.test('lists and feeds count from Parley, in one request per page, and follow new comments', async () => {
    await new Promise((r) => setTimeout(r, 2_100));
    const before = (await wp.outgoing()).length;
    const counts = await frontPageCounts(wp);
    assert.deepEqual(counts, {
      [trains.id]: '2 Comments',
      [budget.id]: '3 Comments',
      // WordPress has one comment on it; Parley has none, and Parley is what readers see.
      [bridge.id]: 'No Comments',
    });
    const asked = (await wp.outgoing()).slice(before).filter((l) => l.includes('/api/v1/counts'));
    assert.equal(asked.length, 1, `one counts request for the page: ${asked.join('\n')}`);
    for (const p of [bridge, budget, trains]) assert.ok(asked[0].includes(encodeURIComponent(p.url)), p.url);

    await seed(budget.url, 'Femi Adeyemi', 'The ferry subsidy is in section four.');
    await eventually(async () => (await frontPageCounts(wp))[budget.id] === '4 Comments', 'the front page shows 4');
    const feed = (await html(`${wp.url}/feed/`)).body;
    const item = feed.split('<item>').find((i) => i.includes(`<link>${budget.url}</link>`)) ?? '';
    has(item, /<slash:comments>4<\/slash:comments>/, "the feed item's count");
  });

  await t.test('a block theme gets the section in place of its Comments block', async () => {
    await wp.php(`switch_theme( 'twentytwentythree' );`);
    try {
      const { status, body } = await html(budget.url);
      assert.equal(status, 200);
      has(body, /<section class="parley"[^>]*data-parley-thread="[^"]*"/, "Parley's section");
      has(body, /<h2 id="parley-count">4 Comments<\/h2>/, 'its count');
      has(body, /id="commentform"/, "WordPress's form", false);
    } finally {
      await wp.php(`switch_theme( 'twentytwentyone' );`);
    }
  });

  await t.test("WordPress's own comment form endpoint refuses posts while Parley shows the comments", async () => {
    const res = await fetch(`${wp.url}/wp-comments-post.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        comment_post_ID: String(bridge.id),
        author: 'Bot',
        email: 'bot@example.org',
        comment: 'Buy now',
      }),
      redirect: 'manual',
    });
    assert.equal(res.status, 403);
    const n = await wp.php(
      `echo get_comments( array( 'post_id' => ${bridge.id}, 'count' => true, 'status' => 'all' ) );`,
    );
    assert.equal(n, '1');
  });

  await t.test('while Parley is down, a post shows its last copy, or a link, and never a PHP error', async () => {
    const unseen = await addPost(wp, { title: 'Tide tables for May', content: 'High water at 06:12.' });
    await new Promise((r) => setTimeout(r, 2_100));
    await parley.stop();
    const cached = await html(budget.url);
    assert.equal(cached.status, 200);
    has(cached.body, /The ferry subsidy is in section four\./, 'the last copy, past its freshness');
    const fallback = await html(unseen.url);
    assert.equal(fallback.status, 200);
    const link = `${parley.url}/comments?thread=${encodeURIComponent(unseen.url)}&#038;site=${site}`;
    assert.ok(fallback.body.includes(`href="${link}"`), 'a plain link to the thread on Parley');
    assert.match(
      fallback.body,
      new RegExp(`<div id="comments" class="parley-fallback" data-parley-thread="${unseen.url}"`),
    );
    assert.ok(fallback.ms < 2_000, `a dead server is not waited for on every page (${fallback.ms} ms)`);
    const counts = await frontPageCounts(wp);
    assert.equal(counts[budget.id], '4 Comments', 'counts come from the last copy');
    assert.deepEqual(await wp.pluginErrors(), [], 'no PHP warning or notice from the plugin');
  });
});
