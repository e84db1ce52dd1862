// What moderators read and record: the queues and their counts, readers' reports, bans,
// the audit log, commenters' histories, search and the dashboard's daily statistics.
import { sql } from 'kysely';
import type { AuditRow, BanRow, CommentRow, CommentStatus, ReportRow } from '../../core/ports.ts';
import { num, stmt, type StoreContext } from './context.ts';
import { auditFromRow, auditToRow, commentFromRow } from './rows.ts';

export class ModerationRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async listByStatus(
    siteId: string,
    status: CommentStatus,
    beforeId: string | null,
    limit: number,
  ): Promise<CommentRow[]> {
    let q = this.#db.selectFrom('comments').selectAll().where('site_id', '=', siteId).where('status', '=', status);
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => commentFromRow(r));
  }

  async listReported(siteId: string, beforeId: string | null, limit: number): Promise<CommentRow[]> {
    const open = this.#db
      .selectFrom('reports')
      .select('comment_id')
      .where('site_id', '=', siteId)
      .where('resolved_at', 'is', null);
    let q = this.#db
      .selectFrom('comments')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('id', 'in', open)
      .where('status', '!=', 'deleted');
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => commentFromRow(r));
  }

  async countsByStatus(siteId: string): Promise<Record<CommentStatus | 'reported', number>> {
    const rows = await this.#db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('site_id', '=', siteId)
      .groupBy('status')
      .execute();
    const out = { pending: 0, approved: 0, spam: 0, deleted: 0, reported: 0 } as Record<
      CommentStatus | 'reported',
      number
    >;
    for (const r of rows) out[r.status as CommentStatus] = num(r.n);
    const reported = await this.#db
      .selectFrom('reports as r')
      .innerJoin('comments as c', 'c.id', 'r.comment_id')
      .select((eb) => eb.fn.count(sql`distinct r.comment_id`).as('n'))
      .where('r.site_id', '=', siteId)
      .where('r.resolved_at', 'is', null)
      .where('c.status', '!=', 'deleted')
      .executeTakeFirst();
    out.reported = num(reported?.n ?? 0);
    return out;
  }

  async authorHistories(
    siteId: string,
    emails: string[],
  ): Promise<Map<string, { approved: number; rejected: number }>> {
    const out = new Map(emails.map((e) => [e, { approved: 0, rejected: 0 }]));
    if (!emails.length) return out;
    // Counted here rather than grouped in SQL: grouping by status tempts SQLite into reading the
    // whole site through the status index (test/store/sqlite-plans.test.ts).
    const rows = await this.#db
      .selectFrom('comments')
      .select(['author_email', 'status'])
      .where('site_id', '=', siteId)
      .where('author_email', 'in', [...out.keys()])
      .execute();
    for (const r of rows) {
      const h = out.get(r.author_email)!;
      if (r.status === 'approved') h.approved++;
      else if (r.status === 'spam' || r.status === 'deleted') h.rejected++;
    }
    return out;
  }

  /**
   * Comments of a site matching all the given filters, newest first: words of the text (a
   * substring, case-insensitive), the author's name, their email, the article (thread key or
   * title). A moderators' tool: it reads the site's comments rather than an index.
   */
  async searchComments(
    siteId: string,
    q: { text?: string; author?: string; email?: string; article?: string },
    beforeId: string | null,
    limit: number,
  ): Promise<CommentRow[]> {
    const like = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    let query = this.#db.selectFrom('comments as c').selectAll('c').where('c.site_id', '=', siteId);
    if (q.text) query = query.where(sql<string>`lower(c.body)`, 'like', sql<string>`${like(q.text)} escape '\\'`);
    if (q.author)
      query = query.where(sql<string>`lower(c.author_name)`, 'like', sql<string>`${like(q.author)} escape '\\'`);
    if (q.email) query = query.where(sql<string>`lower(c.author_email)`, '=', q.email.trim().toLowerCase());
    if (q.article) {
      const pattern = like(q.article);
      query = query.where(
        'c.thread_id',
        'in',
        this.#db
          .selectFrom('threads as t')
          .select('t.id')
          .where('t.site_id', '=', siteId)
          .where((eb) =>
            eb.or([
              eb(sql<string>`lower(t.key)`, 'like', sql<string>`${pattern} escape '\\'`),
              eb(sql<string>`lower(coalesce(t.title, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
            ]),
          ),
      );
    }
    if (beforeId) query = query.where('c.id', '<', beforeId);
    const rows = await query.orderBy('c.id', 'desc').limit(limit).execute();
    return rows.map((r) => commentFromRow(r));
  }

  /** Comments per UTC day and status since `since` (for the dashboard's charts). */
  async dailyStats(siteId: string, since: number): Promise<{ day: string; status: CommentStatus; n: number }[]> {
    const day =
      this.#ctx.backend === 'postgres' ? sql<number>`floor(created_at / 86400000)` : sql<number>`created_at / 86400000`;
    const rows = await this.#db
      .selectFrom('comments')
      .select([day.as('d'), 'status', (eb) => eb.fn.countAll().as('n')])
      .where('site_id', '=', siteId)
      .where('created_at', '>=', since)
      .groupBy([day, 'status'])
      .execute();
    return rows
      .map((r) => ({
        day: new Date(num(r.d) * 86_400_000).toISOString().slice(0, 10),
        status: r.status as CommentStatus,
        n: num(r.n),
      }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  async addReport(row: ReportRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('reports').values(row))]);
  }

  async openReports(commentIds: string[]): Promise<ReportRow[]> {
    if (!commentIds.length) return [];
    const rows = await this.#db
      .selectFrom('reports')
      .selectAll()
      .where('comment_id', 'in', commentIds)
      .where('resolved_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at), resolved_at: null }));
  }

  async resolveReports(commentId: string, at: number): Promise<number> {
    const changes = await this.#ctx.changes('update', [
      stmt(
        this.#db
          .updateTable('reports')
          .set({ resolved_at: at })
          .where('comment_id', '=', commentId)
          .where('resolved_at', 'is', null),
      ),
    ]);
    return changes[0];
  }

  async addBan(row: BanRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('bans').values(row))]);
  }

  /** Bans in force at `now` (no end, or an end still ahead). */
  async activeBans(siteId: string, now: number): Promise<BanRow[]> {
    const rows = await this.#db
      .selectFrom('bans')
      .selectAll()
      .where('site_id', '=', siteId)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, until: r.until == null ? null : num(r.until), created_at: num(r.created_at) }));
  }

  async deleteBan(siteId: string, id: string): Promise<boolean> {
    const changes = await this.#ctx.changes('delete', [
      stmt(this.#db.deleteFrom('bans').where('site_id', '=', siteId).where('id', '=', id)),
    ]);
    return changes[0] > 0;
  }

  async addAudit(row: AuditRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('audit_log').values(auditToRow(row)))]);
  }

  async listAudit(siteId: string, beforeId: string | null, limit: number): Promise<AuditRow[]> {
    let q = this.#db.selectFrom('audit_log').selectAll().where('site_id', '=', siteId);
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(auditFromRow);
  }
}
