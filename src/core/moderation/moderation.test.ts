// The Moderation service against an in-memory fake of the store slice it uses (ModerationStore
// in src/core/ports.ts): queues, actions with their audit entries, bulk, and pins.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog } from '../audit/audit-log.ts';
import { fakeClock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { ParleyEvents } from '../events.ts';
import type { AuditRow, CommentRow, CommentStatus, ModerationStore, ReportRow, ThreadRow } from '../ports.ts';
import { Moderation } from './moderation.ts';

const SITE = 'site-a';
const ME = { id: 'u1', email: 'mod@example.com' };

/** Just enough storage for Moderation: rows in maps, newest first where the store says so. */
function fakeStore() {
  const comments = new Map<string, CommentRow>();
  const threads = new Map<string, ThreadRow>();
  const reports: ReportRow[] = [];
  const audit: AuditRow[] = [];
  const newestFirst = (rows: CommentRow[], before: string | null, limit: number) =>
    rows
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .filter((r) => before === null || r.id < before)
      .slice(0, limit);
  const store: ModerationStore = {
    getMailAddress: async () => undefined,
    async listByStatus(siteId, status, before, limit) {
      return newestFirst(
        [...comments.values()].filter((c) => c.site_id === siteId && c.status === status),
        before,
        limit,
      );
    },
    async listReported(siteId, before, limit) {
      const open = new Set(reports.filter((r) => r.resolved_at === null).map((r) => r.comment_id));
      return newestFirst(
        [...comments.values()].filter((c) => c.site_id === siteId && open.has(c.id) && c.status !== 'deleted'),
        before,
        limit,
      );
    },
    async searchComments(siteId, q, before, limit) {
      return newestFirst(
        [...comments.values()].filter((c) => c.site_id === siteId && (!q.text || c.body.includes(q.text))),
        before,
        limit,
      );
    },
    async countsByStatus(siteId) {
      const counts = { pending: 0, approved: 0, spam: 0, deleted: 0, reported: 0 };
      for (const c of comments.values()) if (c.site_id === siteId) counts[c.status]++;
      return counts;
    },
    getComment: async (id) => comments.get(id),
    async updateComment(id, patch) {
      const row = comments.get(id);
      if (row && patch.status) comments.set(id, { ...row, status: patch.status });
      return comments.get(id);
    },
    async resolveReports(commentId, at) {
      const open = reports.filter((r) => r.comment_id === commentId && r.resolved_at === null);
      for (const r of open) r.resolved_at = at;
      return open.length;
    },
    getThread: async (id) => threads.get(id),
    getThreads: async (ids) => ids.flatMap((id) => threads.get(id) ?? []),
    getComments: async (ids) => ids.flatMap((id) => comments.get(id) ?? []),
    async setThreadPins(id, pinned) {
      threads.set(id, { ...threads.get(id)!, pinned });
    },
    authorHistories: async () => new Map(),
    openReports: async (ids) => reports.filter((r) => ids.includes(r.comment_id) && r.resolved_at === null),
  };
  const auditStore = {
    addAudit: async (row: AuditRow) => void audit.push(row),
    listAudit: async () => [...audit].reverse(),
  };
  return { store, auditStore, comments, threads, reports, audit };
}

let n = 0;
function comment(status: CommentStatus, extra: Partial<CommentRow> = {}): CommentRow {
  n++;
  return {
    id: `c${String(n).padStart(4, '0')}`,
    site_id: SITE,
    thread_id: 't1',
    parent_id: null,
    root_id: null,
    depth: 0,
    author_name: 'Reader',
    author_email: 'reader@example.com',
    author_website: null,
    avatar: 'a',
    body: `Comment ${n}`,
    body_html: `<p>Comment ${n}</p>`,
    status,
    created_at: 0,
    edited_at: null,
    edit_token_hash: null,
    ip_hash: null,
    user_agent: null,
    dedupe_key: null,
    ...extra,
  };
}

describe('Moderation', () => {
  let f: ReturnType<typeof fakeStore>;
  let moderation: Moderation;
  let marked: [string, string][];
  let events: ParleyEvents;

  beforeEach(() => {
    f = fakeStore();
    f.threads.set('t1', {
      id: 't1',
      site_id: SITE,
      key: 'https://news.example.com/a',
      url: null,
      title: 'A story',
      closed: false,
      comment_count: 0,
      version: 1,
      created_at: 0,
      pinned: [],
      reopened_at: null,
    });
    marked = [];
    events = new ParleyEvents();
    const clock = fakeClock();
    const review = {
      // Teaching the filter is SpamReview's business; here it only moves the comment.
      async mark(id: string, label: 'spam' | 'ham') {
        marked.push([id, label]);
        const row = f.comments.get(id)!;
        f.comments.set(id, { ...row, status: label === 'spam' ? 'spam' : 'approved' });
        return { status: f.comments.get(id)!.status, before: 0, after: 0 };
      },
    };
    const spam = { explainText: async () => [] };
    moderation = new Moderation({
      store: f.store,
      clock,
      events,
      review,
      spam,
      audit: new AuditLog({ store: f.auditStore, clock }),
    });
  });

  test('a queue pages newest first with a cursor, and its items carry the thread', async () => {
    for (let i = 0; i < 3; i++) f.comments.set(`p${i}`, comment('pending', { id: `p${i}` }));
    const first = await moderation.queue(SITE, 'pending', null, 2);
    assert.deepEqual(
      first.items.map((i) => i.id),
      ['p2', 'p1'],
    );
    assert.equal(first.next, 'p1');
    assert.deepEqual(
      (await moderation.queue(SITE, 'pending', first.next, 2)).items.map((i) => i.id),
      ['p0'],
    );
    assert.deepEqual(first.items[0].thread, {
      id: 't1',
      key: 'https://news.example.com/a',
      title: 'A story',
      url: null,
      closed: false,
    });
  });

  test('approve moves the comment, answers its reports and is audited with the status before and after', async () => {
    const c = comment('pending');
    f.comments.set(c.id, c);
    f.reports.push({
      id: 'r1',
      site_id: SITE,
      comment_id: c.id,
      reason: 'abuse',
      ip_hash: null,
      created_at: 0,
      resolved_at: null,
    });
    const queued: string[] = [];
    events.on('queue.changed', (e) => queued.push(e.siteId));
    const item = await moderation.act(ME, SITE, c.id, 'approve');
    assert.equal(item.status, 'approved');
    assert.equal(f.reports[0].resolved_at !== null, true);
    assert.deepEqual(queued, [SITE]);
    assert.equal(f.audit.length, 1);
    const entry = f.audit[0];
    assert.deepEqual(
      [entry.actor, entry.action, entry.target, entry.site_id],
      ['user:u1 mod@example.com', 'comment.approve', c.id, SITE],
    );
    assert.deepEqual([entry.before, entry.after], [{ status: 'pending' }, { status: 'approved' }]);
  });

  test('spam and not-spam go through the spam review; a deleted comment cannot be marked', async () => {
    const c = comment('approved');
    const gone = comment('deleted');
    f.comments.set(c.id, c);
    f.comments.set(gone.id, gone);
    assert.equal((await moderation.act(ME, SITE, c.id, 'spam')).status, 'spam');
    assert.deepEqual(marked, [[c.id, 'spam']]);
    await assert.rejects(
      moderation.act(ME, SITE, gone.id, 'ham'),
      (e) => e instanceof AppError && e.code === 'NOT_FOUND',
    );
  });

  test('another site’s comment answers as if it did not exist', async () => {
    const c = comment('pending', { site_id: 'site-b' });
    f.comments.set(c.id, c);
    await assert.rejects(
      moderation.act(ME, SITE, c.id, 'approve'),
      (e) => e instanceof AppError && e.code === 'NOT_FOUND',
    );
    await assert.rejects(moderation.item(SITE, c.id), (e) => e instanceof AppError && e.code === 'NOT_FOUND');
    assert.equal(f.audit.length, 0);
  });

  test('bulk: each comment succeeds or fails on its own', async () => {
    const a = comment('pending');
    f.comments.set(a.id, a);
    const results = await moderation.bulk(ME, SITE, [a.id, 'missing'], 'delete');
    assert.deepEqual(results, [
      { id: a.id, ok: true, status: 'deleted' },
      { id: 'missing', ok: false },
    ]);
  });

  test('pins: only published top-level comments, at most three live ones', async () => {
    const reply = comment('approved', { depth: 1, parent_id: 'x' });
    f.comments.set(reply.id, reply);
    await assert.rejects(
      moderation.pin(ME, SITE, reply.id, true),
      (e) => e instanceof AppError && e.code === 'NOT_PINNABLE',
    );
    const tops = [1, 2, 3, 4].map(() => comment('approved'));
    for (const c of tops) f.comments.set(c.id, c);
    for (const c of tops.slice(0, 3)) assert.equal((await moderation.pin(ME, SITE, c.id, true)).pinned, true);
    await assert.rejects(
      moderation.pin(ME, SITE, tops[3].id, true),
      (e) => e instanceof AppError && e.code === 'PIN_LIMIT',
    );
    // A pinned comment removed later no longer counts against the limit.
    f.comments.set(tops[0].id, { ...tops[0], status: 'deleted' });
    assert.equal((await moderation.pin(ME, SITE, tops[3].id, true)).pinned, true);
    assert.deepEqual(f.threads.get('t1')!.pinned, [tops[1].id, tops[2].id, tops[3].id]);
    const last = f.audit.at(-1)!;
    assert.deepEqual([last.action, last.before, last.after], ['comment.pin', { pinned: false }, { pinned: true }]);
  });
});
