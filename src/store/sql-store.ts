// The query layer, written once for every SQL backend. Reads go through Kysely directly;
// writes are compiled here and handed to the backend's WriteRunner as atomic units, which
// lets SQLite batch them into group commits and PostgreSQL run them as transactions.
import { type Compilable, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type {
  CommentPatch,
  CommentRow,
  InsertResult,
  MoreRepliesQuery,
  NewCommentRecord,
  RepliesQuery,
  SiteRow,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  ApiKeyRow,
  AuditRow,
  BanRow,
  CommentStatus,
  MembershipRow,
  ReportRow,
  SessionRow,
  UserRow,
  SpamFacts,
  SpamFactsQuery,
  Store,
  ThreadRow,
  TopLevelQuery,
} from '../core/ports.ts';
import type { Database } from './schema.ts';
import { PUBLIC_COLUMNS, type PublicRow } from '../core/records.ts';
import { writeFailed, type WriteRunner, type WriteStatement } from './write-runner.ts';
import { QueryMemo, arg } from './query-memo.ts';
import type { ThreadPageQuery, ThreadPageRows } from '../core/ports.ts';

// Every column of a comment row but thread_id, which the insert looks up from the thread key.
const COMMENT_COLUMNS = ['id', 'site_id', 'parent_id', 'root_id', 'depth', 'author_name', 'author_email', 'author_website', 'avatar', 'body', 'body_html', 'status', 'created_at', 'edited_at', 'edit_token_hash', 'ip_hash', 'user_agent', 'dedupe_key', 'body_hash', 'spam_score', 'spam_reasons', 'moderator', 'moderator_edited_at'] as const satisfies readonly (keyof CommentRow)[];

function stmt(query: Compilable, extra: Partial<WriteStatement> = {}): WriteStatement {
  const compiled = query.compile();
  return { sql: compiled.sql, params: compiled.parameters, ...extra };
}

/** Rows come back with numbers as strings or bigints from some drivers; normalize here. */
function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}
/** In place: rows are fresh objects, and hot read paths should not copy them. */
function commentFromRow<T extends { depth: number; created_at: number; edited_at: number | null }>(r: T): T {
  if (typeof r.depth !== 'number') r.depth = num(r.depth);
  if (typeof r.created_at !== 'number') r.created_at = num(r.created_at);
  if (r.edited_at != null && typeof r.edited_at !== 'number') r.edited_at = num(r.edited_at);
  const m = r as { moderator?: unknown; moderator_edited_at?: unknown };
  if (m.moderator != null && typeof m.moderator !== 'number') m.moderator = num(m.moderator);
  if (m.moderator_edited_at != null && typeof m.moderator_edited_at !== 'number') m.moderator_edited_at = num(m.moderator_edited_at);
  return r;
}
function threadFromRow(r: any): ThreadRow {
  return { ...r, closed: num(r.closed), comment_count: num(r.comment_count), version: num(r.version), created_at: num(r.created_at), reopened_at: r.reopened_at == null ? null : num(r.reopened_at) };
}
function userFromRow(r: any): UserRow {
  return { ...r, created_at: num(r.created_at), failed_logins: num(r.failed_logins), locked_until: r.locked_until == null ? null : num(r.locked_until) };
}
function siteFromRow(r: any): SiteRow {
  return { ...r, is_default: num(r.is_default), created_at: num(r.created_at) };
}

// The rules of what a thread page shows, shared by the per-part queries and threadPage.
/** Published top-level comments, and removed ones still above a published reply, in page order. */
function topLevelOf(db: Kysely<Database>, threadId: unknown, sort: 'oldest' | 'newest', afterId: string | null, limit: unknown) {
  let q = db
    .selectFrom('comments as c')
    .where('c.thread_id', '=', threadId as string)
    .where('c.depth', '=', 0)
    .where((eb) =>
      eb.or([
        eb('c.status', '=', 'approved'),
        eb.and([
          eb('c.status', '=', 'deleted'),
          eb.exists(eb.selectFrom('comments as r').select('r.id').whereRef('r.root_id', '=', 'c.id').where('r.status', '=', 'approved')),
        ]),
      ]),
    );
  if (afterId) q = q.where('c.id', sort === 'oldest' ? '>' : '<', afterId);
  return q.orderBy('c.id', sort === 'oldest' ? 'asc' : 'desc').limit(limit as number);
}
/** The first `perRoot` shown replies of each root. */
function repliesOf(db: Kysely<Database>, rootIds: unknown, perRoot: unknown) {
  // Rank narrow (id, root_id) rows, then fetch only the wanted comments in full.
  const ranked = db
    .selectFrom('comments')
    .select(['id', sql<number>`row_number() over (partition by root_id order by id)`.as('rn')])
    .where('root_id', 'in', rootIds as string[])
    .where('status', 'in', ['approved', 'deleted']);
  return db.selectFrom('comments as c').where('c.id', 'in', db.selectFrom(ranked.as('x')).select('x.id').where('x.rn', '<=', perRoot as number));
}

