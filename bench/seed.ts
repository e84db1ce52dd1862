// Seeding for the benchmark: deterministic pseudo-random comments, with every row built the
// way CommentService.create builds it (rendered body, avatar, IP hash, edit-token hash,
// dedupe key), written in bulk to SQLite and/or PostgreSQL. The same generated rows go to
// both databases, which share one site and one set of secrets, so the two backends serve
// identical threads.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type pg from 'pg';
import type { Secrets } from '../src/core/comments/comment-service.ts';
import type { SiteRow } from '../src/core/records.ts';
import type { CommentTable as CommentRow, ThreadTable as ThreadRow } from '../src/store/schema.ts';
import { hashIp } from '../src/core/privacy/ip.ts';
import { keyedHash } from '../src/core/tokens.ts';
import { threadUrl } from '../src/core/threads/thread-key.ts';
import { renderComment } from '../src/render/markdown.ts';

// ---------------------------------------------------------------------------------------
// Text

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the council minister budget report article readers agree disagree evidence figures policy ' +
  'election vote debate question answer village city railway library school hospital weather ' +
  'summer winter market price rent wages strike talks ceasefire border treaty history source ' +
  'interview statement claim detail point argument opinion view local national foreign press ' +
  'journalist editor correction thanks clear unclear fair unfair long short careful quick'
).split(' ');

function sentence(rng: () => number): string {
  const n = 6 + Math.floor(rng() * 12);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rng() * WORDS.length)]);
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + (rng() < 0.15 ? '?' : '.');
}

/** A plausible comment body (roughly 80–500 characters); the serial number keeps every body distinct. */
export function commentBody(rng: () => number, serial: string): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < n; i++) parts.push(sentence(rng));
  if (rng() < 0.2) parts.push('\n\nMy *own* view differs on one point.');
  parts.push(`(${serial})`);
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------
// Ids and tokens, as src/core/ids.ts and src/core/tokens.ts make them. Ids are made here from
// each comment's own (past) time: the server's newId never goes back in time within a
// process, and one benchmark run seeds several databases, each from the past to now.

let pool = Buffer.alloc(0);
let poolAt = 0;
function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(1 << 20);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

// Ids for each comment's own past time come from src/core/ids.ts (idAt).
export { idAt } from '../src/core/ids.ts';
import { idAt } from '../src/core/ids.ts';

/** hashEditToken(newEditToken()): the hash of a random 24-byte base64url token. */
function editTokenHash(): string {
  return createHash('sha256').update(random(24).toString('base64url')).digest('hex');
}

// ---------------------------------------------------------------------------------------
// Generation

export type ThreadSpec = { key: string; title: string | null; count: number; label: string };
export type SeededThread = {
  key: string;
  title: string | null;
  id: string;
  total: number;
  topLevel: number;
  replies: number;
};
export type Identity = { site: SiteRow; secrets: Secrets };
export type Batch = { threads: ThreadRow[]; comments: CommentRow[] };

/** Where generated rows go. write() may return before the rows are stored (at most one batch in flight). */
export interface Sink {
  readonly name: string;
  write(batch: Batch): Promise<void>;
  finish(): Promise<void>;
  /** Milliseconds spent storing (for a sink that works in another process: until each batch was acknowledged). */
  busyMs(): number;
}

export type SeedStats = {
  comments: number;
  threads: number;
  ms: number;
  generateMs: number;
  sinks: Record<string, { busyMs: number; finishMs: number }>;
};

/**
 * Generates the threads' comments on one clock from the past to now and hands them to every
 * sink in batches. `sequential`: thread after thread (the order of `specs`); `interleaved`:
 * the threads' comments are shuffled together in time, as on a site where many articles are
 * commented at once, so one thread's rows are spread over the whole table.
 * Every tenth comment of a thread is a reply to a random earlier top-level comment of it.
 */
