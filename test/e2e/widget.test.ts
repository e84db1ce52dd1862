// The widget on the demo article, in Chromium: it takes over the server-rendered section
// without moving it, pages through the thread, posts and replies (seen live on a second
// page without scrolling its reader), and edit and delete within the window. (Keyboard-only
// posting, errors beside their fields, "remember me" and a held comment: widget-form.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { ensureWidget, fill, focused, mounted, openArticle, postApi, submit } from '../helpers/widget.ts';
import { CONVERSATION } from '../../demo/conversation.ts';

// `serve --demo` opens the demo article with this conversation: its counts start there.
const DEMO_SEEDED = CONVERSATION.length;

/** Document positions of the given elements inside the widget, or in the light DOM. */
function positions(page: Page, inShadow: boolean, selectors: string[]): Promise<Record<string, number | null>> {
  return page.evaluate(
    ({ inShadow, selectors }) => {
      const host = document.querySelector('#comments')!;
      const scope: ParentNode = inShadow ? host.shadowRoot! : host;
      const out: Record<string, number | null> = {};
      for (const s of selectors) {
        const el = scope.querySelector(s);
        out[s] = el ? Math.round((el.getBoundingClientRect().top + scrollY) * 10) / 10 : null;
      }
      return out;
    },
    { inShadow, selectors },
  );
}

