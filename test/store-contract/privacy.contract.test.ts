// Part of the storage behaviour suite: a commenter's data found by address for export, and
// erased, on one site or on all of them, on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { SpamCorrectionRow, SpamDiscardRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const discard = (siteId: string, email: string | null): SpamDiscardRow => ({
  id: newId(),
  site_id: siteId,
  source: 'comment',
  thread_key: 'k',
  author_name: 'Eve',
  author_email: email,
  author_website: null,
  body: 'spam',
  ip_hash: 'h',
  user_agent: 'UA',
  score: 12,
  reasons: [],
  created_at: 1_000,
});
const correction = (siteId: string, email: string | null): SpamCorrectionRow => ({
  id: newId(),
  site_id: siteId,
  label: 1,
  text: 'spam',
  extras: {},
  source: 'moderator',
  comment_id: null,
  author_email: email,
  created_at: 1_000,
});

storeSuite('privacy', (s) => {
  s.it("an address's comments, discards and corrections are found whatever its case, on a site or all", async () => {
    const [site, other] = [await s.site(), await s.site()];
    const email = `Eve-${newId()}@Example.com`;
    const mine = [
      await s.post(site, 'p', { author_email: email }),
      await s.post(other, 'p', { author_email: email.toLowerCase() }),
    ];
    await s.post(site, 'p', { author_email: 'someone@example.com' });
    const discards = [discard(site, email.toUpperCase()), discard(other, email)];
    const corrections = [correction(site, email), correction(other, email.toLowerCase())];
    for (const d of [...discards, discard(site, 'someone@example.com'), discard(site, null)])
      await s.store.recordDiscard(d, 100);
    for (const c of [...corrections, correction(site, null)]) await s.store.addSpamCorrection(c);
    assert.deepEqual(await s.store.commentsByEmail(email.toLowerCase(), null), mine);
    assert.deepEqual(
      (await s.store.commentsByEmail(email, site)).map((c) => c.id),
      [mine[0].id],
    );
    assert.deepEqual(await s.store.discardsByEmail(email, null), discards);
    assert.deepEqual(
      (await s.store.discardsByEmail(email, other)).map((d) => d.id),
      [discards[1].id],
    );
    assert.deepEqual(await s.store.correctionsByEmail(email.toUpperCase(), null), corrections);
    assert.deepEqual(
      (await s.store.correctionsByEmail(email, site)).map((c) => c.id),
      [corrections[0].id],
    );
    assert.deepEqual(await s.store.commentsByEmail('nobody@example.com', null), []);
  });

  s.it(
    'erasing an author anonymizes their comments, drops their spam data, blanks audit records and bumps threads',
    async () => {
      const [site, other] = [await s.site(), await s.site()];
      const email = `erase-${newId()}@example.com`;
      const c = await s.post(site, 'erase', {
        author_email: email.toUpperCase(),
        author_name: 'Eve',
        author_website: 'https://eve.test',
        dedupe_key: 'eve-dedupe',
      });
      const kept = await s.post(other, 'erase', { author_email: email });
      const bystander = await s.post(site, 'erase', { author_email: 'bystander@example.com' });
      await s.store.recordDiscard(discard(site, email), 100);
      await s.store.recordDiscard(discard(other, email), 100);
      await s.store.addSpamCorrection(correction(site, email));
      const audit = {
        id: newId(),
        site_id: site,
        actor: 'u1',
        action: 'comment.edit',
        target: c.id,
        before: { author: 'Eve' },
        after: { author: 'Eve' },
        created_at: 1_000,
      };
      await s.store.addAudit(audit);
      const unrelated = { ...audit, id: newId(), target: bystander.id };
      await s.store.addAudit(unrelated);
      const version = (await s.store.getThread(c.thread_id))!.version;

      const counts = await s.store.eraseAuthor(email, site, 'anon-avatar');
      assert.deepEqual(counts, { comments: 1, discards: 1, corrections: 1, audit: 1 });
      const erased = (await s.store.getComment(c.id))!;
      assert.deepEqual(
        [
          erased.author_name,
          erased.author_email,
          erased.author_website,
          erased.ip_hash,
          erased.user_agent,
          erased.avatar,
          erased.dedupe_key,
        ],
        ['Anonymous', '', null, null, null, 'anon-avatar', null],
      );
      assert.equal(erased.body, c.body, 'the text stays');
      assert.equal((await s.store.getThread(c.thread_id))!.version, version + 1);
      const log = await s.store.listAudit(site, null, 10);
      assert.deepEqual(
        log.find((r) => r.id === audit.id),
        { ...audit, before: null, after: null },
      );
      assert.deepEqual(
        log.find((r) => r.id === unrelated.id),
        unrelated,
      );
      assert.deepEqual(await s.store.getComment(bystander.id), bystander);
      // The other site was not named: its copy of the data stays until erased everywhere.
      assert.deepEqual(await s.store.getComment(kept.id), kept);
      assert.equal((await s.store.discardsByEmail(email, null)).length, 1);
      assert.deepEqual(await s.store.eraseAuthor(email, null, 'anon-avatar'), {
        comments: 1,
        discards: 1,
        corrections: 0,
        audit: 0,
      });
      assert.deepEqual(await s.store.commentsByEmail(email, null), []);
    },
  );
});
