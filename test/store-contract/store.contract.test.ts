// The storage behaviour suite: written once, run against every Store implementation
// (backends.ts); the suite only talks to the Store interface.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { CommentRow, Store } from '../../src/core/ports.ts';
import { BACKENDS } from './backends.ts';

console.log(
  `# store contract backends: ${BACKENDS.map((b) => b.name).join(', ')} (postgres skips with a notice when unreachable outside CI)`,
);

function row(siteId: string, overrides: Partial<CommentRow> = {}): CommentRow {
  const id = overrides.id ?? newId();
  return {
    id,
    site_id: siteId,
    thread_id: '',
    parent_id: null,
    root_id: null,
    depth: 0,
    author_name: 'Anne',
    author_email: 'anne@example.com',
    author_website: null,
    avatar: 'abcdefabcdef',
    body: `body ${id}`,
    body_html: `<p>body ${id}</p>`,
    status: 'approved',
    created_at: 1_800_000_000_000,
    edited_at: null,
    edit_token_hash: null,
    ip_hash: 'iphash',
    user_agent: 'UA',
    dedupe_key: `dedupe ${id}`,
    ...overrides,
  };
}

for (const backend of BACKENDS) {
  // Each test of a skipped backend reports itself skipped instead of passing vacuously.
  let skipped = () => false;
  const it = (name: string, fn: () => Promise<void>) =>
    test(name, async (t: TestContext) => {
      if (skipped()) return t.skip(`${backend.name} unavailable`);
      await fn();
    });
  describe(`Store contract (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let siteId: string;
    const thread = (key: string) => ({ id: newId(), siteId, key, url: key, title: 'T', createdAt: 1_800_000_000_000 });

    let skip = false;
    skipped = () => skip;
    before(async () => {
      const opened = await backend.open();
      if (!opened) {
        skip = true;
        return;
      }
      ({ store, cleanup } = opened);
      siteId = newId();
      await store.createSite({
        id: siteId,
        name: 'S',
        origins: '[]',
        lang: 'en',
        settings: '{}',
        avatar_secret: 's',
        is_default: 1,
        created_at: 1,
      });
    });
    after(async () => {
      if (skip) return;
      await store.close();
      await cleanup();
    });

    it('secrets are created once and then read back unchanged', async () => {
      const first = await store.loadOrCreateSecrets(() => ({ a: 'one' }));
      const second = await store.loadOrCreateSecrets(() => ({ a: 'two' }));
      assert.equal(first.a, 'one');
      assert.equal(second.a, 'one');
    });

    it('the first comment creates its thread; the count follows published comments only', async () => {
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

    it('a repeated dedupe key is reported as DUPLICATE and stores nothing', async () => {
      const key = 'https://x.test/dup';
      const c = row(siteId, { dedupe_key: 'same' });
      assert.deepEqual((await store.insertComment({ comment: c, thread: thread(key) })).ok, true);
      const again = await store.insertComment({ comment: row(siteId, { dedupe_key: 'same' }), thread: thread(key) });
      assert.deepEqual(again, { ok: false, reason: 'DUPLICATE' });
      assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 1);
    });

    it('concurrent inserts all commit, each in its own unit', async () => {
      const key = 'https://x.test/concurrent';
      const rows = Array.from({ length: 200 }, () => row(siteId));
      rows[50].dedupe_key = rows[10].dedupe_key; // one duplicate among them
      const results = await Promise.all(rows.map((c) => store.insertComment({ comment: c, thread: thread(key) })));
      assert.equal(results.filter((r) => r.ok).length, 199);
      assert.equal((await store.getThreadByKey(siteId, key))!.comment_count, 199);
    });

    it('top-level listing pages by id in both directions and skips unpublished comments', async () => {
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

    it('replies are listed per root with a per-root limit, in order', async () => {
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

    it('a thread page in one call is the thread, its top-level page and their replies', async () => {
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

    it('status changes keep the published count right; deletion frees the dedupe key', async () => {
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

    it('lastPostTime finds the latest comment by IP hash or by email since a time', async () => {
      const key = 'https://x.test/flood';
      await store.insertComment({
        comment: row(siteId, { ip_hash: 'net-1', author_email: 'f1@example.com', created_at: 1_900_000_000_000 }),
        thread: thread(key),
      });
      assert.equal(
        await store.lastPostTime(siteId, 'net-1', 'other@example.com', 1_899_999_999_000),
        1_900_000_000_000,
      );
      assert.equal(await store.lastPostTime(siteId, 'net-2', 'f1@example.com', 1_899_999_999_000), 1_900_000_000_000);
      assert.equal(await store.lastPostTime(siteId, 'net-2', 'f2@example.com', 1_899_999_999_000), null);
      assert.equal(await store.lastPostTime(siteId, 'net-1', 'f1@example.com', 1_900_000_000_001), null);
    });

    it('purging client data erases IP hashes and user agents before the cut-off only', async () => {
      const key = 'https://x.test/purge';
      const old = row(siteId, { created_at: 1_000 });
      const recent = row(siteId, { created_at: 2_000_000_000_000 });
      for (const c of [old, recent]) await store.insertComment({ comment: c, thread: thread(key) });
      const n = await store.purgeClientData(siteId, 1_500_000_000_000);
      assert.ok(n >= 1);
      const o = await store.getComment(old.id);
      const r = await store.getComment(recent.id);
      assert.deepEqual([o!.ip_hash, o!.user_agent], [null, null]);
      assert.deepEqual([r!.ip_hash, r!.user_agent], ['iphash', 'UA']);
      assert.equal(o!.body, old.body);
    });

    it('purging held and spam comments removes only those before the cut-off, with their reports', async () => {
      const key = 'https://x.test/purge-held';
      const oldHeld = row(siteId, { status: 'pending', created_at: 1_000 });
      const oldSpam = row(siteId, { status: 'spam', created_at: 1_000 });
      const oldApproved = row(siteId, { created_at: 1_000 });
      const newHeld = row(siteId, { status: 'pending', created_at: 2_000_000_000_000 });
      for (const c of [oldHeld, oldSpam, oldApproved, newHeld])
        await store.insertComment({ comment: c, thread: thread(key) });
      await store.addReport({
        id: newId(),
        site_id: siteId,
        comment_id: oldSpam.id,
        reason: 'spam',
        ip_hash: null,
        created_at: 2_000,
        resolved_at: null,
      });
      assert.equal(await store.purgeHeldAndSpam(siteId, 1_500_000_000_000), 2);
      assert.equal(await store.getComment(oldHeld.id), undefined);
      assert.equal(await store.getComment(oldSpam.id), undefined);
      assert.ok(await store.getComment(oldApproved.id));
      assert.ok(await store.getComment(newHeld.id));
      assert.deepEqual(await store.openReports([oldSpam.id]), []);
      // Discards follow their own cut-off.
      await store.recordDiscard(
        {
          id: newId(),
          site_id: siteId,
          source: 'comment',
          thread_key: key,
          author_name: 'B',
          author_email: 'b@x.test',
          author_website: null,
          body: 'x',
          ip_hash: null,
          user_agent: null,
          score: 12,
          reasons: '[]',
          created_at: 1_000,
        },
        10,
      );
      assert.equal(await store.purgeDiscards(siteId, 1_500_000_000_000), 1);
    });

    it('the discard log keeps the newest entries of a site', async () => {
      for (let i = 0; i < 5; i++)
        await store.recordDiscard(
          {
            id: newId(),
            site_id: siteId,
            source: 'comment',
            thread_key: null,
            author_name: null,
            author_email: null,
            author_website: null,
            body: `d${i}`,
            ip_hash: null,
            user_agent: null,
            score: 10,
            reasons: '[]',
            created_at: 3_000 + i,
          },
          3,
        );
      assert.deepEqual(
        (await store.listDiscards(siteId, null, 10)).map((d) => d.body),
        ['d4', 'd3', 'd2'],
      );
    });

    it('a thread keeps its pins and, when reopened, the time; aged open threads close once', async () => {
      const key = `pins-${newId()}`;
      const { threadId } = (await store.insertComment({
        comment: row(siteId),
        thread: { ...thread(key), createdAt: 1_000 },
      })) as { threadId: string };
      const v0 = (await store.getThread(threadId))!.version;
      await store.setThreadPins(threadId, ['a', 'b']);
      const pinned = (await store.getThreadByKey(siteId, key))!;
      assert.deepEqual([JSON.parse(pinned.pinned!), pinned.version], [['a', 'b'], v0 + 1]);
      await store.setThreadPins(threadId, []);
      assert.equal((await store.getThread(threadId))!.pinned, null);
      // Another thread, young: only the old one closes.
      const young = `young-${newId()}`;
      await store.insertComment({ comment: row(siteId), thread: { ...thread(young), createdAt: 9_000 } });
      const closed = await store.closeAgedThreads(siteId, 5_000);
      assert.deepEqual(
        closed.map((t) => t.key),
        [key],
      );
      assert.equal((await store.getThread(threadId))!.closed, 1);
      assert.equal((await store.getThreadByKey(siteId, young))!.closed, 0);
      assert.deepEqual(await store.closeAgedThreads(siteId, 5_000), [], 'closed threads are not closed again');
      await store.setThreadClosed(threadId, false, 6_000);
      const reopened = (await store.getThread(threadId))!;
      assert.deepEqual([reopened.closed, reopened.reopened_at], [0, 6_000]);
      assert.deepEqual(await store.closeAgedThreads(siteId, 5_000), [], 'reopened after the cut-off: left open');
      assert.deepEqual((await store.closeAgedThreads(siteId, 7_000)).map((t) => t.key).sort(), [key]);
    });

    it('a site lists its members with their addresses; a membership can be removed', async () => {
      const site = newId();
      await store.createSite({
        id: site,
        name: 'M',
        origins: '[]',
        lang: 'en',
        settings: '{}',
        avatar_secret: 's',
        is_default: 0,
        created_at: 1,
      });
      const users = ['zoe@example.com', 'adam@example.com'].map((email) => ({
        id: newId(),
        email,
        password_hash: 'x',
        created_at: 1,
        failed_logins: 0,
        locked_until: null,
      }));
      for (const u of users) await store.createUser(u);
      await store.addMembership({
        id: `${users[0].id}:${site}`,
        user_id: users[0].id,
        site_id: site,
        role: 'admin',
        created_at: 5,
      });
      await store.addMembership({
        id: `${users[1].id}:${site}`,
        user_id: users[1].id,
        site_id: site,
        role: 'moderator',
        created_at: 6,
      });
      assert.deepEqual(
        (await store.siteMembers(site)).map((m) => [m.email, m.role, m.created_at]),
        [
          ['adam@example.com', 'moderator', 6],
          ['zoe@example.com', 'admin', 5],
        ],
      );
      assert.equal(await store.removeMembership(users[1].id, site), true);
      assert.equal(await store.removeMembership(users[1].id, site), false);
      assert.deepEqual(
        (await store.siteMembers(site)).map((m) => m.email),
        ['zoe@example.com'],
      );
      assert.deepEqual(await store.membershipsOf(users[1].id), []);
    });

    it('a page of queue items reads its threads, parents, histories and reports in one query each', async () => {
      const key = `batch-${newId()}`;
      const a = row(siteId, { author_email: 'hist-a@example.com' });
      const { threadId } = (await store.insertComment({ comment: a, thread: thread(key) })) as { threadId: string };
      const b = row(siteId, {
        author_email: 'hist-a@example.com',
        status: 'spam',
        parent_id: a.id,
        root_id: a.id,
        depth: 1,
      });
      const c = row(siteId, { author_email: 'hist-b@example.com', status: 'deleted' });
      for (const x of [b, c]) await store.insertComment({ comment: x, thread: thread(key) });
      const h = await store.authorHistories(siteId, ['hist-a@example.com', 'hist-b@example.com', 'nobody@example.com']);
      assert.deepEqual(Object.fromEntries(h), {
        'hist-a@example.com': { approved: 1, rejected: 1 },
        'hist-b@example.com': { approved: 0, rejected: 1 },
        'nobody@example.com': { approved: 0, rejected: 0 },
      });
      assert.deepEqual(
        (await store.getThreads([threadId, threadId, 'missing'])).map((t) => t.key),
        [key],
      );
      assert.deepEqual((await store.getComments([a.id, c.id])).map((x) => x.id).sort(), [a.id, c.id].sort());
      assert.deepEqual(await store.getComments([]), []);
      await store.addReport({
        id: newId(),
        site_id: siteId,
        comment_id: a.id,
        reason: 'abuse',
        ip_hash: null,
        created_at: 1,
        resolved_at: null,
      });
      await store.addReport({
        id: newId(),
        site_id: siteId,
        comment_id: c.id,
        reason: 'spam',
        ip_hash: null,
        created_at: 2,
        resolved_at: null,
      });
      assert.deepEqual(
        (await store.openReports([a.id, b.id, c.id])).map((r) => [r.comment_id, r.reason]),
        [
          [a.id, 'abuse'],
          [c.id, 'spam'],
        ],
      );
    });
  });
}