test('the widget on the demo article', { timeout: 240_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const server = await startServer({ env: { PARLEY_PAGE_SIZE: '3', PARLEY_REPLIES_PER_PAGE: '2' } });
  t.after(() => server.stop());

  // A thread with more than a page: five comments, three replies to the first.
  const libraries = `${server.url}/news/city-budget-libraries`;
  const seeded: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await postApi(server, {
      thread: libraries,
      name: `Reader ${i}`,
      email: `reader${i}@example.com`,
      body: `Sunday opening matters to our family, point ${i}.`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    seeded.push(String(r.json.id));
  }
  const replies: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await postApi(server, {
      thread: libraries,
      parent: seeded[0],
      name: `Replier ${i}`,
      email: `replier${i}@example.com`,
      body: `I agree with the first reader, reply ${i}.`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    replies.push(String(r.json.id));
  }

  await t.test('it takes over the server-rendered section without moving anything', async () => {
    const selectors = [
      '#parley-count',
      ...seeded.slice(0, 3).map((id) => `li#comment-${id} > article`),
      ...replies.slice(0, 2).map((id) => `li#comment-${id} > article`),
      '.parley-more-replies',
      '.parley-older',
      '#reply-title',
    ];
    const plain = await openArticle(browser, server, 'city-budget-libraries', { js: false });
    const before = await positions(plain.page, false, selectors);
    await plain.page.context().close();
    const { page, w } = await openArticle(browser, server, 'city-budget-libraries');
    const after = await positions(page, true, selectors);
    for (const s of selectors) {
      assert.ok(before[s] !== null && after[s] !== null, `${s} is on both pages`);
      assert.ok(Math.abs(before[s]! - after[s]!) <= 1, `${s} moved from ${before[s]} to ${after[s]}`);
    }
    // The server's markup stays in the page for search engines and readers without JavaScript.
    assert.equal(await page.locator('#comments > ol.parley-list > li').count(), 3);
    assert.equal(await w.locator('.parley-list > li').count(), 3);
    await page.context().close();
  });

  await t.test('"show more" and "show more replies" page through the thread', async () => {
    const { page, w } = await openArticle(browser, server, 'city-budget-libraries');
    await w.getByRole('button', { name: 'Show more replies' }).click();
    await w.locator(`li#comment-${seeded[0]} > ol > li#comment-${replies[2]}`).waitFor();
    assert.equal(await w.getByRole('button', { name: 'Show more replies' }).count(), 0, 'no more replies to show');
    assert.equal((await focused(page)).item, `comment-${replies[2]}`, 'focus on the first reply shown');
    await w.getByRole('button', { name: 'More comments' }).click();
    await w.locator(`.parley-list > li#comment-${seeded[4]}`).waitFor();
    assert.deepEqual(
      await w.locator('.parley-list > li').evaluateAll((els) => els.map((e) => e.id)),
      seeded.map((id) => `comment-${id}`),
    );
    assert.equal(await w.getByRole('button', { name: 'More comments' }).count(), 0);
    assert.equal((await focused(page)).item, `comment-${seeded[3]}`, 'focus on the first comment of the new page');
    await page.context().close();
  });

  const syria = `${server.url}/news/france-russia-syria`;
  for (let i = 0; i < 2; i++) {
    assert.equal(
      (
        await postApi(server, {
          thread: syria,
          name: `Early ${i}`,
          email: `early${i}@example.com`,
          body: `An early view on the agreement, number ${i}.`,
        })
      ).status,
      201,
    );
  }
  const author = await openArticle(browser, server, 'france-russia-syria');
  const watcher = await openArticle(browser, server, 'france-russia-syria');
  let postedId = '';
  let replyId = '';

  await t.test(
    'a comment and a reply posted through the widget appear, and a second page receives both live',
    async () => {
      // The second reader has scrolled past the list to the form: comments arriving above must
      // not push what they are looking at down the screen.
      await watcher.page.setViewportSize({ width: 1280, height: 500 });
      // Chromium would anchor the scroll position itself; switched off, the widget's own anchoring
      // (what Safari readers get) is what is tested.
      await watcher.page.evaluate(() => (document.documentElement.style.overflowAnchor = 'none'));
      await watcher.page.evaluate(() =>
        document
          .querySelector('#comments')!
          .shadowRoot!.querySelector('#reply-title')!
          .scrollIntoView({ block: 'start' }),
      );
      const formTop = () =>
        watcher.page.evaluate(
          () =>
            document.querySelector('#comments')!.shadowRoot!.querySelector('#reply-title')!.getBoundingClientRect().top,
        );
      const top0 = await formTop();

      await fill(author.w, {
        name: 'Claire Dubois',
        email: 'claire@example.com',
        body: 'The intelligence channel seems sensible to me.',
      });
      const posted = await submit(author.page, author.w);
      assert.equal(posted.status, 201, JSON.stringify(posted.answer));
      assert.match(String(posted.sent.formToken), /^f1\./, 'the form token is sent');
      assert.equal(
        posted.sent.title,
        'France, Russia team on Syrian fight',
        'the article title goes with the first comment',
      );
      postedId = String(posted.answer.id);
      const mine = author.w.locator(`.parley-list > li#comment-${postedId}`);
      await mine.waitFor();
      assert.equal(await mine.locator('.parley-author').textContent(), 'Claire Dubois');
      assert.equal(
        await mine.locator('.parley-body').innerHTML(),
        '<p>The intelligence channel seems sensible to me.</p>\n',
      );
      assert.equal((await focused(author.page)).item, `comment-${postedId}`, 'focus moves to the new comment');
      await author.page.waitForFunction(
        () =>
          document.querySelector('#comments')!.shadowRoot!.querySelector('[aria-live]')!.textContent ===
          'Your comment is published.',
      );
      assert.equal(await author.w.getByLabel(/^Comment/).inputValue(), '', 'the comment field is emptied');
      assert.equal(await author.w.locator('#parley-count').textContent(), `${DEMO_SEEDED + 3} Comments`);

      await watcher.w.locator(`.parley-list > li#comment-${postedId}`).waitFor();
      assert.equal(await watcher.w.locator('#parley-count').textContent(), `${DEMO_SEEDED + 3} Comments`);
      const top1 = await formTop();
      assert.ok(
        Math.abs(top1 - top0) <= 1,
        `the live comment did not move what the second reader looks at (${top0} → ${top1})`,
      );

      await mine.getByRole('button', { name: 'Reply: Claire Dubois' }).click();
      assert.equal(
        await author.w.locator(`li#comment-${postedId} > .parley-respond`).count(),
        1,
        'the form moves under the comment',
      );
      assert.equal((await focused(author.page)).id, 'parley-body', 'focus in the first empty field');
      assert.match((await author.w.locator('.parley-replying').textContent()) ?? '', /Reply to Claire Dubois/);
      await fill(author.w, { body: 'Answering my own point with a detail about the talks.' });
      const reply = await submit(author.page, author.w);
      assert.equal(reply.status, 201, JSON.stringify(reply.answer));
      assert.equal(reply.sent.parent, postedId);
      replyId = String(reply.answer.id);
      await author.w.locator(`li#comment-${postedId} > ol.parley-children > li#comment-${replyId}`).waitFor();
      assert.equal((await focused(author.page)).item, `comment-${replyId}`, 'focus moves to the reply');
      assert.equal(
        await author.w.locator(`li#comment-${postedId} > .parley-respond`).count(),
        0,
        'the form went back to its place',
      );

      await watcher.w.locator(`li#comment-${postedId} > ol.parley-children > li#comment-${replyId}`).waitFor();
      assert.equal(await watcher.w.locator('#parley-count').textContent(), `${DEMO_SEEDED + 4} Comments`);
      const top2 = await formTop();
      assert.ok(
        Math.abs(top2 - top0) <= 1,
        `the live reply did not move what the second reader looks at (${top0} → ${top2})`,
      );
      assert.equal(await watcher.w.getByRole('button', { name: 'Edit' }).count(), 0, 'only the author may edit');
    },
  );

  await t.test('the author edits and deletes within the edit window', async () => {
    const { page, w } = author;
    const item = w.locator(`li#comment-${replyId}`);
    await item.getByRole('button', { name: 'Edit' }).click();
    const area = w.getByLabel('Edit your comment');
    assert.equal(
      await area.inputValue(),
      'Answering my own point with a detail about the talks.',
      'the Markdown as written',
    );
    await area.fill('Answering my own point with a *corrected* detail.');
    const [patch] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PATCH'),
      w.getByRole('button', { name: 'Save' }).click(),
    ]);
    assert.equal(patch.status(), 200);
    await item.locator('.parley-body em').waitFor();
    assert.equal(
      await item.locator('.parley-body').innerHTML(),
      '<p>Answering my own point with a <em>corrected</em> detail.</p>\n',
    );
    assert.equal(await item.locator('.parley-edited').count(), 1);

    await item.getByRole('button', { name: 'Delete', exact: true }).click();
    const [del] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'DELETE'),
      item.getByRole('button', { name: 'Delete this comment' }).click(),
    ]);
    assert.equal(del.status(), 204);
    await item.waitFor({ state: 'detached' });
    assert.equal(await w.locator('#parley-count').textContent(), `${DEMO_SEEDED + 3} Comments`);
    assert.equal((await focused(page)).id, 'parley-count', 'focus on the section heading');
    const api = await (await fetch(`${server.url}/api/v1/threads?thread=${encodeURIComponent(syria)}`)).text();
    assert.ok(!api.includes(replyId), 'deleted on the server');

    // Past the window the controls are gone (the server refuses anyway).
    await page.evaluate(() => {
      const own = JSON.parse(sessionStorage.getItem('parley.own')!);
      for (const k of Object.keys(own)) own[k].until = Date.now() - 1;
      sessionStorage.setItem('parley.own', JSON.stringify(own));
    });
    await page.reload();
    await mounted(page, '#comments');
    assert.equal(await w.locator(`li#comment-${postedId}`).getByRole('button', { name: 'Edit' }).count(), 0);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('parley.own')), null, 'expired tokens are dropped');
  });
  await author.page.context().close();
  await watcher.page.context().close();

  assert.equal(server.proc.exitCode, null, `the server died:\n${server.output().slice(-2000)}`);
});
