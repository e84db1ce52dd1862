// A moderator's own words on a comment, in Chromium: edit its text inline (shown "edited by a
// moderator", never parsed as HTML, the draft kept across a live redraw of the queue), reply
// under their name with a Moderator badge, and pin or unpin top-level comments (three per
// article at most; a comment that is no longer published cannot be pinned).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAdmin } from '../../admin/build.ts';
import { errorMessage, ruleMessage } from '../../src/contracts/messages.ts';
import type { PublicComment } from '../../src/contracts/api.ts';
import { ARTICLE } from '../helpers/app.ts';
import { login } from '../helpers/admin-session.ts';
import { launchBrowser } from '../helpers/browser.ts';
import {
  EMAIL,
  HELD_BODY,
  PASSWORD,
  accepted,
  act,
  commenters,
  openPage,
  serveDashboard,
  signIn,
  watchProblems,
} from '../helpers/dashboard.ts';

test('moderators edit, reply to and pin comments from the queue', { timeout: 120_000 }, async (t) => {
  await buildAdmin();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const { h, url } = await serveDashboard(t);

  const say = commenters(h);
  const post = async (body: string, extra: Record<string, unknown> = {}): Promise<string> =>
    accepted(await say(body, { extra }));
  const thread = async () => {
    const res = await fetch(`${url}/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}`);
    return ((await res.json()) as { comments: PublicComment[] }).comments;
  };
  const findPublic = (list: PublicComment[], id: string): PublicComment | undefined => {
    for (const c of list) {
      if (c.id === id) return c;
      const r = findPublic(c.replies, id);
      if (r) return r;
    }
    return undefined;
  };

  // Oldest first: the queue shows the newest first.
  const top: string[] = [];
  for (let i = 0; i < 5; i++) top.push(await post(`A considered comment number ${i + 1} about the council budget.`));
  const reply = await post('A considered reply to the first comment.', { parent: top[0] });
  const held = await post(HELD_BODY);

  // The reply context: a published comment with markup in its text (shown as text above a held
  // reply to it), and a held reply whose parent is deleted by the time the desk looks.
  const markup = await post('Read the <b>x</b> report & the minutes before replying, please.');
  const heldReply = await post(HELD_BODY, { parent: markup });
  const gone = await post('A considered comment the desk will delete.');
  const orphan = await post(HELD_BODY, { parent: gone });
  await act(h, await login(h, EMAIL, PASSWORD), gone, 'delete');

  const page = await openPage(t, browser);
  // 401: no session yet; 409 and 422: refusals this test provokes on purpose.
  const problems = watchProblems(page, [401, 409, 422]);
  const item = (id: string) => page.locator(`li.item[data-id="${id}"]`);
  const status = page.getByRole('status');

  await signIn(page, url);
  await item(held).waitFor();

  await t.test(
    "a held reply shows what it answers: the parent's author and text, markup as text; marked when the parent is not published",
    async () => {
      const quote = item(heldReply).locator('blockquote.parent');
      assert.equal(await quote.locator('.parent-by').textContent(), 'In reply to Reader 8:');
      assert.equal(
        await quote.locator('.parent-body').textContent(),
        'Read the <b>x</b> report & the minutes before replying, please.',
      );
      assert.equal(await quote.locator('b').count(), 0, 'the markup is shown, not parsed');
      assert.equal(await quote.locator('[data-badge]').count(), 0, 'a published parent is not marked');
      // Above the reply's own text.
      assert.equal(await item(heldReply).locator('blockquote.parent + p.body').textContent(), HELD_BODY);
      assert.equal(await item(held).locator('blockquote.parent').count(), 0, 'a top-level comment has no parent');

      const orphaned = item(orphan).locator('blockquote.parent');
      await orphaned
        .locator('[data-badge="parent-unpublished"]')
        .filter({ hasText: 'deleted, not published' })
        .waitFor();
      assert.equal(await orphaned.locator('.parent-by').textContent(), 'In reply to Reader 10: deleted, not published');
      assert.equal(await orphaned.locator('.parent-body').textContent(), 'A considered comment the desk will delete.');
    },
  );

  await t.test('a held comment can be edited but not replied to or pinned', async () => {
    await item(held).getByRole('button', { name: 'Edit', exact: true }).waitFor();
    assert.equal(await item(held).getByRole('button', { name: 'Reply', exact: true }).count(), 0);
    assert.equal(await item(held).getByRole('button', { name: 'Pin', exact: true }).count(), 0);
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: /^Approved/ })
      .click();
    await item(top[0]).waitFor();
  });

  await t.test('Edit opens the text in place; Cancel (or Escape) closes it and changes nothing', async () => {
    await item(top[0]).getByRole('button', { name: 'Edit', exact: true }).click();
    const area = item(top[0]).getByRole('textbox', { name: 'Edit the comment by Reader 1' });
    assert.equal(await area.inputValue(), 'A considered comment number 1 about the council budget.');
    assert.ok(await area.evaluate((el) => el === document.activeElement), 'the text has the focus');
    assert.equal(
      await item(top[0]).getByRole('button', { name: 'Edit', exact: true }).getAttribute('aria-expanded'),
      'true',
    );
    await area.fill('Something else entirely');
    await item(top[0]).getByRole('button', { name: 'Cancel' }).click();
    await area.waitFor({ state: 'detached' });
    assert.ok(
      await item(top[0])
        .getByRole('button', { name: 'Edit', exact: true })
        .evaluate((el) => el === document.activeElement),
      'the focus is back on Edit',
    );
    await item(top[0]).getByRole('button', { name: 'Edit', exact: true }).click();
    assert.equal(
      await area.inputValue(),
      'A considered comment number 1 about the council budget.',
      'a cancelled draft is dropped',
    );
    await page.keyboard.press('Escape');
    await area.waitFor({ state: 'detached' });
    assert.equal(findPublic(await thread(), top[0])?.editedByModerator, undefined);
  });

  await t.test('an empty text is refused with the catalog message next to the field', async () => {
    await item(top[0]).getByRole('button', { name: 'Edit', exact: true }).click();
    const area = item(top[0]).getByRole('textbox', { name: 'Edit the comment by Reader 1' });
    await area.fill('   ');
    await item(top[0]).getByRole('button', { name: 'Save' }).click();
    await item(top[0])
      .locator('.editor .field-error')
      .filter({ hasText: ruleMessage('REQUIRED', 'body', 'en') })
      .waitFor();
    assert.equal(await area.getAttribute('aria-invalid'), 'true');
    assert.match(findPublic(await thread(), top[0])?.html ?? '', /number 1 about the council budget/);
  });

  await t.test(
    'Save stores the edit: the text changes everywhere, marked as edited by a moderator, and markup stays text',
    async () => {
      const area = item(top[0]).getByRole('textbox', { name: 'Edit the comment by Reader 1' });
      const edited = 'Edited by the desk: <img src=x onerror="document.title=\'owned\'"> keep it civil.';
      await area.fill(edited);
      await item(top[0]).getByRole('button', { name: 'Save' }).click();
      await status.filter({ hasText: 'Saved your edit to the comment by Reader 1.' }).waitFor();
      await area.waitFor({ state: 'detached' });
      assert.equal(await item(top[0]).locator('.body').textContent(), edited);
      assert.equal(await item(top[0]).locator('img').count(), 0, 'the markup is shown, not parsed');
      await item(top[0]).locator('[data-badge="edited"]').filter({ hasText: 'Edited by a moderator' }).waitFor();
      const pub = findPublic(await thread(), top[0])!;
      assert.equal(pub.editedByModerator, true);
      assert.ok(pub.html?.includes('keep it civil'));
      assert.notEqual(await page.title(), 'owned');
    },
  );

  await t.test('a draft survives the queue being redrawn by a live update', async () => {
    await item(top[1]).getByRole('button', { name: 'Edit', exact: true }).click();
    const area = item(top[1]).getByRole('textbox', { name: 'Edit the comment by Reader 2' });
    await area.fill('A half-written correction');
    // A new published comment changes the approved count: the stream makes the queue reload.
    const fresh = await post('A considered comment that arrives while the desk is typing.');
    await item(fresh).waitFor();
    assert.equal(await area.inputValue(), 'A half-written correction');
    assert.ok(await area.evaluate((el) => el === document.activeElement), 'the focus stays in the text');
    await page.keyboard.type(', finished.');
    assert.equal(await area.inputValue(), 'A half-written correction, finished.', 'typing goes on where it was');
    await item(top[1]).getByRole('button', { name: 'Cancel' }).click();
  });

  let mine = '';
  await t.test("Reply publishes the moderator's reply at once, with a Moderator badge", async () => {
    await item(top[2]).getByRole('button', { name: 'Reply', exact: true }).click();
    const area = item(top[2]).getByRole('textbox', { name: 'Reply to Reader 3' });
    assert.equal(await area.inputValue(), '');
    await area.fill('Thanks, the figures are now corrected in the article.');
    await item(top[2]).getByRole('button', { name: 'Send reply' }).click();
    await status.filter({ hasText: 'Replied to Reader 3; the reply is published.' }).waitFor();
    await area.waitFor({ state: 'detached' });
    const parent = findPublic(await thread(), top[2])!;
    const answer = parent.replies.find((r) => r.moderator);
    assert.ok(answer, JSON.stringify(parent));
    assert.match(answer.html ?? '', /figures are now corrected/);
    assert.equal(answer.author?.name, 'desk');
    mine = answer.id;
    // The reply joins the approved queue, with its badge.
    await item(mine).locator('[data-badge="moderator"]').filter({ hasText: 'Moderator' }).waitFor();
  });

  await t.test(
    'Pin and Unpin on top-level comments; a fourth pin in a thread is refused with the catalog message',
    async () => {
      assert.equal(
        await item(reply).getByRole('button', { name: 'Pin', exact: true }).count(),
        0,
        'a reply cannot be pinned',
      );
      assert.equal(
        await item(mine).getByRole('button', { name: 'Pin', exact: true }).count(),
        0,
        "nor can the moderator's reply",
      );
      for (const [i, id] of [top[0], top[1], top[2]].entries()) {
        await item(id).getByRole('button', { name: 'Pin', exact: true }).click();
        await item(id).getByRole('button', { name: 'Unpin', exact: true }).waitFor();
        await item(id).locator('[data-badge="pinned"]').waitFor();
        await status.filter({ hasText: `Pinned the comment by Reader ${i + 1}.` }).waitFor();
      }
      const pinned = (await thread()).filter((c) => c.pinned).map((c) => c.id);
      assert.deepEqual(new Set(pinned), new Set([top[0], top[1], top[2]]));
      await item(top[3]).getByRole('button', { name: 'Pin', exact: true }).click();
      await status.filter({ hasText: errorMessage('PIN_LIMIT', 'en') }).waitFor();
      assert.equal(await item(top[3]).getByRole('button', { name: 'Pin', exact: true }).count(), 1, 'still not pinned');
      assert.equal(findPublic(await thread(), top[3])?.pinned, undefined);

      await item(top[1]).getByRole('button', { name: 'Unpin', exact: true }).click();
      await item(top[1]).getByRole('button', { name: 'Pin', exact: true }).waitFor();
      await status.filter({ hasText: 'Unpinned the comment by Reader 2.' }).waitFor();
      assert.equal(await item(top[1]).locator('[data-badge="pinned"]').count(), 0);
      await item(top[3]).getByRole('button', { name: 'Pin', exact: true }).click();
      await item(top[3]).getByRole('button', { name: 'Unpin', exact: true }).waitFor();
      assert.equal(findPublic(await thread(), top[3])?.pinned, true);
    },
  );

  await t.test('a comment removed meanwhile by someone else cannot be pinned: NOT_PINNABLE in words', async () => {
    // A second desk whose queue has not heard of the removal yet: its live stream is cut.
    const p = await openPage(t, browser);
    await p.route('**/events', (route) => route.abort());
    await signIn(p, url);
    await p
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('button', { name: /^Approved/ })
      .click();
    const target = p.locator(`li.item[data-id="${top[4]}"]`);
    await target.getByRole('button', { name: 'Pin', exact: true }).waitFor();
    await item(top[4]).getByRole('button', { name: 'Delete', exact: true }).click();
    await item(top[4]).waitFor({ state: 'detached' });
    await target.getByRole('button', { name: 'Pin', exact: true }).click();
    await p
      .getByRole('status')
      .filter({ hasText: errorMessage('NOT_PINNABLE', 'en') })
      .waitFor();
  });

  await t.test('nothing unexpected in the console', () => {
    assert.deepEqual(problems, []);
  });
});
