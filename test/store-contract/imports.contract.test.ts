// Part of the storage behaviour suite: an import's batch written in one unit with the source ids
// it came from, the keyed lookups, replies waiting for a parent and their linking, comments and
// erasure by author key, and held comments counted from their import by the purge, on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { CommentRow, ImportBatch } from '../../src/core/ports.ts';
import { oneSite, storeSuite } from './harness.ts';

storeSuite('imports', (s) => {
  /** A batch of one new thread and the given rows (ids and thread filled in), from the 'test' format. */
  const batch = (
    siteId: string,
    threadId: string,
    key: string,
    rows: { key: string; row: CommentRow; pending?: string }[],
    withThread = true,
  ): ImportBatch => ({
    siteId,
    format: 'test',
    at: 5_000,
    threads: withThread
      ? [{ sourceKey: `src-${key}`, thread: { id: threadId, siteId, key, url: key, title: 'T', createdAt: 1_000 } }]
      : [],
    comments: rows.map((r) => ({
      sourceKey: r.key,
      row: { ...r.row, thread_id: threadId, dedupe_key: null },
      pendingParent: r.pending ?? null,
    })),
  });

  s.it(
    'a batch writes threads, comments, their source ids and the published count; lookups find them by key',
    async () => {
      const { store, siteId, row } = await oneSite(s);
      const threadId = newId();
      const a = row(siteId, { imported_at: 5_000, author_key: 'test:ann' });
      const b = row(siteId, { status: 'pending', parent_id: a.id, root_id: a.id, depth: 1 });
      await store.writeImportBatch(
        batch(siteId, threadId, 'https://x.test/imp', [
          { key: 'a', row: a },
          { key: 'b', row: b },
        ]),
      );
      const thread = await store.getThreadByKey(siteId, 'https://x.test/imp');
      assert.deepEqual([thread?.id, thread?.comment_count, thread?.title], [threadId, 1, 'T']);
      const stored = await store.getComment(a.id);
      assert.deepEqual([stored?.imported_at, stored?.author_key, stored?.thread_id], [5_000, 'test:ann', threadId]);
      const found = await store.importLookup({
        siteId,
        format: 'test',
        threadKeys: ['https://x.test/imp', 'https://x.test/none'],
        commentKeys: ['a', 'b', 'zz'],
      });
      assert.deepEqual([...found.threads], [['https://x.test/imp', threadId]]);
      assert.deepEqual(found.comments.get('b'), { id: b.id, threadId, rootId: a.id, depth: 1 });
      assert.equal(found.comments.has('zz'), false);
      // Another format's ids are another namespace.
      const other = await store.importLookup({ siteId, format: 'other', threadKeys: [], commentKeys: ['a'] });
      assert.equal(other.comments.size, 0);
    },
  );

  s.it('with comments stored, no backend sets the indexes aside; building them again is always safe', async () => {
    const { store, siteId, row } = await oneSite(s);
    const threadId = newId();
    const a = row(siteId);
    await store.writeImportBatch(batch(siteId, threadId, 'https://x.test/aside', [{ key: 'aside', row: a }]));
    // (An empty table, where SQLite does set them aside: test/import/deferred-indexes.test.ts.)
    assert.equal(await store.setAsideImportIndexes(siteId), false);
    await store.restoreImportIndexes();
    await store.restoreImportIndexes();
    assert.equal((await store.getComment(a.id))?.thread_id, threadId);
    const found = await store.importLookup({ siteId, format: 'test', threadKeys: [], commentKeys: ['aside'] });
    assert.equal(found.comments.get('aside')?.id, a.id);
  });

  s.it('a batch that fails writes none of its rows', async () => {
    const { store, siteId, row } = await oneSite(s);
    const threadId = newId();
    const good = row(siteId);
    const bad = row(siteId, { status: 'bogus' as never });
    await assert.rejects(
      store.writeImportBatch(
        batch(siteId, threadId, 'https://x.test/atomic', [
          { key: 'g', row: good },
          { key: 'x', row: bad },
        ]),
      ),
    );
    assert.equal(await store.getComment(good.id), undefined);
    assert.equal(await store.getThreadByKey(siteId, 'https://x.test/atomic'), undefined);
    assert.equal(
      (await store.importLookup({ siteId, format: 'test', threadKeys: [], commentKeys: ['g'] })).comments.size,
      0,
    );
  });

  s.it('a removed comment is still known as imported (null), so a second run does not bring it back', async () => {
    const { store, siteId, row } = await oneSite(s);
    const threadId = newId();
    const spam = row(siteId, { status: 'spam', created_at: 1_000, imported_at: 2_000 });
    await store.writeImportBatch(batch(siteId, threadId, 'https://x.test/gone', [{ key: 'sp', row: spam }]));
    assert.equal(await store.purgeHeldAndSpam(siteId, 1_500), 0, 'counted from its import');
    assert.equal(await store.purgeHeldAndSpam(siteId, 3_000), 1);
    const found = await store.importLookup({ siteId, format: 'test', threadKeys: [], commentKeys: ['sp'] });
    assert.deepEqual([...found.comments], [['sp', null]]);
  });

  s.it('a waiting reply is linked under its parent with the replies below it, or left at the top', async () => {
    const { store, siteId, row } = await oneSite(s);
    const threadId = newId();
    const parent = row(siteId, { parent_id: null, depth: 0 });
    const child = row(siteId); // stored at the top, waiting for "p"
    const grandchild = row(siteId, { parent_id: child.id, root_id: child.id, depth: 1 });
    const lonely = row(siteId);
    await store.writeImportBatch(
      batch(siteId, threadId, 'https://x.test/link', [
        { key: 'c', row: child, pending: 'p' },
        { key: 'gc', row: grandchild },
        { key: 'l', row: lonely, pending: 'nowhere' },
        { key: 'p', row: parent },
      ]),
    );
    const waiting = await store.pendingImportLinks(siteId, 'test', null, 10);
    assert.deepEqual(waiting, [
      { sourceKey: 'c', id: child.id, parentKey: 'p' },
      { sourceKey: 'l', id: lonely.id, parentKey: 'nowhere' },
    ]);
    assert.deepEqual(await store.pendingImportLinks(siteId, 'test', 'c', 10), [waiting[1]]);
    await store.linkImportedReply(siteId, 'test', {
      sourceKey: 'c',
      id: child.id,
      parent: { id: parent.id, threadId, rootId: null, depth: 0 },
    });
    await store.linkImportedReply(siteId, 'test', { sourceKey: 'l', id: lonely.id, parent: null });
    const c = await store.getComment(child.id);
    const g = await store.getComment(grandchild.id);
    assert.deepEqual([c?.parent_id, c?.root_id, c?.depth], [parent.id, parent.id, 1]);
    assert.deepEqual([g?.parent_id, g?.root_id, g?.depth], [child.id, parent.id, 2]);
    assert.deepEqual(
      [(await store.getComment(lonely.id))?.depth, (await store.getComment(lonely.id))?.parent_id],
      [0, null],
    );
    assert.deepEqual(await store.pendingImportLinks(siteId, 'test', null, 10), []);
  });

  s.it('comments by author key, and their erasure with the corrections learned from them', async () => {
    const { store, siteId, row } = await oneSite(s);
    const threadId = newId();
    const mine = row(siteId, { author_email: '', author_key: 'test:jane', author_name: 'Jane', ip_hash: 'h' });
    const theirs = row(siteId, { author_email: '', author_key: 'test:joe', author_name: 'Joe' });
    await store.writeImportBatch(
      batch(siteId, threadId, 'https://x.test/keyed', [
        { key: 'm', row: mine },
        { key: 't', row: theirs },
      ]),
    );
    await store.addSpamCorrection({
      id: newId(),
      site_id: siteId,
      label: 0,
      text: mine.body,
      extras: {},
      source: 'import:test',
      comment_id: mine.id,
      author_email: null,
      created_at: 1,
    });
    assert.deepEqual(
      (await store.commentsByAuthorKey('test:jane', siteId)).map((c) => c.id),
      [mine.id],
    );
    assert.deepEqual(
      (await store.commentsByAuthorKey('test:jane', null)).map((c) => c.id),
      [mine.id],
    );
    const erased = await store.eraseAuthorKey('test:jane', siteId, '000000000000');
    assert.deepEqual(erased, { comments: 1, corrections: 1, audit: 0 });
    const after = await store.getComment(mine.id);
    assert.deepEqual(
      [after?.author_name, after?.author_key, after?.ip_hash, after?.avatar],
      ['Anonymous', null, null, '000000000000'],
    );
    assert.equal((await store.getComment(theirs.id))?.author_name, 'Joe');
    assert.deepEqual(await store.commentsByAuthorKey('test:jane', siteId), []);
  });
});
