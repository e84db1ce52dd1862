// Part of the storage behaviour suite: writing comments (a thread created by its first comment,
// duplicates, concurrent inserts, the published count through status changes) and the last
// post time flood control reads, on every backend.
import assert from 'node:assert/strict';
import { BACKENDS } from './backends.ts';
import { oneSite, storeSuite } from './harness.ts';

console.log(
  `# store contract backends: ${BACKENDS.map((b) => b.name).join(', ')} (postgres skips with a notice when unreachable outside CI)`,
);

storeSuite('comments', (s) => {
  s.it('the first comment creates its thread; the count follows published comments only', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/count';
    const a = await store.insertComment({ comment: row(siteId), thread: thread(key) });
    assert.equal(a.ok, true);
    await store.insertComment({ comment: row(siteId, { status: 'pending' }), thread: thread(key) });
    const t = await store.getThreadByKey(siteId, key);
    assert.equal(t!.comment_count, 1);
    assert.equal(t!.title, 'T');
    const counts = await store.countsByKeys(siteId, [key, 'https://x.test/none']);
    assert.equal(counts.get(key), 1);
    assert.equal(counts.has('https://x.test/none'), false);
  });

  s.it('a repeated dedupe key is reported as DUPLICATE and stores nothing', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/dup';
    const c = row(siteId, { dedupe_key: 'same' });
    assert.deepEqual((await store.insertComment({ comment: c, thread: thread(key) })).ok, true);
    const again = await store.insertComment({ comment: row(siteId, { dedupe_key: 'same' }), thread: thread(key) });
    assert.deepEqual(again, { ok: false, reason: 'DUPLICATE' });
    assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 1);
  });

  s.it('concurrent inserts all commit, each in its own unit', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/concurrent';
    const rows = Array.from({ length: 200 }, () => row(siteId));
    rows[50].dedupe_key = rows[10].dedupe_key; // one duplicate among them
    const results = await Promise.all(rows.map((c) => store.insertComment({ comment: c, thread: thread(key) })));
    assert.equal(results.filter((r) => r.ok).length, 199);
    assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 199);
  });

  s.it('status changes keep the published count right; deletion frees the dedupe key', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/status';
    const c = row(siteId, { dedupe_key: 'status-key' });
    await store.insertComment({ comment: c, thread: thread(key) });
    await store.updateComment(c.id, { status: 'spam' });
    assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 0);
    await store.updateComment(c.id, { status: 'approved' });
    assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 1);
    const deleted = await store.updateComment(c.id, { status: 'deleted' });
    assert.equal(deleted!.status, 'deleted');
    assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 0);
    const again = await store.insertComment({
      comment: row(siteId, { dedupe_key: 'status-key' }),
      thread: thread(key),
    });
    assert.equal(again.ok, true);
  });

  s.it('lastPostTime finds the latest comment by IP hash or by email since a time', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = 'https://x.test/flood';
    await store.insertComment({
      comment: row(siteId, { ip_hash: 'net-1', author_email: 'f1@example.com', created_at: 1_900_000_000_000 }),
      thread: thread(key),
    });
    assert.equal(await store.lastPostTime(siteId, 'net-1', 'other@example.com', 1_899_999_999_000), 1_900_000_000_000);
    assert.equal(await store.lastPostTime(siteId, 'net-2', 'f1@example.com', 1_899_999_999_000), 1_900_000_000_000);
    assert.equal(await store.lastPostTime(siteId, 'net-2', 'f2@example.com', 1_899_999_999_000), null);
    assert.equal(await store.lastPostTime(siteId, 'net-1', 'f1@example.com', 1_900_000_000_001), null);
  });
});
