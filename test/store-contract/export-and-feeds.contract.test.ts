// Part of the storage behaviour suite: a whole site read out page by page (the export) and the
// newest published comments of a site or a thread (the Atom feeds), on every backend.
import assert from 'node:assert/strict';
import { idAt, newId } from '../../src/core/ids.ts';
import { PUBLIC_COLUMNS } from '../../src/core/records.ts';
import { storeSuite } from './harness.ts';

storeSuite('export and feeds', (s) => {
  s.it("a site's threads are read out oldest first, page by page, and no other site's", async () => {
    const site = await s.site();
    const other = await s.site();
    for (const key of ['a', 'b', 'c', 'd', 'e']) await s.post(site, key);
    await s.post(other, 'elsewhere');
    const first = await s.store.exportThreads(site, null, 2);
    assert.deepEqual(
      first.map((t) => t.key),
      ['a', 'b'],
    );
    const second = await s.store.exportThreads(site, first[1].id, 2);
    const third = await s.store.exportThreads(site, second[1].id, 2);
    assert.deepEqual(
      [...second, ...third].map((t) => t.key),
      ['c', 'd', 'e'],
    );
    assert.deepEqual(await s.store.exportThreads(site, third[0].id, 2), []);
    assert.deepEqual(
      [first[0].site_id, first[0].title, first[0].comment_count, first[0].pinned],
      [site, 'Title of a', 1, []],
    );
  });

  s.it("a thread's comments of every status come whole, parents before replies, page by page", async () => {
    const site = await s.site();
    const key = `export-${newId()}`;
    // A reply stamped earlier than the comment it answers (an imported past, a skewed clock):
    // by id alone it would come first.
    const root = await s.post(site, key, { id: idAt(2_000_000_000_000), author_email: 'root@example.com' });
    const early = idAt(1_000_000_000_000);
    await s.post(site, key, { id: early, parent_id: root.id, root_id: root.id, depth: 1, status: 'pending' });
    const deep = await s.post(site, key, { parent_id: early, root_id: root.id, depth: 2, status: 'spam' });
    const other = await s.post(site, key, { status: 'deleted', moderator: true, spam_reasons: [] });
    const threadId = root.thread_id;
    const all = [];
    let after: { depth: number; id: string } | null = null;
    for (;;) {
      const page = await s.store.exportComments(threadId, after, 2);
      all.push(...page);
      if (page.length < 2) break;
      after = { depth: page[1].depth, id: page[1].id };
    }
    assert.deepEqual(
      all.map((c) => c.id),
      [other.id, root.id, early, deep.id],
    );
    assert.deepEqual(
      all.map((c) => c.status),
      ['deleted', 'approved', 'pending', 'spam'],
    );
    assert.deepEqual(all[1], root, 'the whole row, email and all');
    assert.equal(all[0].moderator, true);
    assert.deepEqual(await s.store.exportComments(newId(), null, 10), []);
  });

  s.it(
    "the latest published comments of a site or of one thread, newest first, with their thread's columns",
    async () => {
      const site = await s.site();
      const other = await s.site();
      const a = await s.post(site, 'https://news.example/a', { created_at: 1 });
      await s.post(site, 'https://news.example/a', { status: 'pending' });
      await s.post(site, 'https://news.example/a', { status: 'spam' });
      await s.post(site, 'https://news.example/a', { status: 'deleted' });
      const b = await s.post(site, 'explicit-b', { created_at: 2 });
      const a2 = await s.post(site, 'https://news.example/a', {
        created_at: 3,
        parent_id: a.id,
        root_id: a.id,
        depth: 1,
      });
      await s.post(other, 'https://news.example/a');

      const latest = await s.store.latestComments({ siteId: site, limit: 10 });
      assert.deepEqual(
        latest.map((c) => c.id),
        [a2.id, b.id, a.id],
      );
      assert.deepEqual(
        latest.map((c) => [c.thread_key, c.thread_url, c.thread_title]),
        [
          ['https://news.example/a', 'https://news.example/a', 'Title of https://news.example/a'],
          ['explicit-b', 'explicit-b', 'Title of explicit-b'],
          ['https://news.example/a', 'https://news.example/a', 'Title of https://news.example/a'],
        ],
      );
      // The public columns and the thread's: never the email, the IP hash or the user agent.
      assert.deepEqual(
        Object.keys(latest[0]).sort(),
        [...PUBLIC_COLUMNS, 'thread_key', 'thread_title', 'thread_url'].sort(),
      );
      assert.deepEqual([latest[0].depth, latest[0].created_at, latest[0].parent_id], [1, 3, a.id]);

      assert.deepEqual(
        (await s.store.latestComments({ threadId: a.thread_id, limit: 10 })).map((c) => c.id),
        [a2.id, a.id],
      );
      assert.deepEqual(
        (await s.store.latestComments({ siteId: site, limit: 2 })).map((c) => c.id),
        [a2.id, b.id],
      );
      assert.deepEqual(await s.store.latestComments({ siteId: await s.site(), limit: 5 }), []);
    },
  );
});
