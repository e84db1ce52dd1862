// Imports from other comment systems: a batch of threads and comments written in one unit with
// the source's ids they came from, the keyed lookups that make a second run add nothing, and the
// linking of replies read before their parents.
import { sql } from 'kysely';
import type {
  CommentRow,
  ImportBatch,
  ImportedComment,
  ImportLookup,
  ImportLookupQuery,
  PendingImportLink,
} from '../../core/ports.ts';
import {
  type IndexDef,
  OF_COMMENTS,
  restoreUnit,
  SET_ASIDE,
  setAsideUnit,
  settableAside,
} from '../dialects/sqlite/deferred-indexes.ts';
import { type WriteStatement, writeFailed } from '../write-runner.ts';
import { num, stmt, type StoreContext } from './context.ts';
import { newThreadValues, storedFlags } from './rows.ts';

// Every column an imported comment writes, in the order of the memoized insert's values.
const COLUMNS = [
  'id',
  'site_id',
  'thread_id',
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
  'imported_at',
  'author_key',
] as const;

const SPAM_REASONS = COLUMNS.indexOf('spam_reasons');
const MODERATOR = COLUMNS.indexOf('moderator');

/** A comment's values in COLUMNS order, stored as commentToRow stores them (absent: NULL). */
function commentValues(row: CommentRow): unknown[] {
  const r = row as unknown as Record<string, unknown>;
  const values: unknown[] = new Array(COLUMNS.length);
  for (let i = 0; i < COLUMNS.length; i++) values[i] = r[COLUMNS[i]] ?? null;
  const stored = storedFlags(row);
  values[SPAM_REASONS] = stored.spam_reasons;
  values[MODERATOR] = stored.moderator;
  return values;
}

