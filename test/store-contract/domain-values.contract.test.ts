// Part of the storage behaviour suite: the store hands out domain values, not the tables' text
// and integers. Lists come back as arrays, settings and snapshots as objects, flags as booleans,
// on every backend; and a stored value that does not parse reads as its column's fallback
// rather than failing the read (src/store/repositories/rows.ts).
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import { oneSite, storeSuite } from './harness.ts';

const REASONS = [{ check: 'links', reason: 'three links', score: 2 }];

storeSuite('domain values', (s) => {
  s.it('sites: origins a list, settings an object, is_default a boolean', async () => {
    const id = await s.site({ origins: ['https://a.test'], settings: { holdScore: 4 }, is_default: true });
    const site = (await s.store.getSite(id))!;
    assert.ok(Array.isArray(site.origins));
    assert.deepEqual(site.origins, ['https://a.test']);
    assert.deepEqual(site.settings, { holdScore: 4 });
    assert.equal(site.is_default, true);
    await s.store.updateSite(id, { origins: [], settings: {}, is_default: false });
    const listed = (await s.store.listSites()).find((x) => x.id === id)!;
    assert.deepEqual([listed.origins, listed.settings, listed.is_default], [[], {}, false]);
  });

  s.it('threads: closed a boolean, pins a list (empty when none), on every read path', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = `values-${newId()}`;
    const c = row(siteId);
    const { threadId } = (await store.insertComment({ comment: c, thread: thread(key) })) as { threadId: string };
    const fresh = (await store.getThread(threadId))!;
    assert.deepEqual([fresh.closed, fresh.pinned], [false, []]);
    await store.setThreadPins(threadId, [c.id]);
    await store.setThreadClosed(threadId, true, 5);
    const page = await store.threadPage({ siteId, key, afterId: null, sort: 'oldest', limit: 5, perRoot: 2 });
    for (const t of [
      await store.getThread(threadId),
      await store.getThreadByKey(siteId, key),
      (await store.getThreads([threadId]))[0],
      (await store.listThreads(siteId, 5))[0],
      page.thread,
    ]) {
      assert.equal(t?.closed, true);
      assert.deepEqual(t?.pinned, [c.id]);
    }
  });

  s.it('comments: reasons a list, moderator a boolean or null', async () => {
    const site = await s.site();
    const byMod = await s.post(site, 'values-c', { moderator: true, spam_score: 2, spam_reasons: REASONS });
    assert.equal(byMod.moderator, true);
    assert.deepEqual(byMod.spam_reasons, REASONS);
    const top = await s.store.listTopLevel({ threadId: byMod.thread_id, afterId: null, sort: 'oldest', limit: 5 });
    assert.equal(top[0].moderator, true);
    const plain = await s.post(site, 'values-c');
    assert.deepEqual([plain.moderator, plain.spam_reasons], [null, null]);
    await s.store.updateComment(plain.id, { verdict: { score: 2, reasons: REASONS } });
    assert.deepEqual((await s.store.getComment(plain.id))!.spam_reasons, REASONS);
  });

  s.it('spam memory: discard reasons a list, extras and the layer objects, the label 0 or 1', async () => {
    const site = await s.site();
    await s.store.recordDiscard(
      {
        id: newId(),
        site_id: site,
        source: 'comment',
        thread_key: null,
        author_name: null,
        author_email: 'values@example.com',
        author_website: null,
        body: 'b',
        ip_hash: null,
        user_agent: null,
        score: 12,
        reasons: REASONS,
        created_at: 1,
      },
      10,
    );
    assert.deepEqual((await s.store.listDiscards(site, null, 5))[0].reasons, REASONS);
    const extras = { authorUrl: 'https://x.test', permalink: null, context: 'About bread' };
    const correction = {
      id: newId(),
      site_id: site,
      label: 1 as const,
      text: 't',
      extras,
      source: 'test',
      comment_id: null,
      author_email: 'values@example.com',
      created_at: 1,
    };
    await s.store.addSpamCorrection(correction);
    assert.deepEqual(await s.store.spamCorrections(site, null), [correction]);
    assert.deepEqual(await s.store.correctionsByEmail('values@example.com', site), [correction]);
    const layer = { format: 'x', adjustments: [[1, 0.5]] };
    await s.store.compactSpamCorrections({ site_id: site, layer, through_id: correction.id, updated_at: 2 });
    assert.deepEqual((await s.store.spamLayer(site))!.layer, layer);
  });

  s.it('the audit log: before and after the values recorded, null when none', async () => {
    const site = await s.site();
    const row = {
      id: newId(),
      site_id: site,
      actor: 'u1',
      action: 'site.update',
      target: site,
      before: { origins: ['https://a.test'], n: 1 },
      after: null,
      created_at: 1,
    };
    await s.store.addAudit(row);
    assert.deepEqual(await s.store.listAudit(site, null, 5), [row]);
  });

  s.it('a stored value that does not parse reads as the column fallback, not as an error', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const { db } = store as SqlStore;
    await db
      .updateTable('sites')
      .set({ origins: 'not json', settings: '[1, 2]', is_default: 1 })
      .where('id', '=', siteId)
      .execute();
    const site = (await store.getSite(siteId))!;
    assert.deepEqual([site.origins, site.settings, site.is_default], [[], {}, true]);
    await db.updateTable('sites').set({ origins: '["https://a.test", 3]' }).where('id', '=', siteId).execute();
    assert.deepEqual((await store.getSite(siteId))!.origins, ['https://a.test'], 'only the strings of a list');

    const c = row(siteId);
    const { threadId } = (await store.insertComment({ comment: c, thread: thread(`bad-${newId()}`) })) as {
      threadId: string;
    };
    await db.updateTable('threads').set({ pinned: '{oops' }).where('id', '=', threadId).execute();
    assert.deepEqual((await store.getThread(threadId))!.pinned, []);
    await db.updateTable('comments').set({ spam_reasons: '{"not":"a list"}' }).where('id', '=', c.id).execute();
    assert.deepEqual((await store.getComment(c.id))!.spam_reasons, []);

    const audit = { id: newId(), site_id: siteId, actor: 'u1', action: 'x', target: null, created_at: 1 };
    await db
      .insertInto('audit_log')
      .values({ ...audit, before: 'written by hand', after: null })
      .execute();
    assert.deepEqual(await store.listAudit(siteId, null, 5), [{ ...audit, before: 'written by hand', after: null }]);
  });
});
