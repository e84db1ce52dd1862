// Comments one by one: the insert that also creates the thread, reads by id, the patch
// that keeps the thread's published count right, and the flood check's last post time.
import { sql } from 'kysely';
import type { CommentPatch, CommentRow, ExportCursor, InsertResult, NewCommentRecord } from '../../core/ports.ts';
import type { QueryMemo } from '../query-memo.ts';
import { writeFailed, type WriteStatement } from '../write-runner.ts';
import { num, stmt, type StoreContext } from './context.ts';
import { commentFromRow, commentToRow, newThreadValues, reasonsToColumn } from './rows.ts';

// Every column of a comment row but thread_id, which the insert looks up from the thread key.
const COMMENT_COLUMNS = [
  'id',
  'site_id',
  'parent_id',
  'root_id',
  'depth',
  'author_name',
  'author_email',
  'author_website',
  'avatar',
  'body',
  'body_html',
  'status',
  'created_at',
  'edited_at',
  'edit_token_hash',
  'ip_hash',
  'user_agent',
  'dedupe_key',
  'body_hash',
  'spam_score',
  'spam_reasons',
  'moderator',
  'moderator_edited_at',
] as const satisfies readonly (keyof CommentRow)[];

export class CommentRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async insertComment({ comment, thread, notify }: NewCommentRecord): Promise<InsertResult> {
    const db = this.#db;
    const columns = COMMENT_COLUMNS;
    const asStored = commentToRow(comment);
    const memoStmt = (shape: string, build: Parameters<QueryMemo['compile']>[1], values: unknown[]): WriteStatement => {
      const c = this.#ctx.memo.compile(shape, build, values);
      return { sql: c.sql, params: c.parameters };
    };
    const unit: WriteStatement[] = [
      memoStmt(
        'insert-thread',
        (a) =>
          db
            .insertInto('threads')
            .values(newThreadValues(a))
            .onConflict((oc) => oc.columns(['site_id', 'key']).doNothing()),
        [thread.id, thread.siteId, thread.key, thread.url, thread.title, thread.createdAt],
      ),
      memoStmt(
        'insert-comment',
        (a) => {
          const values: Record<string, unknown> = {};
          columns.forEach((col, i) => {
            values[col] = a(i + 2);
          });
          values.thread_id = db.selectFrom('threads').select('id').where('site_id', '=', a(0)).where('key', '=', a(1));
          return db.insertInto('comments').values(values as never);
        },
        [thread.siteId, thread.key, ...columns.map((col) => asStored[col] ?? null)],
      ),
    ];
    if (comment.status === 'approved') {
      unit.push(
        memoStmt(
          'count-thread',
          (a) =>
            db
              .updateTable('threads')
              .set({ comment_count: sql`comment_count + 1`, version: sql`version + 1` })
              .where('site_id', '=', a(0))
              .where('key', '=', a(1)),
          [thread.siteId, thread.key],
        ),
      );
    }
    // That its followers are to be told commits with the comment, or neither does.
    if (notify && comment.status === 'approved') unit.push(this.#markToTell(comment.id));
    const result = await this.#ctx.writer.run(unit);
    if (!result.ok) {
      if (result.code === 'UNIQUE' && /dedupe_key/.test(result.detail)) return { ok: false, reason: 'DUPLICATE' };
      throw writeFailed('insert', result);
    }
    if (comment.thread_id) return { ok: true, threadId: comment.thread_id };
    const stored = await db
      .selectFrom('comments')
      .select('thread_id')
      .where('id', '=', comment.id)
      .executeTakeFirstOrThrow();
    return { ok: true, threadId: stored.thread_id };
  }

  async getComment(id: string): Promise<CommentRow | undefined> {
    const r = await this.#db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    return r && commentFromRow(r);
  }

  async getComments(ids: string[]): Promise<CommentRow[]> {
    if (!ids.length) return [];
    return (
      await this.#db
        .selectFrom('comments')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute()
    ).map((r) => commentFromRow(r));
  }