/** Lists of keys go to the database this many at a time (well under every driver's parameter limit). */
const CHUNK = 500;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export class ImportRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  /** Compiled once per shape: a batch of thousands of rows must not pay Kysely's compiler for each. */
  #memo(shape: string, build: Parameters<StoreContext['memo']['compile']>[1], values: unknown[]): WriteStatement {
    const c = this.#ctx.memo.compile(shape, build, values);
    return { sql: c.sql, params: c.parameters };
  }

  async importLookup(q: ImportLookupQuery): Promise<ImportLookup> {
    const threads = new Map<string, string>();
    const comments = new Map<string, ImportedComment>();
    for (const keys of chunks([...new Set(q.threadKeys)])) {
      const rows = await this.#db
        .selectFrom('threads')
        .select(['key', 'id'])
        .where('site_id', '=', q.siteId)
        .where('key', 'in', keys)
        .execute();
      for (const r of rows) threads.set(r.key, r.id);
    }
    for (const keys of chunks([...new Set(q.commentKeys)])) {
      const rows = await this.#db
        .selectFrom('import_keys as k')
        .leftJoin('comments as c', 'c.id', 'k.local_id')
        .select(['k.source_key', 'c.id', 'c.thread_id', 'c.root_id', 'c.depth'])
        .where('k.site_id', '=', q.siteId)
        .where('k.format', '=', q.format)
        .where('k.kind', '=', 'comment')
        .where('k.source_key', 'in', keys)
        .execute();
      for (const r of rows)
        comments.set(
          r.source_key,
          r.id == null ? null : { id: r.id, threadId: r.thread_id!, rootId: r.root_id ?? null, depth: num(r.depth) },
        );
    }
    return { threads, comments };
  }

  #threadInsert(t: ImportBatch['threads'][number]['thread']): WriteStatement {
    return this.#memo('import-thread', (a) => this.#db.insertInto('threads').values(newThreadValues(a)), [
      t.id,
      t.siteId,
      t.key,
      t.url,
      t.title,
      t.createdAt,
    ]);
  }

  /**
   * The comment insert's text, and where each of its parameters is in COLUMNS. Compiled once a
   * batch, not once a row: each row is then one array of its values, built straight from the row
   * (a copy of each row, a second array and a compiled query per row were a few µs a comment).
   */
  #commentInsert(): { sql: string; order: number[] } {
    const c = this.#memo(
      'import-comment',
      (a) => {
        const values: Record<string, unknown> = {};
        COLUMNS.forEach((col, i) => {
          values[col] = a(i);
        });
        return this.#db.insertInto('comments').values(values as never);
      },
      COLUMNS.map((_, i) => i),
    );
    return { sql: c.sql, order: c.params as number[] };
  }

  async writeImportBatch(b: ImportBatch): Promise<void> {
    const db = this.#db;
    const unit: WriteStatement[] = [];
    // The key insert compiled once (its parameters: where each value is in the list below).
    const keyInsert = this.#memo(
      'import-key',
      (a) =>
        db.insertInto('import_keys').values({
          site_id: a(0),
          format: a(1),
          kind: a(2) as 'thread' | 'comment',
          source_key: a(3),
          local_id: a(4),
          pending_parent: a(5),
          created_at: a(6) as unknown as number,
        }),
      [0, 1, 2, 3, 4, 5, 6],
    );
    const key = (kind: 'thread' | 'comment', sourceKey: string, localId: string, pending: string | null) => {
      const values = [b.siteId, b.format, kind, sourceKey, localId, pending, b.at];
      return (keyInsert.params as number[]).map((at) => values[at]);
    };
    // Statements of one text go as one, with a list of rows: threads and their keys, then the
    // comments (in file order: a reply after its parent) and their keys.
    const many = (first: WriteStatement | undefined, rows: (readonly unknown[])[]) => {
      if (first) unit.push({ sql: first.sql, params: [], rows });
    };
    const threadRows: (readonly unknown[])[] = [];
    const keyRows: (readonly unknown[])[] = [];
    let threadStmt: WriteStatement | undefined;
    for (const { sourceKey, thread: t } of b.threads) {
      threadStmt = this.#threadInsert(t);
      threadRows.push(threadStmt.params);
      keyRows.push(key('thread', sourceKey, t.id, null));
    }
    many(threadStmt, threadRows);
    if (keyRows.length) many(keyInsert, keyRows.splice(0));
    const commentRows: (readonly unknown[])[] = [];
    const insert = b.comments.length ? this.#commentInsert() : null;
    const inOrder = insert?.order.every((at, i) => at === i);
    const published = new Map<string, number>();
    for (const { sourceKey, row, pendingParent } of b.comments) {
      const values = commentValues(row);
      commentRows.push(inOrder ? values : insert!.order.map((at) => values[at]));
      keyRows.push(key('comment', sourceKey, row.id, pendingParent));
      if (row.status === 'approved') published.set(row.thread_id, (published.get(row.thread_id) ?? 0) + 1);
    }
    if (insert) unit.push({ sql: insert.sql, params: [], rows: commentRows });
    if (keyRows.length) many(keyInsert, keyRows);
    // The threads' published counts, as posting keeps them: one update per thread, not per comment.
    for (const [threadId, n] of published)
      unit.push(
        this.#memo(
          'import-count',
          (a) =>
            db
              .updateTable('threads')
              .set({
                comment_count: sql`comment_count + ${a(0)}`,
                version: sql`version + 1`,
              })
              .where('id', '=', a(1)),
          [n, threadId],
        ),
      );
    if (unit.length) await this.#ctx.changes('import', unit);
  }

  async setAsideImportIndexes(siteId: string): Promise<boolean> {
    // PostgreSQL's imports keep their indexes (a pool of writers, and no import benchmark there yet).
    if (this.#ctx.backend !== 'sqlite') return false;
    const version = await sql<{ user_version: number }>`PRAGMA user_version`.execute(this.#db);
    if (version.rows[0]?.user_version === SET_ASIDE) return true;
    const here = await sql<IndexDef>`${sql.raw(OF_COMMENTS)}`.execute(this.#db);
    const indexes = await settableAside(here.rows);
    if (!indexes.length) return false;
    const result = await this.#ctx.writer.run(setAsideUnit(indexes, siteId));
    if (result.ok) return true;
    if (result.code === 'EXPECTATION') return false;
    throw writeFailed('setting the indexes aside', result);
  }

  async restoreImportIndexes(): Promise<void> {
    if (this.#ctx.backend !== 'sqlite') return;
    // SQLite's sorter takes as much memory as the page cache again; a small cache builds a
    // million comments' indexes faster (8.3 s against 9.5 s) in 25 MB less. The import's store
    // writes little after this, and only it calls this.
    const small: WriteStatement = { sql: 'PRAGMA cache_size = -4096', params: [] };
    await this.#ctx.changes('rebuilding the indexes', [small, ...(await restoreUnit())]);
  }

  async pendingImportLinks(
    siteId: string,
    format: string,
    afterKey: string | null,
    limit: number,
  ): Promise<PendingImportLink[]> {
    let q = this.#db
      .selectFrom('import_keys')
      .select(['source_key', 'local_id', 'pending_parent'])
      .where('site_id', '=', siteId)
      .where('format', '=', format)
      .where('kind', '=', 'comment')
      .where('pending_parent', 'is not', null);
    if (afterKey !== null) q = q.where('source_key', '>', afterKey);
    const rows = await q.orderBy('source_key').limit(limit).execute();
    return rows.map((r) => ({ sourceKey: r.source_key, id: r.local_id, parentKey: r.pending_parent! }));
  }

  async linkImportedReply(
    siteId: string,
    format: string,
    link: { sourceKey: string; id: string; parent: ImportedComment },
  ): Promise<void> {
    const db = this.#db;
    const unit: WriteStatement[] = [];
    const p = link.parent;
    if (p) {
      const root = p.rootId ?? p.id;
      const shift = p.depth + 1;
      // The reply was stored at the top level, so the replies below it have it as their root.
      unit.push(
        stmt(
          db
            .updateTable('comments')
            .set({ root_id: root, depth: sql<number>`depth + ${shift}` })
            .where('root_id', '=', link.id),
        ),
        stmt(
          db.updateTable('comments').set({ parent_id: p.id, root_id: root, depth: shift }).where('id', '=', link.id),
        ),
        stmt(db.updateTable('threads').set({ version: sql<number>`version + 1` }).where('id', '=', p.threadId)),
      );
    }
    unit.push(
      stmt(
        db
          .updateTable('import_keys')
          .set({ pending_parent: null })
          .where('site_id', '=', siteId)
          .where('format', '=', format)
          .where('kind', '=', 'comment')
          .where('source_key', '=', link.sourceKey),
      ),
    );
    await this.#ctx.write(unit);
  }
}