export async function seedComments(
  identity: Identity,
  specs: ThreadSpec[],
  sinks: Sink[],
  opts: {
    order: 'sequential' | 'interleaved';
    rngSeed: number;
    batchSize?: number;
    spacingMs?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ threads: SeededThread[]; stats: SeedStats }> {
  const started = performance.now();
  const { site, secrets } = identity;
  const rng = mulberry32(opts.rngSeed);
  const batchSize = opts.batchSize ?? 2000;
  const spacing = opts.spacingMs ?? 2000;
  const total = specs.reduce((n, s) => n + s.count, 0);

  // Which thread each successive comment belongs to.
  const order = new Uint32Array(total);
  for (let s = 0, k = 0; s < specs.length; s++) for (let i = 0; i < specs[s].count; i++) order[k++] = s;
  if (opts.order === 'interleaved') {
    for (let i = total - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }

  // Per-user values the server would compute for every post (HMACs), computed once per user.
  const avatars = new Map<string, string>();
  const ipHashes = new Map<number, string | null>();
  const state = specs.map(() => ({ id: '', tops: [] as string[], n: 0, replies: 0 }));
  let batch: Batch = { threads: [], comments: [] };
  let generateMs = 0;
  let genStart = performance.now();
  let t = Date.now() - total * spacing;

  for (let k = 0; k < total; k++) {
    const s = order[k];
    const spec = specs[s];
    const st = state[s];
    t += 1 + Math.floor(rng() * spacing);
    if (!st.id) {
      st.id = idAt(t);
      // The thread row as it stands after all its comments were posted: every approved
      // insert adds one to comment_count and to version.
      batch.threads.push({
        id: st.id,
        site_id: site.id,
        key: spec.key,
        url: threadUrl(spec.key),
        title: spec.title,
        closed: 0,
        comment_count: spec.count,
        version: spec.count,
        created_at: t,
        pinned: null,
        reopened_at: null,
      });
    }
    const i = st.n++;
    const parent = i % 10 === 9 && st.tops.length > 0 ? st.tops[Math.floor(rng() * st.tops.length)] : undefined;
    const user = Math.floor(rng() * 5000);
    const name = `Reader ${user}`;
    const email = `reader${user}@example.org`;
    const body = commentBody(rng, `${spec.label}-${i}`);
    let avatar = avatars.get(email);
    if (avatar === undefined) {
      // As CommentService.avatarOf: a per-site HMAC of the normalized email.
      avatar = createHmac('sha256', site.avatar_secret).update(email.trim().toLowerCase()).digest('hex').slice(0, 12);
      avatars.set(email, avatar);
    }
    let ipHash = ipHashes.get(user);
    if (ipHash === undefined) {
      ipHash = hashIp(`10.${user >> 8}.${user & 255}.7`, secrets.ip);
      ipHashes.set(user, ipHash);
    }
    const id = idAt(t);
    batch.comments.push({
      id,
      site_id: site.id,
      thread_id: st.id,
      parent_id: parent ?? null,
      root_id: parent ?? null, // parents are top-level comments: their own root
      depth: parent ? 1 : 0,
      author_name: name,
      author_email: email,
      author_website: null,
      avatar,
      body,
      body_html: await renderComment(body),
      status: 'approved',
      created_at: t,
      edited_at: null,
      edit_token_hash: editTokenHash(),
      ip_hash: ipHash,
      user_agent: 'parley-bench/1',
      dedupe_key: keyedHash(
        secrets.edit,
        site.id,
        spec.key,
        parent ?? '',
        name.toLowerCase(),
        email.toLowerCase(),
        body,
      ),
    });
    if (parent) st.replies++;
    else st.tops.push(id);

    if (batch.comments.length >= batchSize || k === total - 1) {
      generateMs += performance.now() - genStart;
      for (const sink of sinks) await sink.write(batch);
      batch = { threads: [], comments: [] };
      opts.onProgress?.(k + 1, total);
      genStart = performance.now();
    }
  }
  const sinkStats: SeedStats['sinks'] = {};
  for (const sink of sinks) {
    const f0 = performance.now();
    await sink.finish();
    sinkStats[sink.name] = { busyMs: Math.round(sink.busyMs()), finishMs: Math.round(performance.now() - f0) };
  }
  const threads = specs.map((spec, s) => ({
    key: spec.key,
    title: spec.title,
    id: state[s].id,
    total: spec.count,
    topLevel: spec.count - state[s].replies,
    replies: state[s].replies,
  }));
  return {
    threads,
    stats: {
      comments: total,
      threads: specs.length,
      ms: Math.round(performance.now() - started),
      generateMs: Math.round(generateMs),
      sinks: sinkStats,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Sinks

const COMMENT_COLUMNS = [
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
] as const satisfies readonly (keyof CommentRow)[];
const THREAD_COLUMNS = [
  'id',
  'site_id',
  'key',
  'url',
  'title',
  'closed',
  'comment_count',
  'version',
  'created_at',
] as const satisfies readonly (keyof ThreadRow)[];
const PG_TYPES: Record<string, string> = {
  depth: 'int',
  closed: 'int',
  comment_count: 'int',
  version: 'int',
  created_at: 'bigint',
  edited_at: 'bigint',
};

/**
 * SQLite, on the calling thread: one prepared INSERT per table, one transaction per batch,
 * synchronous=OFF while seeding (the server later opens the file with its own setting), one
 * fsync at the end.
 */
export class SqliteSink implements Sink {
  readonly name = 'sqlite';
  readonly #path: string;
  readonly #db: DatabaseSync;
  readonly #thread: StatementSync;
  readonly #comment: StatementSync;
  #busy = 0;

  constructor(path: string) {
    this.#path = path;
    this.#db = new DatabaseSync(path);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = OFF');
    this.#db.exec('PRAGMA foreign_keys = ON');
    this.#db.exec('PRAGMA cache_size = -262144');
    const insert = (table: string, cols: readonly string[]) =>
      this.#db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    this.#thread = insert('threads', THREAD_COLUMNS);
    this.#comment = insert('comments', COMMENT_COLUMNS);
  }

  async write(batch: Batch): Promise<void> {
    const t0 = performance.now();
    this.#db.exec('BEGIN');
    try {
      for (const r of batch.threads) this.#thread.run(...THREAD_COLUMNS.map((c) => r[c]));
      for (const r of batch.comments) this.#comment.run(...COMMENT_COLUMNS.map((c) => r[c]));
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
    this.#busy += performance.now() - t0;
  }

  async finish(): Promise<void> {
    const t0 = performance.now();
    this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.#db.close();
    // synchronous=OFF never fsynced: flush the file now, or the kernel's write-back of a
    // gigabyte would slow down the fsyncs of whatever is measured next.
    const fd = openSync(this.#path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#busy += performance.now() - t0;
  }

  busyMs(): number {
    return this.#busy;
  }
}

/**
 * PostgreSQL: each batch is one INSERT … SELECT FROM unnest($1::text[], $2::text[], …) per
 * table (one array parameter per column: no parameter-count limit, one round trip), committed
 * per batch. One batch is in flight while the next is generated; the migration's indexes and
 * foreign keys stay in place and are maintained row by row, as in production.
 */
export class PostgresSink implements Sink {
  readonly name = 'postgres';
  readonly #client: pg.PoolClient;
  #inFlight: Promise<void> = Promise.resolve();
  #busy = 0;

  private constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  static async open(pool: pg.Pool): Promise<PostgresSink> {
    const client = await pool.connect();
    // Seeding only: a commit need not wait for its WAL flush (a crash would lose the seed, not the server's data).
    await client.query('SET synchronous_commit = off');
    return new PostgresSink(client);
  }

  static insertSql(table: string, cols: readonly string[]): string {
    const arrays = cols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`);
    return `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
  }

  async write(batch: Batch): Promise<void> {
    await this.#inFlight;
    const columns = <R extends Record<string, unknown>>(rows: R[], cols: readonly (keyof R & string)[]) =>
      cols.map((c) => rows.map((r) => r[c]));
    const threads = batch.threads.length ? columns(batch.threads, THREAD_COLUMNS) : null;
    const comments = columns(batch.comments, COMMENT_COLUMNS);
    const t0 = performance.now();
    this.#inFlight = (async () => {
      if (threads) await this.#client.query(PostgresSink.insertSql('threads', THREAD_COLUMNS), threads);
      await this.#client.query(PostgresSink.insertSql('comments', COMMENT_COLUMNS), comments);
      this.#busy += performance.now() - t0;
    })();
    // Surface a failure at the next write or at finish(), not as an unhandled rejection.
    this.#inFlight.catch(() => undefined);
  }

  async finish(): Promise<void> {
    try {
      await this.#inFlight;
    } finally {
      this.#client.release();
    }
  }

  busyMs(): number {
    return this.#busy;
  }
}
