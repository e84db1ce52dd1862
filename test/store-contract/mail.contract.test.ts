// Part of the storage behaviour suite: readers' notification addresses, subscriptions, the
// outbox and suppressions, on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { MailAddressRow, MailRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const address = (siteId: string, o: Partial<MailAddressRow> = {}): MailAddressRow => ({
  id: newId(),
  site_id: siteId,
  email: `r-${newId().toLowerCase()}@example.org`,
  confirmed_at: null,
  created_at: 1_000,
  active_at: 1_000,
  ...o,
});

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

storeSuite('Mail', (s) => {
  s.it('an address is created once, confirmed once, found by id or by site and address', async () => {
    const site = await s.site();
    const a = address(site);
    assert.deepEqual(await s.store.saveMailAddress(a), a);
    const again = await s.store.saveMailAddress({ ...a, id: newId(), created_at: 5_000, active_at: 5_000 });
    assert.equal(again.id, a.id);
    assert.equal(again.active_at, 5_000);
    assert.equal(await s.store.confirmMailAddress(a.id, 6_000), true);
    assert.equal(await s.store.confirmMailAddress(a.id, 7_000), false);
    assert.equal((await s.store.getMailAddress({ id: a.id }))!.confirmed_at, 6_000);
    assert.equal((await s.store.getMailAddress({ siteId: site, email: a.email }))!.id, a.id);
    assert.equal(await s.store.getMailAddress({ id: 'nope' }), undefined);
  });

  s.it('subscribers are the confirmed addresses following the thread or the replied comment', async () => {
    const site = await s.site();
    const [whole, toC1, toC2, pending] = [address(site), address(site), address(site), address(site)];
    for (const a of [whole, toC1, toC2, pending]) {
      await s.store.saveMailAddress(a);
      if (a !== pending) await s.store.confirmMailAddress(a.id, 2_000);
    }
    const sub = (a: MailAddressRow, comment: string | null) =>
      s.store.addMailSubscription({
        id: `${a.id}:t1:${comment ?? '*'}`,
        address_id: a.id,
        site_id: site,
        thread_id: `t-${site}`,
        comment_id: comment,
        created_at: 3_000,
      });
    await sub(whole, null);
    await sub(toC1, 'c1');
    await sub(toC1, 'c1');
    await sub(toC2, 'c2');
    await sub(pending, null);
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
    assert.deepEqual(ids(await s.store.mailFollowers(`t-${site}`, 'c1')), [whole.id, toC1.id].sort());
    assert.deepEqual(ids(await s.store.mailFollowers(`t-${site}`, null)), [whole.id]);
    assert.equal((await s.store.mailSubscriptions(toC1.id)).length, 1);
    assert.equal(await s.store.removeMailSubscriptions(toC1.id, 'other-thread'), 0);
    assert.equal(await s.store.removeMailSubscriptions(toC1.id, `t-${site}`), 1);
    assert.equal(await s.store.removeMailSubscriptions(whole.id, null), 1);
    assert.deepEqual(await s.store.mailFollowers(`t-${site}`, 'c1'), []);
  });

  s.it('suppressions list by site, answer membership, and clear', async () => {
    const site = await s.site();
    const row = { id: `${site}:x@example.org`, site_id: site, email: 'x@example.org', reason: '550', created_at: 1 };
    await s.store.addMailSuppression(row);
    await s.store.addMailSuppression(row);
    assert.deepEqual(await s.store.mailSuppressions(site), [row]);
    assert.equal(await s.store.isMailSuppressed(site, 'x@example.org'), true);
    assert.equal(await s.store.removeMailSuppression(site, 'x@example.org'), true);
    assert.equal(await s.store.removeMailSuppression(site, 'x@example.org'), false);
    assert.equal(await s.store.isMailSuppressed(site, 'x@example.org'), false);
  });

  s.it('a mail is enqueued once per dedupe key, claimed once, with its group, then finished', async () => {
    const site = await s.site();
    const g = `g-${site}`;
    const first = mail(site, { dedupe_key: `d-${site}`, group_key: g, next_attempt_at: 1_000 });
    assert.equal(await s.store.enqueueMail(first), true);
    assert.equal(await s.store.enqueueMail({ ...first, id: newId() }), false);
    const later = mail(site, { group_key: g, next_attempt_at: 99_000 });
    await s.store.enqueueMail(later);
    const claimA = await s.store.claimMail(`a-${site}`, 2_000, 60_000, 10);
    const mine = claimA.filter((r) => r.site_id === site);
    assert.deepEqual(mine.map((r) => r.id).sort(), [first.id, later.id].sort());
    assert.deepEqual(mine.find((r) => r.id === first.id)!.data, { commentId: 'c1' });
    const claimB = await s.store.claimMail(`b-${site}`, 2_000, 60_000, 10);
    assert.equal(claimB.filter((r) => r.site_id === site).length, 0);
    await s.store.finishMail([first.id], { state: 'sent', sent_at: 3_000, attempts: 1 });
    await s.store.finishMail([later.id], { state: 'merged', sent_at: 3_000 });
    const done = (await s.store.getMail(first.id))!;
    assert.equal(done.state, 'sent');
    assert.equal(done.claimed_by, null);
    const sent = (since: number) => s.store.countMail({ siteId: site, since, recipient: 'a@example.org', sent: true });
    assert.deepEqual([await sent(3_000), await sent(3_001)], [1, 0]);
  });

  s.it('a claim that ran out is claimed again; counts go by kind, recipient and network', async () => {
    const site = await s.site();
    const m = mail(site, { kind: 'confirm', ip_hash: 'net1', recipient: 'q@example.org', created_at: 5_000 });
    await s.store.enqueueMail(m);
    assert.equal(
      (await s.store.claimMail(`a-${site}`, 5_000, 6_000, 50)).some((r) => r.id === m.id),
      true,
    );
    assert.equal(
      (await s.store.claimMail(`b-${site}`, 7_000, 9_000, 50)).some((r) => r.id === m.id),
      true,
    );
    const count = (o: object) => s.store.countMail({ siteId: site, kind: 'confirm', since: 4_000, ...o });
    assert.equal(await count({}), 1);
    assert.equal(await count({ recipient: 'q@example.org' }), 1);
    assert.equal(await count({ ipHash: 'net1' }), 1);
    assert.equal(await count({ ipHash: 'net2' }), 0);
    assert.equal(await s.store.countMail({ siteId: site, kind: 'confirm', since: 5_001 }), 0);
  });

  s.it("an address's mail data is exported, purged past its time, and erased", async () => {
    const site = await s.site();
    const a = address(site, { email: `e-${site.toLowerCase()}@example.org`, created_at: 1_000 });
    await s.store.saveMailAddress(a);
    await s.store.addMailSubscription({
      id: `${a.id}:t`,
      address_id: a.id,
      site_id: site,
      thread_id: 't',
      comment_id: null,
      created_at: 1_000,
    });
    await s.store.enqueueMail(mail(site, { recipient: a.email, state: 'sent', created_at: 1_000 }));
    await s.store.enqueueMail(mail(site, { recipient: a.email, created_at: 1_000 }));
    const data = await s.store.mailDataByEmail(a.email, site);
    assert.equal(data.addresses.length, 1);
    assert.equal(data.subscriptions.length, 1);
    assert.equal(data.outbox.length, 2);
    const kept = await s.store.purgeMail(site, { doneBefore: 500, unconfirmedBefore: 500, idleBefore: 500 });
    assert.equal(kept, 0);
    const purged = await s.store.purgeMail(site, { doneBefore: 2_000, unconfirmedBefore: 2_000, idleBefore: 500 });
    assert.equal(purged, 3);
    assert.equal((await s.store.mailDataByEmail(a.email, null)).outbox.length, 1);
    assert.equal(await s.store.eraseMailData(a.email, site), 1);
    assert.deepEqual(await s.store.mailDataByEmail(a.email, null), { addresses: [], subscriptions: [], outbox: [] });
  });
});
