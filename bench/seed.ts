// Seeding for the benchmark: deterministic pseudo-random comments, with every row built the
// way CommentService.create builds it (rendered body, avatar, IP hash, edit-token hash,
// dedupe key), handed in batches to sinks that write them in bulk to SQLite
// (bench/seed-sqlite.ts) and/or PostgreSQL (bench/seed-postgres.ts). The same generated rows
// go to both databases, which share one site and one set of secrets, so the two backends
// serve identical threads. The comments' text comes from bench/seed-text.ts.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Secrets } from '../src/core/comments/comment-service.ts';
import { idAt } from '../src/core/ids.ts';
import type { SiteRow } from '../src/core/records.ts';
import type { CommentTable as CommentRow, ThreadTable as ThreadRow } from '../src/store/schema.ts';
import { hashIp } from '../src/core/privacy/ip.ts';
import { keyedHash } from '../src/core/tokens.ts';
import { threadUrl } from '../src/core/threads/thread-key.ts';
import { renderComment } from '../src/render/markdown.ts';
import { commentBody, mulberry32 } from './seed-text.ts';

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

/** The columns the sinks write, in this order. */
export const COMMENT_COLUMNS = [
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
export const THREAD_COLUMNS = [
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
