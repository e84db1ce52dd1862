// Part of the storage behaviour suite: what moderators read and record (queues, counts,
// reports, search, daily statistics, bans, the audit log) and the batch reads of a page of
// queue items, on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { AuditRow, BanRow, ReportRow } from '../../src/core/ports.ts';
import { oneSite, storeSuite } from './harness.ts';

const report = (siteId: string, commentId: string, o: Partial<ReportRow> = {}): ReportRow => ({
  id: newId(),
  site_id: siteId,
  comment_id: commentId,
  reason: 'abuse',
  ip_hash: null,
  created_at: 1_000,
  resolved_at: null,
  ...o,
});
const DAY = 86_400_000;

storeSuite('moderation', (s) => {
  s.it('a status queue lists that status only, newest first, in pages', async () => {
    const site = await s.site();
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await s.post(site, 'queue', { status: 'pending' }));
    await s.post(site, 'queue');
    await s.post(await s.site(), 'queue', { status: 'pending' });
    const first = await s.store.listByStatus(site, 'pending', null, 2);
    assert.deepEqual(
      first.map((c) => c.id),
      [held[2].id, held[1].id],
    );
    assert.deepEqual(first[0], held[2]);
    assert.deepEqual(
      (await s.store.listByStatus(site, 'pending', first[1].id, 2)).map((c) => c.id),
      [held[0].id],
    );
  });

  s.it('the reported queue holds comments with an open report, not deleted ones; resolving empties it', async () => {
    const site = await s.site();
    const [a, b, gone] = [await s.post(site, 'rep'), await s.post(site, 'rep'), await s.post(site, 'rep')];
    await s.post(site, 'rep');
    for (const c of [a, a, b, gone]) await s.store.addReport(report(site, c.id));
    await s.store.updateComment(gone.id, { status: 'deleted' });
    assert.deepEqual(
      (await s.store.listReported(site, null, 10)).map((c) => c.id),
      [b.id, a.id],
    );
    assert.deepEqual(
      (await s.store.listReported(site, b.id, 10)).map((c) => c.id),
      [a.id],
    );
    assert.equal(await s.store.resolveReports(a.id, 9_000), 2);
    assert.equal(await s.store.resolveReports(a.id, 9_500), 0);
    assert.deepEqual(await s.store.openReports([a.id]), []);
    assert.deepEqual(
      (await s.store.listReported(site, null, 10)).map((c) => c.id),
      [b.id],
    );
  });

  s.it('counts by status include every status and the reported comments still shown', async () => {
    const site = await s.site();
    assert.deepEqual(await s.store.countsByStatus(site), { pending: 0, approved: 0, spam: 0, deleted: 0, reported: 0 });
    const a = await s.post(site, 'counts');
    await s.post(site, 'counts');
    await s.post(site, 'counts', { status: 'pending' });
    const spam = await s.post(site, 'counts', { status: 'spam' });
    const deleted = await s.post(site, 'counts', { status: 'deleted' });
    for (const c of [a, a, spam, deleted]) await s.store.addReport(report(site, c.id));
    assert.deepEqual(await s.store.countsByStatus(site), { pending: 1, approved: 2, spam: 1, deleted: 1, reported: 2 });
  });

  s.it('search matches text, author, address and article together, literally and whatever the case', async () => {
    const site = await s.site();
    const other = await s.site();
    const a = await s.post(site, 'https://news.test/elections', {
      body: 'Turnout was 50% in Berlin',
      author_name: 'Anne Smith',
      author_email: 'Anne@Example.com',
    });
    const b = await s.post(site, 'https://news.test/weather', {
      body: 'Rain in BERLIN again',
      author_name: 'Bob',
      author_email: 'bob@example.com',
    });
    const c = await s.post(site, 'https://news.test/weather', {
      body: 'Sunny, 50 degrees',
      author_name: 'Anne Other',
      author_email: 'other@example.com',
    });
    await s.post(other, 'https://news.test/elections', { body: 'berlin elsewhere' });
    const ids = async (q: Parameters<typeof s.store.searchComments>[1], before: string | null = null, limit = 10) =>
      (await s.store.searchComments(site, q, before, limit)).map((x) => x.id);
    assert.deepEqual(await ids({ text: 'berlin' }), [b.id, a.id]);
    assert.deepEqual(await ids({ text: '50%' }), [a.id], '% is a literal, not a wildcard');
    assert.deepEqual(await ids({ author: 'anne' }), [c.id, a.id]);
    assert.deepEqual(await ids({ email: ' anne@example.COM ' }), [a.id]);
    assert.deepEqual(await ids({ article: 'WEATHER' }), [c.id, b.id]);
    assert.deepEqual(await ids({ article: 'Title of https://news.test/elections' }), [a.id], 'the title matches too');
    assert.deepEqual(await ids({ text: 'berlin', author: 'bob' }), [b.id]);
    assert.deepEqual(await ids({}, c.id, 1), [b.id]);
    assert.deepEqual((await s.store.searchComments(site, { text: 'turnout' }, null, 10))[0], a);
  });

  s.it('daily statistics count comments per UTC day and status since a time', async () => {
    const site = await s.site();
    const day0 = Date.UTC(2027, 2, 1);
    await s.post(site, 'stats', { created_at: day0 - 1 });
    await s.post(site, 'stats', { created_at: day0 + 5 });
    await s.post(site, 'stats', { created_at: day0 + DAY - 1 });
    await s.post(site, 'stats', { created_at: day0 + 10, status: 'spam' });
    await s.post(site, 'stats', { created_at: day0 + DAY + 3 });
    const rows = await s.store.dailyStats(site, day0);
    const key = (r: { day: string; status: string }) => `${r.day} ${r.status}`;
    assert.deepEqual(
      rows.map((r) => r.day),
      [...rows.map((r) => r.day)].sort(),
      'in day order',
    );
    assert.deepEqual(
      [...rows].sort((x, y) => key(x).localeCompare(key(y))),
      [
        { day: '2027-03-01', status: 'approved', n: 2 },
        { day: '2027-03-01', status: 'spam', n: 1 },
        { day: '2027-03-02', status: 'approved', n: 1 },
      ],
    );
  });

  s.it('bans in force are those without an end or ending later, newest first; a ban can be lifted once', async () => {
    const site = await s.site();
    const ban = (o: Partial<BanRow>): BanRow => ({
      id: newId(),
      site_id: site,
      kind: 'email',
      value: 'troll@example.com',
      reason: null,
      until: null,
      created_by: 'u1',
      created_at: 1_000,
      ...o,
    });
    const forever = ban({ reason: 'abuse' });
    const expired = ban({ kind: 'ip', value: 'hash', until: 4_000 });
    const running = ban({ kind: 'domain', value: 'spam.test', until: 9_000 });
    for (const b of [forever, expired, running]) await s.store.addBan(b);
    await s.store.addBan({ ...ban({}), site_id: await s.site() });
    assert.deepEqual(await s.store.activeBans(site, 5_000), [running, forever]);
    assert.deepEqual(
      (await s.store.activeBans(site, 3_000)).map((b) => b.id),
      [running.id, expired.id, forever.id],
    );
    assert.equal(await s.store.deleteBan(site, running.id), true);
    assert.equal(await s.store.deleteBan(site, running.id), false);
    assert.equal(await s.store.deleteBan(await s.site(), forever.id), false, "another site's ban stays");
    assert.deepEqual(await s.store.activeBans(site, 5_000), [forever]);
  });

  s.it("the audit log lists a site's entries newest first, in pages", async () => {
    const site = await s.site();
    const entry = (o: Partial<AuditRow>): AuditRow => ({
      id: newId(),
      site_id: site,
      actor: 'u1',
      action: 'comment.approve',
      target: null,
      before: null,
      after: null,
      created_at: 1_000,
      ...o,
    });
    const rows = [
      entry({ target: 'c1', before: { status: 'pending' }, after: { status: 'approved' } }),
      entry({ action: 'ban.add' }),
      entry({ action: 'site.update' }),
    ];
    for (const r of rows) await s.store.addAudit(r);
    await s.store.addAudit({ ...entry({}), site_id: await s.site() });
    assert.deepEqual(await s.store.listAudit(site, null, 10), [...rows].reverse());
    assert.deepEqual(
      (await s.store.listAudit(site, rows[2].id, 1)).map((r) => r.action),
      ['ban.add'],
    );
  });

  s.it('a page of queue items reads its threads, parents, histories and reports in one query each', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = `batch-${newId()}`;
    const a = row(siteId, { author_email: 'hist-a@example.com' });
    const { threadId } = (await store.insertComment({ comment: a, thread: thread(key) })) as { threadId: string };
    const b = row(siteId, {
      author_email: 'hist-a@example.com',
      status: 'spam',
      parent_id: a.id,
      root_id: a.id,
      depth: 1,
    });
    const c = row(siteId, { author_email: 'hist-b@example.com', status: 'deleted' });
    for (const x of [b, c]) await store.insertComment({ comment: x, thread: thread(key) });
    const h = await store.authorHistories(siteId, ['hist-a@example.com', 'hist-b@example.com', 'nobody@example.com']);
    assert.deepEqual(Object.fromEntries(h), {
      'hist-a@example.com': { approved: 1, rejected: 1 },
      'hist-b@example.com': { approved: 0, rejected: 1 },
      'nobody@example.com': { approved: 0, rejected: 0 },
    });
    assert.deepEqual(
      (await store.getThreads([threadId, threadId, 'missing'])).map((t) => t.key),
      [key],
    );
    assert.deepEqual((await store.getComments([a.id, c.id])).map((x) => x.id).sort(), [a.id, c.id].sort());
    assert.deepEqual(await store.getComments([]), []);
    await store.addReport({
      id: newId(),
      site_id: siteId,
      comment_id: a.id,
      reason: 'abuse',
      ip_hash: null,
      created_at: 1,
      resolved_at: null,
    });
    await store.addReport({
      id: newId(),
      site_id: siteId,
      comment_id: c.id,
      reason: 'spam',
      ip_hash: null,
      created_at: 2,
      resolved_at: null,
    });
    assert.deepEqual(
      (await store.openReports([a.id, b.id, c.id])).map((r) => [r.comment_id, r.reason]),
      [
        [a.id, 'abuse'],
        [c.id, 'spam'],
      ],
    );
  });
});
