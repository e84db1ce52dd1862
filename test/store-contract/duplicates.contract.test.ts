// Part of the storage behaviour suite: finding the comment a second copy would duplicate, by
// its dedupe key, on every backend (the key is unique across the install; the site must match).
import assert from 'node:assert/strict';
import { storeSuite } from './harness.ts';

storeSuite('duplicate comments', (s) => {
  s.it('commentIdByDedupeKey finds the stored comment on its own site only, and forgets a deleted one', async () => {
    const site = await s.site();
    const other = await s.site();
    const stored = await s.post(site, 'https://news.example.com/dup', { dedupe_key: `dup-${site}` });
    assert.equal(await s.store.commentIdByDedupeKey(site, `dup-${site}`), stored.id);
    assert.equal(await s.store.commentIdByDedupeKey(other, `dup-${site}`), undefined, 'another site’s key');
    assert.equal(await s.store.commentIdByDedupeKey(site, 'no-such-key'), undefined);
    // A deleted comment no longer blocks the same text (updateComment clears its key).
    await s.store.updateComment(stored.id, { status: 'deleted' });
    assert.equal(await s.store.commentIdByDedupeKey(site, `dup-${site}`), undefined);
  });
});