  async exportComments(threadId: string, after: ExportCursor | null, limit: number): Promise<CommentRow[]> {
    // (depth, id) is the thread index's own order, and a row-value comparison lets both
    // databases seek to where the last page ended: each page is one range read.
    let q = this.#db.selectFrom('comments').selectAll().where('thread_id', '=', threadId);
    if (after) q = q.where((eb) => eb(eb.refTuple('depth', 'id'), '>', eb.tuple(after.depth, after.id)));
    const rows = await q.orderBy('depth').orderBy('id').limit(limit).execute();
    return rows.map((r) => commentFromRow(r));
  }

  async updateComment(id: string, patch: CommentPatch): Promise<CommentRow | undefined> {
    const before = await this.getComment(id);
    if (!before) return undefined;
    const set: Record<string, unknown> = {};
    if (patch.body !== undefined) set.body = patch.body;
    if (patch.bodyHtml !== undefined) set.body_html = patch.bodyHtml;
    if (patch.editedAt !== undefined) set.edited_at = patch.editedAt;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.verdict !== undefined) {
      set.spam_score = patch.verdict.score;
      set.spam_reasons = reasonsToColumn(patch.verdict.reasons);
    }
    if (patch.moderatorEditedAt !== undefined) set.moderator_edited_at = patch.moderatorEditedAt;
    // A deleted comment no longer blocks the same text being posted again.
    if (patch.status === 'deleted') set.dedupe_key = null;
    const unit: WriteStatement[] = [
      stmt(this.#db.updateTable('comments').set(set).where('id', '=', id).where('status', '=', before.status), {
        expectChanges: 1,
        failCode: 'CONCURRENT_CHANGE',
      }),
    ];
    const wasPublished = before.status === 'approved';
    const isPublished = (patch.status ?? before.status) === 'approved';
    const delta =
      wasPublished === isPublished
        ? sql<number>`comment_count`
        : isPublished
          ? sql<number>`comment_count + 1`
          : sql<number>`comment_count - 1`;
    unit.push(
      stmt(
        this.#db
          .updateTable('threads')
          .set({ comment_count: delta, version: sql<number>`version + 1` })
          .where('id', '=', before.thread_id),
      ),
    );
    // Published now (a moderator approved it): its followers are told as a reply posted
    // published is, whether or not mail is on (the notifier drops markers while it is off).
    if (isPublished && !wasPublished) unit.push(this.#markToTell(id));
    await this.#ctx.changes('update', unit);
    return this.getComment(id);
  }

  /** The reply notifier's marker (migration 0014); a comment published again keeps its one. */
  #markToTell(id: string): WriteStatement {
    const c = this.#ctx.memo.compile(
      'mark-to-tell',
      (a) =>
        this.#db
          .insertInto('mail_reply_pending')
          .values({ comment_id: a(0) as never })
          .onConflict((oc) => oc.doNothing()),
      [id],
    );
    return { sql: c.sql, params: c.parameters };
  }

  async commentIdByDedupeKey(siteId: string, dedupeKey: string): Promise<string | undefined> {
    const r = await this.#db
      .selectFrom('comments')
      .select('id')
      .where('dedupe_key', '=', dedupeKey)
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    return r?.id;
  }

  async lastPostTime(siteId: string, ipHash: string | null, email: string, since: number): Promise<number | null> {
    const latest = async (column: 'author_email' | 'ip_hash', value: string) =>
      (
        await this.#db
          .selectFrom('comments')
          .select('created_at')
          .where('site_id', '=', siteId)
          .where(column, '=', value)
          .where('created_at', '>=', since)
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.created_at;
    const times = [await latest('author_email', email), ipHash ? await latest('ip_hash', ipHash) : undefined]
      .filter((t) => t != null)
      .map(num);
    return times.length ? Math.max(...times) : null;
  }
}
