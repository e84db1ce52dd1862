// Part of the storage behaviour suite: the facts the spam checks read, on every backend.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { CommentRow, Store } from '../../src/core/ports.ts';
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
        origins: '[]',
        lang: 'en',
        settings: '{}',
        avatar_secret: 's',
        is_default: 1,
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
  });
}