// threadPage's column layout: a comment's public columns, then the thread's own as t_*.
const THREAD_ONLY_COLUMNS = ['site_id', 'key', 'url', 'title', 'closed', 'comment_count', 'version', 'pinned', 'reopened_at'] as const satisfies readonly (keyof ThreadRow)[];
const PAGE_THREAD_COLUMNS = THREAD_ONLY_COLUMNS.map((col) => `t_${col}`);
function threadFromPageRow(r: Record<string, any>): ThreadRow {
  return {
    id: r.id,
    site_id: r.t_site_id,
    key: r.t_key,
    url: r.t_url,
    title: r.t_title,
    closed: num(r.t_closed),
    comment_count: num(r.t_comment_count),
    version: num(r.t_version),
    created_at: num(r.created_at),
    pinned: r.t_pinned ?? null,
    reopened_at: r.t_reopened_at == null ? null : num(r.t_reopened_at),
  };
}
function publicFromPageRow(r: Record<string, any>): PublicRow {
  return {
    id: r.id,
    parent_id: r.parent_id,
    root_id: r.root_id,
    depth: num(r.depth),
    author_name: r.author_name,
    author_website: r.author_website,
    avatar: r.avatar,
    body_html: r.body_html,
    status: r.status,
    created_at: num(r.created_at),
    edited_at: r.edited_at == null ? null : num(r.edited_at),
    moderator: r.moderator == null ? null : num(r.moderator),
    moderator_edited_at: r.moderator_edited_at == null ? null : num(r.moderator_edited_at),
  };
}

export type SqlStoreOptions = {
  /**
   * Read a thread page (threadPage) in one statement rather than three: worth it where each
   * statement is a round trip to a database server. In-process SQLite runs the three simple
   * statements faster than the combined one, whose CTEs it materializes.
   */
  pageInOneStatement?: boolean;
};

export class SqlStore implements Store {
  readonly backend: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  readonly #writer: WriteRunner;
  readonly #onClose: () => Promise<void>;
  readonly #memo = new QueryMemo();
  readonly #pageInOneStatement: boolean;

  constructor(backend: 'sqlite' | 'postgres', db: Kysely<Database>, writer: WriteRunner, onClose: () => Promise<void>, options: SqlStoreOptions = {}) {
    this.#pageInOneStatement = options.pageInOneStatement ?? false;
    this.backend = backend;
    this.db = db;
    this.#writer = writer;
    this.#onClose = onClose;
  }

