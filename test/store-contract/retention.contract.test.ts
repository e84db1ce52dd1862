// Part of the storage behaviour suite: what retention removes (client data, held and spam
// comments with their reports, discards past their cut-off) and the bounded discard log, on
// every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import { oneSite, storeSuite } from './harness.ts';

storeSuite('retention', (s) => {
  s.it('purging client data erases IP hashes and user agents before the cut-off only', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
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

  s.it('purging held and spam comments removes only those before the cut-off, with their reports', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
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
        reasons: [],
        created_at: 1_000,
      },
      10,
    );
    assert.equal(await store.purgeDiscards(siteId, 1_500_000_000_000), 1);
  });

  s.it('the discard log keeps the newest entries of a site', async () => {
    const { store, siteId } = await oneSite(s);
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
          reasons: [],
          created_at: 3_000 + i,
        },
        3,
      );
    assert.deepEqual(
      (await store.listDiscards(siteId, null, 10)).map((d) => d.body),
      ['d4', 'd3', 'd2'],
    );
  });
});
