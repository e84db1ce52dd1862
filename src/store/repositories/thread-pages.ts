// Reading a thread the way readers see it: top-level comments page by page, each with its
// first replies, then more replies on demand.
import { type Kysely, sql } from 'kysely';
import type {
  FeedRow,
  LatestCommentsQuery,
  MoreRepliesQuery,
  RepliesQuery,
  ThreadPageQuery,
  ThreadPageRows,
  ThreadRow,
  TopLevelQuery,
} from '../../core/ports.ts';
import { PUBLIC_COLUMNS, type PublicRow } from '../../core/records.ts';
import type { Database, ThreadTable } from '../schema.ts';
import { num, type StoreContext } from './context.ts';
import { commentFromRow, pinsFromColumn, type PublicTableRow } from './rows.ts';
import type { ThreadRepository } from './threads.ts';

// The rules of what a thread page shows, shared by the per-part queries and threadPage.
/**
 * Published top-level comments, and removed, held or spam ones still above a published reply (as
 * placeholders: the reply was published, so the thread's count includes it), in page order.
 */
function topLevelOf(
  db: Kysely<Database>,
  threadId: unknown,
  sort: 'oldest' | 'newest',
  afterId: string | null,
  limit: unknown,
) {
  let q = db
    .selectFrom('comments as c')
    .where('c.thread_id', '=', threadId as string)
    .where('c.depth', '=', 0)
    .where((eb) =>
      eb.or([
        eb('c.status', '=', 'approved'),
        eb.and([
          eb('c.status', 'in', ['deleted', 'pending', 'spam']),
          eb.exists(
            eb
              .selectFrom('comments as r')
              .select('r.id')
              .whereRef('r.root_id', '=', 'c.id')
              .where('r.status', '=', 'approved'),
          ),
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
  return db.selectFrom('comments as c').where(
    'c.id',
    'in',
    db
      .selectFrom(ranked.as('x'))
      .select('x.id')
      .where('x.rn', '<=', perRoot as number),
  );
}

// threadPage's column layout: a comment's public columns, then the thread's own as t_*.
const THREAD_ONLY_COLUMNS = [
  'site_id',
  'key',
  'url',
  'title',
  'closed',
  'comment_count',
  'version',
  'pinned',
  'reopened_at',
] as const satisfies readonly (keyof ThreadRow)[];
const PAGE_THREAD_COLUMNS = THREAD_ONLY_COLUMNS.map((col) => `t_${col}`);
/** One row of that statement, as the driver returns it (numbers may arrive as strings). */
type PageRow = PublicTableRow & { [K in (typeof THREAD_ONLY_COLUMNS)[number] as `t_${K}`]: ThreadTable[K] };
function threadFromPageRow(r: PageRow): ThreadRow {
  return {
    id: r.id,
    site_id: r.t_site_id,
    key: r.t_key,
    url: r.t_url,
    title: r.t_title,
    closed: num(r.t_closed) === 1,
    comment_count: num(r.t_comment_count),
    version: num(r.t_version),
    created_at: num(r.created_at),
    pinned: pinsFromColumn(r.t_pinned ?? null),
    reopened_at: r.t_reopened_at == null ? null : num(r.t_reopened_at),
  };
}
function publicFromPageRow(r: PageRow): PublicRow {
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
    moderator: r.moderator == null ? null : num(r.moderator) === 1,
    moderator_edited_at: r.moderator_edited_at == null ? null : num(r.moderator_edited_at),
  };
}

export class ThreadPageRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  readonly #threads: ThreadRepository;
  readonly #pageInOneStatement: boolean;
  /**
   * `pageInOneStatement`: read a thread page (threadPage) in one statement rather than three:
   * worth it where each statement is a round trip to a database server. In-process SQLite
   * runs the three simple statements faster than the combined one, whose CTEs it materializes.
   */
  constructor(ctx: StoreContext, threads: ThreadRepository, pageInOneStatement: boolean) {
    this.#ctx = ctx;
    this.#db = ctx.db;
    this.#threads = threads;
    this.#pageInOneStatement = pageInOneStatement;
  }

  async listTopLevel({ threadId, afterId, sort, limit }: TopLevelQuery): Promise<PublicRow[]> {
    const query = this.#ctx.memo.compile(
      `top|${sort}|${afterId ? 1 : 0}`,
      (a) =>
        topLevelOf(this.#db, a(0), sort, afterId ? a(2) : null, a(1)).select(
          PUBLIC_COLUMNS.map((col) => `c.${col}` as const),
        ),
      [threadId, limit, afterId],
    );
    const { rows } = await this.#db.executeQuery<PublicTableRow>(query);
    return rows.map((r) => commentFromRow(r));
  }

  async listReplies({ rootIds, perRoot }: RepliesQuery): Promise<PublicRow[]> {
    if (rootIds.length === 0) return [];
    const query = this.#ctx.memo.compile(
      `replies|${rootIds.length}`,
      (a) =>
        repliesOf(
          this.#db,
          rootIds.map((_, i) => a(i + 1)),
          a(0),
        )
          .select(PUBLIC_COLUMNS)
          .orderBy('root_id')
          .orderBy('id'),
      [perRoot, ...rootIds],
    );
    const { rows } = await this.#db.executeQuery<PublicTableRow>(query);
    return rows.map((r) => commentFromRow(r));
  }

  async threadPage(q: ThreadPageQuery): Promise<ThreadPageRows> {
    const { siteId, key, afterId, sort, limit, perRoot } = q;
    if (!this.#pageInOneStatement) {
      const thread = await this.#threads.getThreadByKey(siteId, key);
      if (!thread) return { thread, top: [], hasMore: false, replies: [] };
      const top = await this.listTopLevel({ threadId: thread.id, afterId, sort, limit: limit + 1 });
      const hasMore = top.length > limit;
      if (hasMore) top.pop();
      return { thread, top, hasMore, replies: await this.listReplies({ rootIds: top.map((c) => c.id), perRoot }) };
    }
    const query = this.#ctx.memo.compile(
      `page|${sort}|${afterId ? 1 : 0}`,
      (a) => {
        // One statement, one round trip: the thread row (k = 0), the top-level rows (k = 1,
        // one past the page to tell whether more follow) and the replies of the page's
        // top-level comments (k = 2), stacked in one column layout. The thread shares `id` and
        // `created_at` with comments; its other columns are t_*, null on comment rows.
        // Kysely cannot type one layout shared by differently shaped branches, hence the casts.
        const nulls = (cols: readonly string[]) => cols.map((col) => sql<null>`null`.as(col));
        const commentCols = (from: 'top' | 'c') => [
          ...PUBLIC_COLUMNS.map((col) => `${from}.${col}`),
          ...nulls(PAGE_THREAD_COLUMNS),
        ];
        return this.#db
          .with('t', (db) =>
            db
              .selectFrom('threads')
              .select(['id', 'created_at', ...THREAD_ONLY_COLUMNS])
              .where('site_id', '=', a(0))
              .where('key', '=', a(1)),
          )
          .with('top', (db) =>
            topLevelOf(this.#db, db.selectFrom('t').select('t.id'), sort, afterId ? a(4) : null, a(2)).select(
              PUBLIC_COLUMNS.map((col) => `c.${col}` as const),
            ),
          )
          .with('roots', (db) =>
            db
              .selectFrom('top')
              .select('top.id')
              .orderBy('top.id', sort === 'oldest' ? 'asc' : 'desc')
              .limit(a(3) as unknown as number),
          )
          .selectFrom('t')
          .select([
            sql<number>`0`.as('k'),
            ...PUBLIC_COLUMNS.map((col) =>
              col === 'id' || col === 'created_at' ? `t.${col}` : sql<null>`null`.as(col),
            ),
            ...THREAD_ONLY_COLUMNS.map((col, i) => sql.ref(`t.${col}`).as(PAGE_THREAD_COLUMNS[i])),
          ] as never)
          .unionAll(
            (eb) =>
              eb.selectFrom('top' as never).select([sql<number>`1`.as('k'), ...commentCols('top')] as never) as never,
          )
          .unionAll(
            (eb) =>
              repliesOf(this.#db, eb.selectFrom('roots' as never).select('roots.id' as never) as never, a(5)).select([
                sql<number>`2`.as('k'),
                ...commentCols('c'),
              ] as never) as never,
          )
          .orderBy('k' as never)
          .orderBy('root_id' as never)
          .orderBy('id' as never);
      },
      [siteId, key, limit + 1, limit, afterId, perRoot],
    );
    const { rows } = await this.#db.executeQuery<PageRow & { k: number }>(query);
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
    let q = this.#db
      .selectFrom('comments')
      .select(PUBLIC_COLUMNS)
      .where('root_id', '=', rootId)
      .where('status', 'in', ['approved', 'deleted']);
    if (afterId) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map((r) => commentFromRow(r));
  }

  async latestComments(q: LatestCommentsQuery): Promise<FeedRow[]> {
    // A thread's feed filters on the thread alone and a site's on the site alone: each then
    // reads one index in order (comments_thread_top, comments_site_status).
    let query = this.#db
      .selectFrom('comments as c')
      .innerJoin('threads as t', 't.id', 'c.thread_id')
      .select([
        ...PUBLIC_COLUMNS.map((col) => `c.${col}` as const),
        't.key as thread_key',
        't.url as thread_url',
        't.title as thread_title',
      ])
      .where('c.status', '=', 'approved');
    query =
      q.threadId !== undefined ? query.where('c.thread_id', '=', q.threadId) : query.where('c.site_id', '=', q.siteId);
    const rows = await query.orderBy('c.id', 'desc').limit(q.limit).execute();
    return rows.map((r) => {
      const { thread_key, thread_url, thread_title, ...comment } = r;
      return { ...commentFromRow(comment), thread_key, thread_url, thread_title };
    });
  }
}