  async #write(unit: WriteStatement[]): Promise<void> {
    const result = await this.#writer.run(unit);
    if (!result.ok) throw writeFailed('write', result);
  }

  async loadOrCreateSecrets(generate: () => Record<string, string>): Promise<Record<string, string>> {
    const fresh = generate();
    // INSERT … ON CONFLICT DO NOTHING: the first server to start wins, the others read its secrets.
    await this.#write(
      Object.entries(fresh).map(([name, value]) =>
        stmt(this.db.insertInto('secrets').values({ name, value }).onConflict((oc) => oc.column('name').doNothing())),
      ),
    );
    const rows = await this.db.selectFrom('secrets').selectAll().execute();
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  async createSite(site: SiteRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('sites').values(site))]);
  }
  async listSites(): Promise<SiteRow[]> {
    return (await this.db.selectFrom('sites').selectAll().orderBy('id').execute()).map(siteFromRow);
  }
  async getSite(id: string): Promise<SiteRow | undefined> {
    const r = await this.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
    return r && siteFromRow(r);
  }
  async updateSite(id: string, patch: Partial<Pick<SiteRow, 'name' | 'origins' | 'lang' | 'settings' | 'is_default'>>): Promise<void> {
    await this.#write([stmt(this.db.updateTable('sites').set(patch).where('id', '=', id))]);
  }

  async getThreadByKey(siteId: string, key: string): Promise<ThreadRow | undefined> {
    const query = this.#memo.compile(
      'thread-by-key',
      (a) => this.db.selectFrom('threads').selectAll().where('site_id', '=', a(0)).where('key', '=', a(1)),
      [siteId, key],
    );
    const r = (await this.db.executeQuery<ThreadRow>(query)).rows[0];
    return r && threadFromRow(r);
  }
  async getThread(id: string): Promise<ThreadRow | undefined> {
    const r = await this.db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
    return r && threadFromRow(r);
  }
  async countsByKeys(siteId: string, keys: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (keys.length === 0) return out;
    const rows = await this.db
      .selectFrom('threads')
      .select(['key', 'comment_count'])
      .where('site_id', '=', siteId)
      .where('key', 'in', keys)
      .execute();
    for (const r of rows) out.set(r.key, num(r.comment_count));
    return out;
  }
  async listThreads(siteId: string, limit: number): Promise<ThreadRow[]> {
    const rows = await this.db.selectFrom('threads').selectAll().where('site_id', '=', siteId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map(threadFromRow);
  }

  async insertComment({ comment, thread }: NewCommentRecord): Promise<InsertResult> {
    const db = this.db;
    const columns = COMMENT_COLUMNS;
    const memoStmt = (shape: string, build: Parameters<QueryMemo['compile']>[1], values: unknown[]): WriteStatement => {
      const c = this.#memo.compile(shape, build, values);
      return { sql: c.sql, params: c.parameters };
    };
    const unit: WriteStatement[] = [
      memoStmt(
        'insert-thread',
        (a) =>
          db
            .insertInto('threads')
            .values({ id: a(0), site_id: a(1), key: a(2), url: a(3), title: a(4), closed: 0, comment_count: 0, version: 0, created_at: a(5) as unknown as number, pinned: null, reopened_at: null })
            .onConflict((oc) => oc.columns(['site_id', 'key']).doNothing()),
        [thread.id, thread.siteId, thread.key, thread.url, thread.title, thread.createdAt],
      ),
      memoStmt(
        'insert-comment',
        (a) => {
          const values: Record<string, unknown> = {};
          columns.forEach((col, i) => (values[col] = a(i + 2)));
          values.thread_id = db.selectFrom('threads').select('id').where('site_id', '=', a(0)).where('key', '=', a(1));
          return db.insertInto('comments').values(values as never);
        },
        [thread.siteId, thread.key, ...columns.map((col) => comment[col] ?? null)],
      ),
    ];
    if (comment.status === 'approved') {
      unit.push(
        memoStmt(
          'count-thread',
          (a) => db.updateTable('threads').set({ comment_count: sql`comment_count + 1`, version: sql`version + 1` }).where('site_id', '=', a(0)).where('key', '=', a(1)),
          [thread.siteId, thread.key],
        ),
      );
    }
    const result = await this.#writer.run(unit);
    if (!result.ok) {
      if (result.code === 'UNIQUE' && /dedupe_key/.test(result.detail)) return { ok: false, reason: 'DUPLICATE' };
      throw writeFailed('insert', result);
    }
    if (comment.thread_id) return { ok: true, threadId: comment.thread_id };
    const stored = await db.selectFrom('comments').select('thread_id').where('id', '=', comment.id).executeTakeFirstOrThrow();
    return { ok: true, threadId: stored.thread_id };
  }

  async getComment(id: string): Promise<CommentRow | undefined> {
    const r = await this.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    return r && commentFromRow(r);
  }

  async listTopLevel({ threadId, afterId, sort, limit }: TopLevelQuery): Promise<PublicRow[]> {
    const query = this.#memo.compile(
      `top|${sort}|${afterId ? 1 : 0}`,
      (a) => topLevelOf(this.db, a(0), sort, afterId ? a(2) : null, a(1)).select(PUBLIC_COLUMNS.map((col) => `c.${col}` as const)),
      [threadId, limit, afterId],
    );
    const { rows } = await this.db.executeQuery<PublicRow>(query);
    return rows.map(commentFromRow);
  }

  async listReplies({ rootIds, perRoot }: RepliesQuery): Promise<PublicRow[]> {
    if (rootIds.length === 0) return [];
    const query = this.#memo.compile(
      `replies|${rootIds.length}`,
      (a) =>
        repliesOf(this.db, rootIds.map((_, i) => a(i + 1)), a(0))
          .select(PUBLIC_COLUMNS)
          .orderBy('root_id')
          .orderBy('id'),
      [perRoot, ...rootIds],
    );
    const { rows } = await this.db.executeQuery<PublicRow>(query);
    return rows.map(commentFromRow);
  }

  async threadPage(q: ThreadPageQuery): Promise<ThreadPageRows> {
    const { siteId, key, afterId, sort, limit, perRoot } = q;
    if (!this.#pageInOneStatement) {
      const thread = await this.getThreadByKey(siteId, key);
      if (!thread) return { thread, top: [], hasMore: false, replies: [] };
      const top = await this.listTopLevel({ threadId: thread.id, afterId, sort, limit: limit + 1 });
      const hasMore = top.length > limit;
      if (hasMore) top.pop();
      return { thread, top, hasMore, replies: await this.listReplies({ rootIds: top.map((c) => c.id), perRoot }) };
    }
    const query = this.#memo.compile(
      `page|${sort}|${afterId ? 1 : 0}`,
      (a) => {
        // One statement, one round trip: the thread row (k = 0), the top-level rows (k = 1,
        // one past the page to tell whether more follow) and the replies of the page's
        // top-level comments (k = 2), stacked in one column layout. The thread shares `id` and
        // `created_at` with comments; its other columns are t_*, null on comment rows.
        // Kysely cannot type one layout shared by differently shaped branches, hence the casts.
        const nulls = (cols: readonly string[]) => cols.map((col) => sql<null>`null`.as(col));
        const commentCols = (from: 'top' | 'c') => [...PUBLIC_COLUMNS.map((col) => `${from}.${col}`), ...nulls(PAGE_THREAD_COLUMNS)];
        return this.db
          .with('t', (db) => db.selectFrom('threads').select(['id', 'created_at', ...THREAD_ONLY_COLUMNS]).where('site_id', '=', a(0)).where('key', '=', a(1)))
          .with('top', (db) => topLevelOf(this.db, db.selectFrom('t').select('t.id'), sort, afterId ? a(4) : null, a(2)).select(PUBLIC_COLUMNS.map((col) => `c.${col}` as const)))
          .with('roots', (db) => db.selectFrom('top').select('top.id').orderBy('top.id', sort === 'oldest' ? 'asc' : 'desc').limit(a(3) as unknown as number))
          .selectFrom('t')
          .select([
            sql<number>`0`.as('k'),
            ...PUBLIC_COLUMNS.map((col) => (col === 'id' || col === 'created_at' ? `t.${col}` : sql<null>`null`.as(col))),
            ...THREAD_ONLY_COLUMNS.map((col, i) => sql.ref(`t.${col}`).as(PAGE_THREAD_COLUMNS[i])),
          ] as never)
          .unionAll((eb) => eb.selectFrom('top' as never).select([sql<number>`1`.as('k'), ...commentCols('top')] as never) as never)
          .unionAll((eb) =>
            repliesOf(this.db, eb.selectFrom('roots' as never).select('roots.id' as never) as never, a(5)).select([sql<number>`2`.as('k'), ...commentCols('c')] as never) as never,
          )
          .orderBy('k' as never)
          .orderBy('root_id' as never)
          .orderBy('id' as never);
      },
      [siteId, key, limit + 1, limit, afterId, perRoot],
    );
    const { rows } = await this.db.executeQuery<Record<string, unknown>>(query);
    let thread: ThreadRow | undefined;
    const top: PublicRow[] = [];
    const replies: PublicRow[] = [];
    for (const r of rows) {
      const k = num(r.k);
      if (k === 0) thread = threadFromPageRow(r);
      else (k === 1 ? top : replies).push(publicFromPageRow(r));
    }
    // Rows come in id order; a newest-first page is read backwards.
    if (sort === 'newest') top.reverse();
    const hasMore = top.length > limit;
    if (hasMore) top.pop();
    return { thread, top, hasMore, replies };
  }

  async listMoreReplies({ rootId, afterId, limit }: MoreRepliesQuery): Promise<PublicRow[]> {
    let q = this.db.selectFrom('comments').select(PUBLIC_COLUMNS).where('root_id', '=', rootId).where('status', 'in', ['approved', 'deleted']);
    if (afterId) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map(commentFromRow);
  }

  async lastPostTime(siteId: string, ipHash: string | null, email: string, since: number): Promise<number | null> {
    const latest = async (column: 'author_email' | 'ip_hash', value: string) =>
      (
        await this.db
          .selectFrom('comments')
          .select('created_at')
          .where('site_id', '=', siteId)
          .where(column, '=', value)
          .where('created_at', '>=', since)
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.created_at;
    const times = [await latest('author_email', email), ipHash ? await latest('ip_hash', ipHash) : undefined].filter((t) => t != null).map(num);
    return times.length ? Math.max(...times) : null;
  }

  async spamFacts(q: SpamFactsQuery): Promise<SpamFacts> {
    // Four indexed counts, compiled once per shape (this runs for every comment posted).
    const count = async (shape: string, build: (a: typeof arg, b: SelectQueryBuilder<Database, 'comments', object>) => SelectQueryBuilder<Database, 'comments', object>, values: unknown[]) => {
      const query = this.#memo.compile(
        `facts|${shape}`,
        (a) => build(a, this.db.selectFrom('comments').where('site_id', '=', a(0))).select((eb) => eb.fn.countAll<number>().as('n')),
        [q.siteId, ...values],
      );
      const { rows } = await this.db.executeQuery<{ n: unknown }>(query);
      return num(rows[0]?.n ?? 0);
    };
    const zero = Promise.resolve(0);
    const [priorApproved, repeats, recentByIp, recentByEmail] = await Promise.all([
      !q.need.prior ? zero : count('prior', (a, b) => b.where('author_email', '=', a(1)).where('author_name', '=', a(2)).where('status', '=', 'approved'), [q.email, q.name]),
      !q.need.repeats ? zero : q.threadId
        ? count('repeat-other', (a, b) => b.where('body_hash', '=', a(1)).where('created_at', '>=', a(2) as unknown as number).where('thread_id', '!=', a(3)), [q.bodyHash, q.repeatSince, q.threadId])
        : count('repeat-any', (a, b) => b.where('body_hash', '=', a(1)).where('created_at', '>=', a(2) as unknown as number), [q.bodyHash, q.repeatSince]),
      q.need.recent && q.ipHash ? count('ip', (a, b) => b.where('ip_hash', '=', a(1)).where('created_at', '>=', a(2) as unknown as number), [q.ipHash, q.hourSince]) : Promise.resolve(0),
      !q.need.recent ? zero : count('email', (a, b) => b.where('author_email', '=', a(1)).where('created_at', '>=', a(2) as unknown as number), [q.email, q.hourSince]),
    ]);
    return { priorApproved, repeats, recentByIp, recentByEmail };
  }

  async updateComment(id: string, patch: CommentPatch): Promise<CommentRow | undefined> {
    const before = await this.getComment(id);
    if (!before) return undefined;
    const set: Record<string, unknown> = {};
    if (patch.body !== undefined) set.body = patch.body;
    if (patch.bodyHtml !== undefined) set.body_html = patch.bodyHtml;
    if (patch.editedAt !== undefined) set.edited_at = patch.editedAt;
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.verdict !== undefined) (set.spam_score = patch.verdict.score), (set.spam_reasons = patch.verdict.reasons);
    if (patch.moderatorEditedAt !== undefined) set.moderator_edited_at = patch.moderatorEditedAt;
    // A deleted comment no longer blocks the same text being posted again.
    if (patch.status === 'deleted') set.dedupe_key = null;
    const unit: WriteStatement[] = [
      stmt(this.db.updateTable('comments').set(set).where('id', '=', id).where('status', '=', before.status), {
        expectChanges: 1,
        failCode: 'CONCURRENT_CHANGE',
      }),
    ];
    const wasPublished = before.status === 'approved';
    const isPublished = (patch.status ?? before.status) === 'approved';
    const delta = wasPublished === isPublished ? sql<number>`comment_count` : isPublished ? sql<number>`comment_count + 1` : sql<number>`comment_count - 1`;
    unit.push(stmt(this.db.updateTable('threads').set({ comment_count: delta, version: sql<number>`version + 1` }).where('id', '=', before.thread_id)));
    const result = await this.#writer.run(unit);
    if (!result.ok) throw writeFailed('update', result);
    return this.getComment(id);
  }

  async purgeClientData(siteId: string, before: number): Promise<number> {
    const result = await this.#writer.run([
      stmt(
        this.db
          .updateTable('comments')
          .set({ ip_hash: null, user_agent: null })
          .where('site_id', '=', siteId)
          .where('created_at', '<', before)
          .where((eb) => eb.or([eb('ip_hash', 'is not', null), eb('user_agent', 'is not', null)])),
      ),
    ]);
    if (!result.ok) throw writeFailed('purge', result);
    return result.changes[0];
  }

  /**
   * Deletes held and spam comments created before `before` (never published, so nothing hangs
   * below them), with the reports about them; returns how many comments went.
   */
  async purgeHeldAndSpam(siteId: string, before: number): Promise<number> {
    const doomed = this.db.selectFrom('comments').select('id').where('site_id', '=', siteId).where('status', 'in', ['pending', 'spam']).where('created_at', '<', before);
    const result = await this.#writer.run([
      stmt(this.db.deleteFrom('reports').where('comment_id', 'in', doomed)),
      stmt(this.db.deleteFrom('comments').where('site_id', '=', siteId).where('status', 'in', ['pending', 'spam']).where('created_at', '<', before)),
    ]);
    if (!result.ok) throw writeFailed('purge', result);
    return result.changes[1];
  }

  // ---- the spam engine's memory and the API keys

  async recordDiscard(row: SpamDiscardRow, keepPerSite: number): Promise<void> {
    // The log is bounded per site: the oldest entries beyond the limit go in the same unit.
    const oldest = this.db
      .selectFrom('spam_discards')
      .select('id')
      .where('site_id', '=', row.site_id)
      .orderBy('id', 'desc')
      .offset(keepPerSite)
      .limit(1);
    await this.#write([
      stmt(this.db.insertInto('spam_discards').values(row)),
      stmt(this.db.deleteFrom('spam_discards').where('site_id', '=', row.site_id).where('id', '<=', oldest)),
    ]);
  }

  async listDiscards(siteId: string, beforeId: string | null, limit: number): Promise<SpamDiscardRow[]> {
    let q = this.db.selectFrom('spam_discards').selectAll().where('site_id', '=', siteId);
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, score: num(r.score), created_at: num(r.created_at) }));
  }

  async purgeDiscards(siteId: string, before: number): Promise<number> {
    const result = await this.#writer.run([stmt(this.db.deleteFrom('spam_discards').where('site_id', '=', siteId).where('created_at', '<', before))]);
    if (!result.ok) throw writeFailed('purge', result);
    return result.changes[0];
  }

  async addSpamCorrection(row: SpamCorrectionRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('spam_corrections').values(row))]);
  }

  async spamCorrections(siteId: string, afterId: string | null): Promise<SpamCorrectionRow[]> {
    let q = this.db.selectFrom('spam_corrections').selectAll().where('site_id', '=', siteId);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({ ...r, label: num(r.label), created_at: num(r.created_at) }));
  }

  async spamLayer(siteId: string): Promise<SpamLayerRow | undefined> {
    const r = await this.db.selectFrom('spam_layers').selectAll().where('site_id', '=', siteId).executeTakeFirst();
    return r && { ...r, updated_at: num(r.updated_at) };
  }

  async compactSpamCorrections(layer: SpamLayerRow): Promise<void> {
    await this.#write([
      stmt(
        this.db
          .insertInto('spam_layers')
          .values(layer)
          .onConflict((oc) => oc.column('site_id').doUpdateSet({ layer: layer.layer, through_id: layer.through_id, updated_at: layer.updated_at })),
      ),
      stmt(this.db.deleteFrom('spam_corrections').where('site_id', '=', layer.site_id).where('id', '<=', layer.through_id)),
    ]);
  }

  async setCommentVerdict(id: string, score: number | null, reasons: string | null): Promise<void> {
    await this.#write([stmt(this.db.updateTable('comments').set({ spam_score: score, spam_reasons: reasons }).where('id', '=', id))]);
  }

  async createApiKey(row: ApiKeyRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('api_keys').values(row))]);
  }

  async findApiKey(keyHash: string): Promise<ApiKeyRow | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    return r && { ...r, created_at: num(r.created_at), revoked_at: r.revoked_at == null ? null : num(r.revoked_at) };
  }

  async listApiKeys(scope: ApiKeyRow['scope']): Promise<ApiKeyRow[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('scope', '=', scope).orderBy('created_at').execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at), revoked_at: r.revoked_at == null ? null : num(r.revoked_at) }));
  }

  async revokeApiKey(keyHash: string, at: number): Promise<boolean> {
    const result = await this.#writer.run([stmt(this.db.updateTable('api_keys').set({ revoked_at: at }).where('key_hash', '=', keyHash).where('revoked_at', 'is', null))]);
    if (!result.ok) throw writeFailed('revoke', result);
    return result.changes[0] > 0;
  }

  async addApiUsage(entries: { keyHash: string; month: string; calls: number }[]): Promise<void> {
    if (!entries.length) return;
    await this.#write(
      entries.map((e) =>
        stmt(
          this.db
            .insertInto('api_usage')
            .values({ id: `${e.month}:${e.keyHash}`, key_hash: e.keyHash, month: e.month, calls: e.calls })
            .onConflict((oc) => oc.column('id').doUpdateSet({ calls: sql`api_usage.calls + ${e.calls}` })),
        ),
      ),
    );
  }

  async apiUsage(keyHash: string, month: string): Promise<number> {
    const r = await this.db.selectFrom('api_usage').select('calls').where('id', '=', `${month}:${keyHash}`).executeTakeFirst();
    return r ? num(r.calls) : 0;
  }

  // ---- moderators: accounts, memberships, sessions, audit log

  async createUser(row: UserRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('users').values(row))]);
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && userFromRow(r);
  }

  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return r && userFromRow(r);
  }

  async setUserLogin(id: string, patch: { failed_logins: number; locked_until: number | null; password_hash?: string }): Promise<void> {
    await this.#write([stmt(this.db.updateTable('users').set(patch).where('id', '=', id))]);
  }

  async addMembership(row: MembershipRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('memberships').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ role: row.role })))]);
  }

  async siteMembers(siteId: string): Promise<(MembershipRow & { email: string })[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.user_id', 'm.site_id', 'm.role', 'm.created_at', 'u.email'])
      .where('m.site_id', '=', siteId)
      .orderBy('u.email')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async removeMembership(userId: string, siteId: string): Promise<boolean> {
    const result = await this.#writer.run([stmt(this.db.deleteFrom('memberships').where('id', '=', `${userId}:${siteId}`))]);
    if (!result.ok) throw writeFailed('delete', result);
    return result.changes[0] > 0;
  }

  async membershipsOf(userId: string): Promise<MembershipRow[]> {
    const rows = await this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('site_id').execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async createSession(row: SessionRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('sessions').values(row))]);
  }

  async getSession(id: string): Promise<SessionRow | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { ...r, created_at: num(r.created_at), expires_at: num(r.expires_at) };
  }

  async deleteSessions(by: { id: string } | { userId: string } | { expiredBefore: number }): Promise<number> {
    let q = this.db.deleteFrom('sessions');
    if ('id' in by) q = q.where('id', '=', by.id);
    else if ('userId' in by) q = q.where('user_id', '=', by.userId);
    else q = q.where('expires_at', '<', by.expiredBefore);
    const result = await this.#writer.run([stmt(q)]);
    if (!result.ok) throw writeFailed('delete', result);
    return result.changes[0];
  }

  async addAudit(row: AuditRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('audit_log').values(row))]);
  }

  async listAudit(siteId: string, beforeId: string | null, limit: number): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_log').selectAll().where('site_id', '=', siteId);
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async setThreadClosed(id: string, closed: boolean, at: number): Promise<void> {
    const patch = closed ? { closed: 1 } : { closed: 0, reopened_at: at };
    await this.#write([stmt(this.db.updateTable('threads').set({ ...patch, version: sql<number>`version + 1` }).where('id', '=', id))]);
  }

  async closeAgedThreads(siteId: string, openedBefore: number): Promise<{ id: string; key: string }[]> {
    const aged = await this.db
      .selectFrom('threads')
      .select(['id', 'key'])
      .where('site_id', '=', siteId)
      .where('closed', '=', 0)
      .where('created_at', '<', openedBefore)
      .where((eb) => eb.or([eb('reopened_at', 'is', null), eb('reopened_at', '<', openedBefore)]))
      .execute();
    if (!aged.length) return [];
    // The same test again in the update: a thread reopened meanwhile stays open. In chunks,
    // so switching the setting on for a site with years of threads stays within bind limits.
    for (let i = 0; i < aged.length; i += 500) {
      await this.#write([
        stmt(
          this.db
            .updateTable('threads')
            .set({ closed: 1, version: sql<number>`version + 1` })
            .where('id', 'in', aged.slice(i, i + 500).map((t) => t.id))
            .where('closed', '=', 0)
            .where((eb) => eb.or([eb('reopened_at', 'is', null), eb('reopened_at', '<', openedBefore)])),
        ),
      ]);
    }
    return aged;
  }

  async setThreadPins(id: string, pinned: string[]): Promise<void> {
    await this.#write([stmt(this.db.updateTable('threads').set({ pinned: pinned.length ? JSON.stringify(pinned) : null, version: sql<number>`version + 1` }).where('id', '=', id))]);
  }

  /** Comments per UTC day and status since `since` (for the dashboard's charts). */
  async dailyStats(siteId: string, since: number): Promise<{ day: string; status: CommentStatus; n: number }[]> {
    const day = this.backend === 'postgres' ? sql<number>`floor(created_at / 86400000)` : sql<number>`created_at / 86400000`;
    const rows = await this.db
      .selectFrom('comments')
      .select([day.as('d'), 'status', (eb) => eb.fn.countAll().as('n')])
      .where('site_id', '=', siteId)
      .where('created_at', '>=', since)
      .groupBy([day, 'status'])
      .execute();
    return rows.map((r) => ({ day: new Date(num(r.d) * 86_400_000).toISOString().slice(0, 10), status: r.status as CommentStatus, n: num(r.n) })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  async addBan(row: BanRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('bans').values(row))]);
  }

  /** Bans in force at `now` (no end, or an end still ahead). */
  async activeBans(siteId: string, now: number): Promise<BanRow[]> {
    const rows = await this.db
      .selectFrom('bans')
      .selectAll()
      .where('site_id', '=', siteId)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, until: r.until == null ? null : num(r.until), created_at: num(r.created_at) }));
  }

  async deleteBan(siteId: string, id: string): Promise<boolean> {
    const result = await this.#writer.run([stmt(this.db.deleteFrom('bans').where('site_id', '=', siteId).where('id', '=', id))]);
    if (!result.ok) throw writeFailed('delete', result);
    return result.changes[0] > 0;
  }

  // ---- moderation queues and reports

  async listByStatus(siteId: string, status: CommentStatus, beforeId: string | null, limit: number): Promise<CommentRow[]> {
    let q = this.db.selectFrom('comments').selectAll().where('site_id', '=', siteId).where('status', '=', status);
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => commentFromRow(r as CommentRow));
  }

  async listReported(siteId: string, beforeId: string | null, limit: number): Promise<CommentRow[]> {
    const open = this.db.selectFrom('reports').select('comment_id').where('site_id', '=', siteId).where('resolved_at', 'is', null);
    let q = this.db.selectFrom('comments').selectAll().where('site_id', '=', siteId).where('id', 'in', open).where('status', '!=', 'deleted');
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => commentFromRow(r as CommentRow));
  }

  async countsByStatus(siteId: string): Promise<Record<CommentStatus | 'reported', number>> {
    const rows = await this.db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll().as('n')]).where('site_id', '=', siteId).groupBy('status').execute();
    const out = { pending: 0, approved: 0, spam: 0, deleted: 0, reported: 0 } as Record<CommentStatus | 'reported', number>;
    for (const r of rows) out[r.status as CommentStatus] = num(r.n);
    const reported = await this.db
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

  async authorHistories(siteId: string, emails: string[]): Promise<Map<string, { approved: number; rejected: number }>> {
    const out = new Map(emails.map((e) => [e, { approved: 0, rejected: 0 }]));
    if (!emails.length) return out;
    // Counted here rather than grouped in SQL: grouping by status tempts SQLite into reading the
    // whole site through the status index (test/store/sqlite-plans.test.ts).
    const rows = await this.db.selectFrom('comments').select(['author_email', 'status']).where('site_id', '=', siteId).where('author_email', 'in', [...out.keys()]).execute();
    for (const r of rows) {
      const h = out.get(r.author_email)!;
      if (r.status === 'approved') h.approved++;
      else if (r.status === 'spam' || r.status === 'deleted') h.rejected++;
    }
    return out;
  }

  async getThreads(ids: string[]): Promise<ThreadRow[]> {
    if (!ids.length) return [];
    return (await this.db.selectFrom('threads').selectAll().where('id', 'in', [...new Set(ids)]).execute()).map(threadFromRow);
  }

  async getComments(ids: string[]): Promise<CommentRow[]> {
    if (!ids.length) return [];
    return (await this.db.selectFrom('comments').selectAll().where('id', 'in', [...new Set(ids)]).execute()).map((r) => commentFromRow(r as CommentRow));
  }

  async addReport(row: ReportRow): Promise<void> {
    await this.#write([stmt(this.db.insertInto('reports').values(row))]);
  }

  async openReports(commentIds: string[]): Promise<ReportRow[]> {
    if (!commentIds.length) return [];
    const rows = await this.db.selectFrom('reports').selectAll().where('comment_id', 'in', commentIds).where('resolved_at', 'is', null).orderBy('id').execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at), resolved_at: null }));
  }

  async resolveReports(commentId: string, at: number): Promise<number> {
    const result = await this.#writer.run([stmt(this.db.updateTable('reports').set({ resolved_at: at }).where('comment_id', '=', commentId).where('resolved_at', 'is', null))]);
    if (!result.ok) throw writeFailed('update', result);
    return result.changes[0];
  }

  /**
   * Comments of a site matching all the given filters, newest first: words of the text (a
   * substring, case-insensitive), the author's name, their email, the article (thread key or
   * title). A moderators' tool: it reads the site's comments rather than an index.
   */
  async searchComments(siteId: string, q: { text?: string; author?: string; email?: string; article?: string }, beforeId: string | null, limit: number): Promise<CommentRow[]> {
    const like = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    let query = this.db.selectFrom('comments as c').selectAll('c').where('c.site_id', '=', siteId);
    if (q.text) query = query.where(sql<string>`lower(c.body)`, 'like', sql<string>`${like(q.text)} escape '\\'`);
    if (q.author) query = query.where(sql<string>`lower(c.author_name)`, 'like', sql<string>`${like(q.author)} escape '\\'`);
    if (q.email) query = query.where(sql<string>`lower(c.author_email)`, '=', q.email.trim().toLowerCase());
    if (q.article) {
      const pattern = like(q.article);
      query = query.where('c.thread_id', 'in', this.db.selectFrom('threads as t').select('t.id').where('t.site_id', '=', siteId).where((eb) => eb.or([eb(sql<string>`lower(t.key)`, 'like', sql<string>`${pattern} escape '\\'`), eb(sql<string>`lower(coalesce(t.title, ''))`, 'like', sql<string>`${pattern} escape '\\'`)])));
    }
    if (beforeId) query = query.where('c.id', '<', beforeId);
    const rows = await query.orderBy('c.id', 'desc').limit(limit).execute();
    return rows.map((r) => commentFromRow(r as CommentRow));
  }

  // ---- a commenter's data, by email (export and erase); addresses match whatever their case

  async commentsByEmail(email: string, siteId: string | null): Promise<CommentRow[]> {
    let q = this.db.selectFrom('comments').selectAll().where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) q = q.where('site_id', '=', siteId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => commentFromRow(r as CommentRow));
  }

  async discardsByEmail(email: string, siteId: string | null): Promise<SpamDiscardRow[]> {
    let q = this.db.selectFrom('spam_discards').selectAll().where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) q = q.where('site_id', '=', siteId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({ ...r, score: num(r.score), created_at: num(r.created_at) }));
  }

  async correctionsByEmail(email: string, siteId: string | null): Promise<SpamCorrectionRow[]> {
    let q = this.db.selectFrom('spam_corrections').selectAll().where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) q = q.where('site_id', '=', siteId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({ ...r, label: num(r.label), created_at: num(r.created_at) }));
  }

  /**
   * Anonymizes a commenter's comments (name "Anonymous", email, website, IP hash and user agent
   * cleared, a neutral avatar) and drops their discarded comments and spam-correction texts, in
   * one unit. Audit entries about their comments lose their before/after records.
   */
  async eraseAuthor(email: string, siteId: string | null, anonymousAvatar: string): Promise<{ comments: number; discards: number; corrections: number; audit: number }> {
    const db = this.db;
    let ids = db.selectFrom('comments').select('id').where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    let audit = db.updateTable('audit_log').set({ before: null, after: null });
    let comments = db.updateTable('comments').set({ author_name: 'Anonymous', author_email: '', author_website: null, ip_hash: null, user_agent: null, avatar: anonymousAvatar, dedupe_key: null }).where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    let discards = db.deleteFrom('spam_discards').where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    let corrections = db.deleteFrom('spam_corrections').where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) {
      ids = ids.where('site_id', '=', siteId);
      audit = audit.where('site_id', '=', siteId);
      comments = comments.where('site_id', '=', siteId);
      discards = discards.where('site_id', '=', siteId);
      corrections = corrections.where('site_id', '=', siteId);
    }
    let threads = db.selectFrom('comments').select('thread_id').where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) threads = threads.where('site_id', '=', siteId);
    // Audit entries and threads first: they are found through the comments' email, cleared next.
    // Their threads' versions change, so cached pages and ETags stop showing the old name.
    const result = await this.#writer.run([
      stmt(audit.where('target', 'in', ids)),
      stmt(db.updateTable('threads').set({ version: sql<number>`version + 1` }).where('id', 'in', threads)),
      stmt(comments),
      stmt(discards),
      stmt(corrections),
    ]);
    if (!result.ok) throw writeFailed('erase', result);
    return { audit: result.changes[0], comments: result.changes[2], discards: result.changes[3], corrections: result.changes[4] };
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.#writer.close();
    await this.#onClose();
  }
}
