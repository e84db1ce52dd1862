// Part of the storage behaviour suite: what the published path reads and writes for a new
// comment's notifications, on every backend: its followers in one read (with their suppression
// and their group's last sent mail), its marker for the reply notifier, and the outbox rows
// written in the unit that removes the markers.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { MailAddressRow, MailRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const mail = (siteId: string, o: Partial<MailRow> = {}): MailRow => ({
  id: newId(),
  site_id: siteId,
  recipient: 'a@example.org',
  kind: 'reply',
  message_id: `<${newId()}@example.org>`,
  group_key: null,
  dedupe_key: null,
  data: { commentId: 'c1' },
  ip_hash: null,
  attempts: 0,
  next_attempt_at: 1_000,
  state: 'queued',
  claimed_by: null,
  claimed_until: null,
  created_at: 1_000,
  sent_at: null,
  last_error: null,
  ...o,
});

storeSuite('Mail followers', (s) => {
  s.it('followers of a comment: confirmed, with their suppression and their group’s last sent mail', async () => {
    const site = await s.site();
    const other = await s.site();
    const thread = `t-${site}`;
    const saved = async (confirmed: boolean): Promise<MailAddressRow> => {
      const a = await s.store.saveMailAddress({
        id: newId(),
        site_id: site,
        email: `f-${newId().toLowerCase()}@example.org`,
        confirmed_at: null,
        created_at: 1_000,
        active_at: 1_000,
      });
      if (confirmed) await s.store.confirmMailAddress(a.id, 2_000);
      return a;
    };
    const [whole, toC1, toC2, pending, refused, elsewhere] = [
      await saved(true),
      await saved(true),
      await saved(true),
      await saved(false),
      await saved(true),
      await saved(true),
    ];
    const follow = (a: MailAddressRow, comment: string | null) =>
      s.store.addMailSubscription({
        id: `${a.id}:${thread}:${comment ?? '*'}`,
        address_id: a.id,
        site_id: site,
        thread_id: thread,
        comment_id: comment,
        created_at: 3_000,
      });
    await follow(whole, null);
    await follow(toC1, 'c1');
    // Following the comment and the thread: told once.
    await follow(toC1, null);
    await follow(toC2, 'c2');
    await follow(pending, null);
    await follow(refused, null);
    await follow(elsewhere, 'c1');
    await s.store.addMailSuppression({
      id: `${site}:${refused.email}`,
      site_id: site,
      email: refused.email,
      reason: '550',
      created_at: 1,
    });
    // Refused on another site only: not suppressed here.
    await s.store.addMailSuppression({
      id: `${other}:${elsewhere.email}`,
      site_id: other,
      email: elsewhere.email,
      reason: '550',
      created_at: 1,
    });
    const group = (a: MailAddressRow) => `${a.id}:${thread}`;
    // The group's last mail that went out counts; a merged row, a queued one, another thread's do not.
    await s.store.enqueueMails([
      mail(site, { group_key: group(whole), state: 'sent', sent_at: 4_000 }),
      mail(site, { group_key: group(whole), state: 'sent', sent_at: 5_000 }),
      mail(site, { group_key: group(whole), state: 'merged', sent_at: 9_000 }),
      mail(site, { group_key: group(whole) }),
      mail(site, { group_key: `${toC1.id}:another-thread`, state: 'sent', sent_at: 8_000 }),
    ]);

    const ofC1 = await s.store.mailFollowers(thread, 'c1');
    const expected = [
      { id: whole.id, email: whole.email, suppressed: false, last_sent_at: 5_000 },
      { id: toC1.id, email: toC1.email, suppressed: false, last_sent_at: null },
      { id: refused.id, email: refused.email, suppressed: true, last_sent_at: null },
      { id: elsewhere.id, email: elsewhere.email, suppressed: false, last_sent_at: null },
    ].sort((x, y) => (x.id < y.id ? -1 : 1));
    assert.deepEqual(ofC1, expected);
    const ofThread = await s.store.mailFollowers(thread, null);
    assert.deepEqual(
      ofThread.map((f) => f.id),
      [whole.id, toC1.id, refused.id].sort(),
    );
    assert.deepEqual(await s.store.mailFollowers(`nobody-${site}`, 'c1'), []);
    assert.deepEqual(await s.store.mailFollowers(`nobody-${site}`, null), []);
  });

  s.it('many rows are queued in one call, each added once per dedupe key', async () => {
    const site = await s.site();
    const first = mail(site, { dedupe_key: `d1-${site}` });
    assert.deepEqual(await s.store.enqueueMails([first]), [true]);
    const again = mail(site, { dedupe_key: `d1-${site}` });
    const fresh = mail(site, { dedupe_key: `d2-${site}`, data: { commentId: 'c9', toMe: true } });
    const twin = mail(site, { dedupe_key: `d2-${site}` });
    const plain = mail(site);
    assert.deepEqual(await s.store.enqueueMails([again, fresh, twin, plain]), [false, true, false, true]);
    assert.equal(await s.store.getMail(again.id), undefined);
    assert.deepEqual((await s.store.getMail(fresh.id))!.data, { commentId: 'c9', toMe: true });
    assert.equal((await s.store.getMail(plain.id))!.state, 'queued');
    assert.deepEqual(await s.store.enqueueMails([]), []);
  });

  s.it('a published comment keeps a marker until its rows are written with the marker’s removal', async () => {
    const site = await s.site();
    const parent = await s.post(site, 'k1', { author_email: 'anne@example.org' });
    const mine = async () => {
      const ids = new Set([parent.id, reply.id, held.id, twin.id]);
      return (await s.store.pendingReplies(100_000)).filter((p) => ids.has(p.id));
    };
    const reply = s.row(site, { thread_id: parent.thread_id, parent_id: parent.id, root_id: parent.id, depth: 1 });
    const held = s.row(site, { thread_id: parent.thread_id, status: 'pending' });
    const twin = s.row(site, { thread_id: parent.thread_id, dedupe_key: reply.dedupe_key });
    assert.deepEqual(await s.store.insertComment({ comment: reply, thread: s.thread(site, 'k1'), notify: true }), {
      ok: true,
      threadId: parent.thread_id,
    });
    // A held comment is not marked as it is stored; a refused one leaves nothing.
    await s.store.insertComment({ comment: held, thread: s.thread(site, 'k1'), notify: true });
    const refused = await s.store.insertComment({ comment: twin, thread: s.thread(site, 'k1'), notify: true });
    assert.deepEqual(refused, { ok: false, reason: 'DUPLICATE' });
    assert.deepEqual(await mine(), [
      {
        id: reply.id,
        comment: {
          site_id: site,
          thread_id: parent.thread_id,
          parent_id: parent.id,
          author_email: reply.author_email,
          status: 'approved',
        },
        parentEmail: 'anne@example.org',
      },
    ]);

    // Approved later: marked by the same update; an update that does not publish marks nothing.
    await s.store.updateComment(held.id, { status: 'approved' });
    await s.store.updateComment(parent.id, { body: 'edited' });
    assert.deepEqual((await mine()).map((p) => p.id).sort(), [reply.id, held.id].sort());

    // The rows and the markers' removal are one unit: a second teller of the same comments (a
    // server that read them at the same time) writes nothing.
    const told = mail(site, { dedupe_key: `reply:a1:${reply.id}`, data: { replies: [{ commentId: reply.id }] } });
    assert.equal(await s.store.tellReplies([reply.id, held.id], [told]), true);
    assert.deepEqual(await mine(), []);
    const late = mail(site, { dedupe_key: `reply:a2:${reply.id}` });
    assert.equal(await s.store.tellReplies([reply.id], [late]), false);
    assert.equal(await s.store.getMail(late.id), undefined);
    assert.equal((await s.store.getMail(told.id))?.state, 'queued');

    // Deleted and published again: marked again, so told again.
    await s.store.updateComment(held.id, { status: 'deleted' });
    await s.store.updateComment(held.id, { status: 'approved' });
    assert.deepEqual(
      (await mine()).map((p) => p.id),
      [held.id],
    );
    assert.equal(await s.store.tellReplies([held.id], []), true);
  });

  s.it('whether anyone follows a thread or a comment, confirmed or not', async () => {
    const site = await s.site();
    const thread = `t-${site}`;
    const address = async () =>
      (
        await s.store.saveMailAddress({
          id: newId(),
          site_id: site,
          email: `f-${newId().toLowerCase()}@example.org`,
          confirmed_at: null,
          created_at: 1_000,
          active_at: 1_000,
        })
      ).id;
    const [a1, a2] = [await address(), await address()];
    assert.equal(await s.store.hasMailFollowers(thread, 'c1'), false);
    await s.store.addMailSubscription({
      id: `${a1}:${thread}:c1`,
      address_id: a1,
      site_id: site,
      thread_id: thread,
      comment_id: 'c1',
      created_at: 3_000,
    });
    assert.equal(await s.store.hasMailFollowers(thread, 'c1'), true);
    assert.equal(await s.store.hasMailFollowers(thread, 'c2'), false);
    assert.equal(await s.store.hasMailFollowers(thread, null), false);
    await s.store.addMailSubscription({
      id: `${a2}:${thread}:*`,
      address_id: a2,
      site_id: site,
      thread_id: thread,
      comment_id: null,
      created_at: 3_000,
    });
    assert.equal(await s.store.hasMailFollowers(thread, 'c2'), true);
    assert.equal(await s.store.hasMailFollowers(thread, null), true);
  });
});
