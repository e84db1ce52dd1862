// Part of the storage behaviour suite: what the spam engine remembers between comments
// (moderators' corrections, the layer they fold into, a comment's verdict), on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { SpamCorrectionRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const correction = (siteId: string, o: Partial<SpamCorrectionRow> = {}): SpamCorrectionRow => ({
  id: newId(),
  site_id: siteId,
  label: 1,
  text: 'buy cheap pills',
  extras: {},
  source: 'moderator',
  comment_id: null,
  author_email: null,
  created_at: 1_000,
  ...o,
});

storeSuite('spam memory', (s) => {
  s.it("corrections read back in id order, after a given id, and only the site's own", async () => {
    const site = await s.site();
    const rows = [
      correction(site, { label: 1, text: 'spam text' }),
      correction(site, { label: 0, text: 'ham text', comment_id: 'c1', author_email: 'a@x.test' }),
      correction(site),
    ];
    for (const r of rows) await s.store.addSpamCorrection(r);
    await s.store.addSpamCorrection(correction(await s.site()));
    assert.deepEqual(await s.store.spamCorrections(site, null), rows);
    assert.deepEqual(
      (await s.store.spamCorrections(site, rows[0].id)).map((r) => r.id),
      [rows[1].id, rows[2].id],
    );
    assert.deepEqual(await s.store.spamCorrections(site, rows[2].id), []);
  });

  s.it(
    'compacting stores the layer and drops the corrections folded into it; compacting again replaces it',
    async () => {
      const site = await s.site();
      assert.equal(await s.store.spamLayer(site), undefined);
      const rows = [correction(site), correction(site), correction(site)];
      for (const r of rows) await s.store.addSpamCorrection(r);
      await s.store.compactSpamCorrections({
        site_id: site,
        layer: { v: 1 },
        through_id: rows[1].id,
        updated_at: 5_000,
      });
      assert.deepEqual(await s.store.spamLayer(site), {
        site_id: site,
        layer: { v: 1 },
        through_id: rows[1].id,
        updated_at: 5_000,
      });
      assert.deepEqual(
        (await s.store.spamCorrections(site, null)).map((r) => r.id),
        [rows[2].id],
      );
      await s.store.compactSpamCorrections({
        site_id: site,
        layer: { v: 2 },
        through_id: rows[2].id,
        updated_at: 6_000,
      });
      assert.deepEqual(await s.store.spamLayer(site), {
        site_id: site,
        layer: { v: 2 },
        through_id: rows[2].id,
        updated_at: 6_000,
      });
      assert.deepEqual(await s.store.spamCorrections(site, null), []);
    },
  );

  s.it("a comment's verdict is set and cleared without touching its status or thread", async () => {
    const site = await s.site();
    const c = await s.post(site, 'verdict');
    const version = (await s.store.getThread(c.thread_id))!.version;
    await s.store.setCommentVerdict(c.id, 7.5, [{ check: 'links', reason: 'many links', score: 7.5 }]);
    const judged = (await s.store.getComment(c.id))!;
    assert.deepEqual(
      [judged.spam_score, judged.spam_reasons, judged.status],
      [7.5, [{ check: 'links', reason: 'many links', score: 7.5 }], 'approved'],
    );
    await s.store.setCommentVerdict(c.id, null, null);
    const cleared = (await s.store.getComment(c.id))!;
    assert.deepEqual([cleared.spam_score, cleared.spam_reasons], [null, null]);
    assert.equal((await s.store.getThread(c.thread_id))!.version, version);
  });
});
