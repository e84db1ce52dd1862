// Part of the storage behaviour suite: the facts the spam checks read, on every backend.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { CommentRow, SpamFactsQuery, Store } from '../../src/core/ports.ts';
import { BACKENDS } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`spam facts (${backend.name})`, () => {
    let store: Store | null = null;
    let cleanup: () => Promise<void> = async () => undefined;
    const siteId = newId();
    before(async () => {
      const opened = await backend.open();
      if (!opened) return;
      ({ store, cleanup } = opened);
      await store.createSite({
        id: siteId,
        name: 'S',
        origins: [],
        lang: 'en',
        settings: {},
        avatar_secret: 's',
        is_default: true,
        created_at: 1,
      });
    });
    after(async () => {
      await store?.close();
      await cleanup();
    });
    const row = (o: Partial<CommentRow>): CommentRow => ({
      id: newId(),
      site_id: siteId,
      thread_id: '',
      parent_id: null,
      root_id: null,
      depth: 0,
      author_name: 'Anne',
      author_email: 'anne@example.com',
      author_website: null,
      avatar: 'a',
      body: 'b',
      body_html: '<p>b</p>',
      status: 'approved',
      created_at: 5_000,
      edited_at: null,
      edit_token_hash: null,
      ip_hash: 'net',
      user_agent: null,
      dedupe_key: newId(),
      body_hash: 'h1',
      ...o,
    });
    const thread = (key: string) => ({ id: newId(), siteId, key, url: null, title: null, createdAt: 1 });

    test('counts prior approvals, repeats in other threads, and recent posts by network and email', async (t) => {
      if (!store) return t.skip(`${backend.name} unavailable`);
      await store.insertComment({ comment: row({}), thread: thread('a') });
      await store.insertComment({ comment: row({ status: 'pending' }), thread: thread('b') });
      await store.insertComment({
        comment: row({ author_email: 'x@example.com', ip_hash: 'other', body_hash: 'h2', created_at: 100 }),
        thread: thread('b'),
      });
      const a = await store.getThreadByKey(siteId, 'a');
      const facts = await store.spamFacts({
        siteId,
        name: 'Anne',
        email: 'anne@example.com',
        ipHash: 'net',
        bodyHash: 'h1',
        threadId: a!.id,
        repeatSince: 1_000,
        hourSince: 1_000,
        need: { prior: true, repeats: true, recent: true },
      });
      assert.deepEqual(facts, { priorApproved: 1, repeats: 1, recentByIp: 2, recentByEmail: 2 });
      const none = await store.spamFacts({
        siteId,
        name: 'Bob',
        email: 'bob@example.com',
        ipHash: null,
        bodyHash: 'zz',
        threadId: null,
        repeatSince: 1_000,
        hourSince: 1_000,
        need: { prior: true, repeats: true, recent: true },
      });
      assert.deepEqual(none, { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 });
    });

    // The checks only ask "at least N?": a flood from one address must not make each further
    // post count all of that address's comments.
    test('counts each fact only up to the limit asked, exactly below it', async (t) => {
      if (!store) return t.skip(`${backend.name} unavailable`);
      const floodSite = newId();
      await store.createSite({
        id: floodSite,
        name: 'F',
        origins: [],
        lang: 'en',
        settings: {},
        avatar_secret: 's',
        is_default: false,
        created_at: 1,
      });
      const other = { id: newId(), siteId: floodSite, key: 'flood-other', url: null, title: null, createdAt: 1 };
      for (let i = 0; i < 30; i++) {
        const r = await store.insertComment({
          comment: row({
            site_id: floodSite,
            author_name: 'Flo',
            author_email: 'flo@example.com',
            ip_hash: 'flood',
            body_hash: 'same',
          }),
          thread: other,
        });
        assert.equal(r.ok, true);
      }
      const here = { id: newId(), siteId: floodSite, key: 'flood-here', url: null, title: null, createdAt: 1 };
      await store.insertComment({
        comment: row({ site_id: floodSite, author_email: 'y@example.com', ip_hash: 'quiet', body_hash: 'quiet' }),
        thread: here,
      });
      const threadId = (await store.getThreadByKey(floodSite, 'flood-here'))!.id;
      const ask = (need: SpamFactsQuery['need']) =>
        store!.spamFacts({
          siteId: floodSite,
          name: 'Flo',
          email: 'flo@example.com',
          ipHash: 'flood',
          bodyHash: 'same',
          threadId,
          repeatSince: 1_000,
          hourSince: 1_000,
          need,
        });
      assert.deepEqual(await ask({ prior: 5, repeats: 5, recent: { byIp: 5, byEmail: 5 } }), {
        priorApproved: 5,
        repeats: 5,
        recentByIp: 5,
        recentByEmail: 5,
      });
      assert.deepEqual(await ask({ prior: 1, repeats: 3, recent: { byIp: 18, byEmail: 6 } }), {
        priorApproved: 1,
        repeats: 3,
        recentByIp: 18,
        recentByEmail: 6,
      });
      assert.deepEqual(
        await ask({ prior: 30, repeats: 31, recent: { byIp: 1000, byEmail: 3000 } }),
        { priorApproved: 30, repeats: 30, recentByIp: 30, recentByEmail: 30 },
        'below the limit, the exact count',
      );
      assert.deepEqual(
        await ask({ prior: true, repeats: true, recent: true }),
        { priorApproved: 30, repeats: 30, recentByIp: 30, recentByEmail: 30 },
        'true: no limit',
      );
      assert.deepEqual(
        await ask({ prior: 0, repeats: false, recent: { byIp: 0, byEmail: 4 } }),
        { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 4 },
        '0 or false: not counted',
      );
    });
  });
}
