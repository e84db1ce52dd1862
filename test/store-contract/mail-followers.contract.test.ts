// Part of the storage behaviour suite: what the published path reads and writes for a new
// comment's notifications, on every backend: its followers in one read (with their suppression
// and their group's last sent mail), and its outbox rows in one write unit.
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

  s.it('a comment stores its reply mails in its own unit: both or neither', async () => {
    const site = await s.site();
    const parent = await s.post(site, 'k1');
    const reply = s.row(site, { thread_id: parent.thread_id, parent_id: parent.id, root_id: parent.id, depth: 1 });
    const rows = [
      mail(site, { dedupe_key: `reply:a1:${reply.id}`, data: { commentId: reply.id } }),
      mail(site, { dedupe_key: `reply:a2:${reply.id}`, data: { commentId: reply.id } }),
    ];
    const stored = await s.store.insertComment({ comment: reply, thread: s.thread(site, 'k1'), mail: rows });
    assert.deepEqual(stored, { ok: true, threadId: parent.thread_id });
    for (const r of rows) assert.deepEqual((await s.store.getMail(r.id))?.data, { commentId: reply.id });
    // The same comment again is refused, and its mails with it.
    const twin = s.row(site, { thread_id: parent.thread_id, parent_id: parent.id, dedupe_key: reply.dedupe_key });
    const late = mail(site, { dedupe_key: `reply:a3:${twin.id}` });
    const refused = await s.store.insertComment({ comment: twin, thread: s.thread(site, 'k1'), mail: [late] });
    assert.deepEqual(refused, { ok: false, reason: 'DUPLICATE' });
    assert.equal(await s.store.getMail(late.id), undefined);
    assert.equal(await s.store.getComment(twin.id), undefined);
  });
});
