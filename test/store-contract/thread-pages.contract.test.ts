// Part of the storage behaviour suite: reading a thread (top-level comments in pages, replies
// per root, the whole page in one call), on every backend.
import assert from 'node:assert/strict';
import type { CommentRow } from '../../src/core/ports.ts';
import { oneSite, storeSuite } from './harness.ts';

storeSuite('thread pages', (s) => {
  s.it('top-level listing pages by id in both directions and skips unpublished comments', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/list';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = row(siteId, { status: i === 2 ? 'spam' : 'approved' });
      await store.insertComment({ comment: c, thread: thread(key) });
      if (i !== 2) ids.push(c.id);
    }
    const t = (await store.getThreadByKey(siteId, key))!;
    const first = await store.listTopLevel({ threadId: t.id, afterId: null, sort: 'oldest', limit: 2 });
    assert.deepEqual(
      first.map((c) => c.id),
      ids.slice(0, 2),
    );
    const next = await store.listTopLevel({ threadId: t.id, afterId: first[1].id, sort: 'oldest', limit: 10 });
    assert.deepEqual(
      next.map((c) => c.id),
      ids.slice(2),
    );
    const newest = await store.listTopLevel({ threadId: t.id, afterId: null, sort: 'newest', limit: 10 });
    assert.deepEqual(
      newest.map((c) => c.id),
      [...ids].reverse(),
    );
  });

  s.it('replies are listed per root with a per-root limit, in order', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/replies';
    const roots = [row(siteId), row(siteId)];
    for (const r of roots) await store.insertComment({ comment: r, thread: thread(key) });
    const replies: CommentRow[] = [];
    for (let i = 0; i < 6; i++) {
      const root = roots[i % 2];
      const c = row(siteId, { parent_id: root.id, root_id: root.id, depth: 1 });
      replies.push(c);
      await store.insertComment({ comment: c, thread: thread(key) });
    }
    const listed = await store.listReplies({ rootIds: roots.map((r) => r.id), perRoot: 2 });
    assert.equal(listed.length, 4);
    assert.deepEqual(
      listed.filter((c) => c.root_id === roots[0].id).map((c) => c.id),
      [replies[0].id, replies[2].id],
    );
    const more = await store.listMoreReplies({ rootId: roots[0].id, afterId: replies[2].id, limit: 10 });
    assert.deepEqual(
      more.map((c) => c.id),
      [replies[4].id],
    );
  });

  s.it('a thread page in one call is the thread, its top-level page and their replies', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/page';
    assert.deepEqual(await store.threadPage({ siteId, key, afterId: null, sort: 'oldest', limit: 5, perRoot: 2 }), {
      thread: undefined,
      top: [],
      hasMore: false,
      replies: [],
    });
    const roots: CommentRow[] = [];
    for (let i = 0; i < 7; i++) {
      // A spam and a pending root, and two removed ones: one above a published reply, one not.
      const status = i === 1 ? 'spam' : i === 2 ? 'pending' : 'approved';
      const c = row(siteId, {
        status,
        edited_at: i === 3 ? 1_800_000_000_500 : null,
        author_website: i === 4 ? 'https://anne.test' : null,
      });
      roots.push(c);
      await store.insertComment({ comment: c, thread: thread(key) });
    }
    const deep = (root: CommentRow, parent: CommentRow, depth: number, status: CommentRow['status'] = 'approved') =>
      row(siteId, { parent_id: parent.id, root_id: root.id, depth, status });
    for (const root of [roots[0], roots[3], roots[5], roots[6]]) {
      const a = deep(root, root, 1);
      await store.insertComment({ comment: a, thread: thread(key) });
      await store.insertComment({ comment: deep(root, a, 2), thread: thread(key) });
      await store.insertComment({
        comment: deep(root, root, 1, root === roots[6] ? 'pending' : 'approved'),
        thread: thread(key),
      });
    }
    await store.updateComment(roots[5].id, { status: 'deleted' });
    await store.updateComment(roots[4].id, { status: 'deleted' });
    const t = (await store.getThreadByKey(siteId, key))!;
    for (const sort of ['oldest', 'newest'] as const) {
      for (const limit of [1, 3, 10]) {
        for (const afterId of [null, roots[3].id]) {
          const page = await store.threadPage({ siteId, key, afterId, sort, limit, perRoot: 2 });
          const top = await store.listTopLevel({ threadId: t.id, afterId, sort, limit: limit + 1 });
          const hasMore = top.length > limit;
          if (hasMore) top.pop();
          const replies = await store.listReplies({ rootIds: top.map((c) => c.id), perRoot: 2 });
          assert.deepEqual(page, { thread: t, top, hasMore, replies }, `${sort}, limit ${limit}, after ${afterId}`);
        }
      }
    }
    const all = await store.threadPage({ siteId, key, afterId: null, sort: 'oldest', limit: 10, perRoot: 10 });
    assert.deepEqual(
      all.top.map((c) => c.id),
      [roots[0], roots[3], roots[5], roots[6]].map((c) => c.id),
    );
    assert.equal(all.replies.length, 11);
    assert.equal(all.hasMore, false);
  });
});
