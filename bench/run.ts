// Load benchmark of real Parley server processes (`npm run bench`; a script, not a test).
// By default it runs every section below: 7½–9 minutes on a shared 2-core machine (10½ with
// --wait-quiet 15), of which 2½–3½ minutes seed the 1,000,000-comment site.
//
// 1. Main threads. Seeds a 100,000-comment thread, a 1,000-comment thread (10 % replies
//    each, under random earlier top-level comments) and 200 comments on the demo article,
//    with rows built as CommentService.create builds them (bench/seed.ts), in bulk, into a
//    SQLite file and a fresh PostgreSQL database that share one site and one set of secrets.
//    SQLite (`node bin/parley.mjs serve --demo`, driven by autocannon): first thread pages
//    with the read cache off and on, the server-rendered article page, and posting comments
//    with durable (synchronous=full) and, for comparison, normal commits.
//    PostgreSQL (PARLEY_DATABASE_URL): first pages of both threads, cache off, and posting;
//    posting also spread over 64 threads (in a fresh database), a diagnostic for the
//    one-thread case, where every post updates the same thread row.
// 2. Large site. A site with --million comments (1,000 threads of 1,000, their comments
//    interleaved in time as on a real site) and a site with 10,000 (10 such threads), each in
//    its own database: the first page of a 1,000-comment thread on each, cache off.
// 3. Cluster (PostgreSQL). bench/balancer.ts, a round-robin loopback proxy, in front of one
//    server, then of two servers sharing one database (each setup gets a fresh database with
//    the 1,000-comment thread): first-page reads (cache off) and POST.
// 4. Spam checks. spam-checks: bench/spam-check.ts in this process, every default check on
//    each of the 6,925 distinct comments of the training collections. akismet-comment-check:
//    bench/akismet.ts (a server process, POST /1.1/comment-check, 3 runs, median).
// 5. Flood from one address. bench/flood.ts (a server process on SQLite, flood control off,
//    every spam check on): posts from ONE address and ONE email in slices of 5,000 up to
//    50,000 (at most 60 s), posts/s and p99 per slice and the last slice against the first.
// 6. Prints tables (req/s next to the CPU time per response of each process), checks the
//    targets (PASS/MISS) and writes bench/results/latest.json.
//
// Flags: --backend sqlite|postgres|both (both): which databases sections 1 and 2 use; the
//          SQLite-only scenarios of section 1 (cache on, article page, synchronous) run with
//          sqlite or both; section 3 runs with postgres or both.
//        --million N (1000000): comments on the large site; 0 skips section 2.
//        --small-site N (10000): comments on the small site.   --site-thread N (1000): thread size there.
//        --cluster on|off (on): section 3.
//        --pg-url URL (postgres://postgres@127.0.0.1:5432/test): the database on which
//          parley_bench_* databases are created (and dropped at the end unless --keep).
//        --duration S (10), --connections N (64), --pipelining N (1), --warmup S (2),
//        --normal-duration S (5), --big N (100000), --only name,name (run only these scenarios;
//        sections with none of them are not seeded), --cpu-prof DIR,
//        --out FILE (bench/results/latest.json), --keep (keep the data dir and databases),
//        --wait-quiet S (0: before each scenario wait up to S seconds for CPU pressure < 15 %).
// Quick run: --million 100000 --duration 3 --warmup 1
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { ARTICLES } from '../demo/articles.ts';
import { loadConfig } from '../src/config/config.ts';
import { createPgDatabase, pgQuery, seedDatabases, type PgDatabase, type SeedResult } from './databases.ts';
import { measure, postRequests, round, type LoadSettings, type ScenarioResult, type Target } from './measure.ts';
import { cpuPressure, freePort, ROOT, startBalancer, startServer, stopProc, type Proc, type Server } from './procs.ts';
import {
  postRowsCheck,
  printChecks,
  printProcessCpu,
  printScenarios,
  printTable,
  twoxxCount,
  type Check,
} from './report.ts';
import type { SeededThread, ThreadSpec } from './seed.ts';
import { measureSpamChecks, type SpamCheckFigures } from './spam-check.ts';
import type { AkismetFigures } from './akismet.ts';
import type { FloodFigures } from './flood.ts';

// ---------------------------------------------------------------------------------------
// Options

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    million: { type: 'string', default: '1000000' },
    'small-site': { type: 'string', default: '10000' },
    'site-thread': { type: 'string', default: '1000' },
    cluster: { type: 'string', default: 'on' },
    'pg-url': { type: 'string', default: process.env.PARLEY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    pipelining: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '2' },
    'normal-duration': { type: 'string', default: '5' },
    big: { type: 'string', default: '100000' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.json') },
    keep: { type: 'boolean', default: false },
    'wait-quiet': { type: 'string', default: '0' },
  },
});
function positive(name: string, raw: string | undefined, allowZero = false): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new Error(`--${name} must be a positive number, got ${raw}`);
  return n;
}
function oneOf<T extends string>(name: string, raw: string | undefined, values: readonly T[]): T {
  if (!values.includes(raw as T)) throw new Error(`--${name} must be one of ${values.join(', ')}, got ${raw}`);
  return raw as T;
}
const BACKEND = oneOf('backend', args.backend, ['sqlite', 'postgres', 'both'] as const);
const SQLITE = BACKEND !== 'postgres';
/** With --backend both, false when PostgreSQL turns out to be unreachable (the run goes on with SQLite). */
let POSTGRES = BACKEND !== 'sqlite';
const MILLION = Math.round(positive('million', args.million, true));
const SMALL_SITE = Math.round(positive('small-site', args['small-site']));
const SITE_THREAD = Math.round(positive('site-thread', args['site-thread']));
const CLUSTER_FLAG = oneOf('cluster', args.cluster, ['on', 'off'] as const) === 'on';
const PG_URL = args['pg-url']!;
const DURATION = positive('duration', args.duration);
const LOAD: LoadSettings = {
  connections: Math.round(positive('connections', args.connections)),
  pipelining: Math.round(positive('pipelining', args.pipelining)),
  warmupS: positive('warmup', args.warmup, true),
  // Before each scenario, wait up to this many seconds for CPU pressure (PSI avg10) below quietPsiBelow %.
  waitQuietS: positive('wait-quiet', args['wait-quiet'], true),
  quietPsiBelow: 15,
};
const NORMAL_DURATION = Math.min(DURATION, positive('normal-duration', args['normal-duration']));
const BIG = Math.round(positive('big', args.big));
const SMALL = 1000;
const ARTICLE_COMMENTS = 200;
const ONLY = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : null;
const CPU_PROF = args['cpu-prof'] ? resolve(args['cpu-prof']) : null;
const LOG_LEVEL = 'warn';

const want = (name: string) => !ONLY || ONLY.has(name);
const wantAny = (names: string[]) => names.some(want);
/** 1000000 → "1m", 10000 → "10k". */
const short = (n: number) =>
  n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}m` : n >= 1000 && n % 100 === 0 ? `${n / 1000}k` : String(n);
const threadPath = (key: string) => `/api/v1/threads?thread=${encodeURIComponent(key)}`;
const direct = (server: Server): Target => ({ url: server.url, servers: [server] });
const profile = (name: string) => (CPU_PROF ? { dir: CPU_PROF, name } : undefined);

// ---------------------------------------------------------------------------------------
// Shared state of one run

const results: ScenarioResult[] = [];
const seeds: Record<
  string,
  { backends: string[]; comments: number; threads: number; stats: SeedResult['stats']; commentsPerSecond: number }
> = {};
const started = Date.now();
let mainThreads: Record<'big' | 'small' | 'article', SeededThread> | null = null;
let spamChecks: SpamCheckFigures | null = null;
let akismet: AkismetFigures | null = null;
let flood: FloodFigures | null = null;

async function spamSection(dataDir: string): Promise<void> {
  if (want('spam-checks')) {
    console.log('spam checks, in process (3 rounds after a warm-up round) …');
    spamChecks = await measureSpamChecks(3);
    console.log(`  p50 ${spamChecks.p50Ms} ms, p99 ${spamChecks.p99Ms} ms`);
  }
  if (want('akismet-comment-check')) {
    const out = join(dataDir, 'akismet.json');
    const args = [
      'bench/akismet.ts',
      '--runs',
      '3',
      '--duration',
      String(DURATION),
      '--warmup',
      String(LOAD.warmupS),
      '--connections',
      String(LOAD.connections),
      '--wait-quiet',
      String(LOAD.waitQuietS),
      '--out',
      out,
    ];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench/akismet.ts failed (${r.status})`);
    akismet = JSON.parse(readFileSync(out, 'utf8')) as AkismetFigures;
  }
}

/** Section 5: a flood from one address and one email (bench/flood.ts, its own server process). */
function floodSection(dataDir: string): void {
  if (!SQLITE || !want('flood-one-address')) return;
  const out = join(dataDir, 'flood.json');
  const r = spawnSync(process.execPath, ['bench/flood.ts', '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench/flood.ts failed (${r.status})`);
  flood = JSON.parse(readFileSync(out, 'utf8')) as FloodFigures;
}

async function seed(
  label: string,
  env: Record<string, string>,
  where: { pgUrl?: string; sqlitePath?: string },
  specs: ThreadSpec[],
  order: 'sequential' | 'interleaved',
  rngSeed: number,
): Promise<SeededThread[]> {
  const total = specs.reduce((n, s) => n + s.count, 0);
  const backends = [...(where.sqlitePath ? ['SQLite'] : []), ...(where.pgUrl ? ['PostgreSQL'] : [])];
  console.log(
    `seeding ${label}: ${total.toLocaleString('en')} comments in ${specs.length.toLocaleString('en')} thread(s), ${order}, into ${backends.join(' and ')} …`,
  );
  let lastReport = Date.now();
  const { threads, stats } = await seedDatabases(loadConfig(env), where, specs, {
    order,
    rngSeed,
    onProgress: (done, all) => {
      if (Date.now() - lastReport < 15_000) return;
      lastReport = Date.now();
      console.log(
        `  … ${done.toLocaleString('en')} / ${all.toLocaleString('en')} (${Math.round((Date.now() - started) / 1000)} s into the run)`,
      );
    },
  });
  const perSecond = Math.round(total / (stats.ms / 1000));
  seeds[label] = { backends, comments: total, threads: specs.length, stats, commentsPerSecond: perSecond };
  const sinks = Object.entries(stats.sinks).map(([k, v]) => `${k} busy ${(v.busyMs / 1000).toFixed(1)} s`);
  console.log(
    `  seeded in ${(stats.ms / 1000).toFixed(1)} s (${perSecond.toLocaleString('en')} comments/s into each database): generating rows ${(stats.generateMs / 1000).toFixed(1)} s, ` +
      `${sinks.join(', ')}${stats.vacuumAnalyzeMs != null ? `, VACUUM ANALYZE ${(stats.vacuumAnalyzeMs / 1000).toFixed(1)} s, CHECKPOINT ${((stats.checkpointMs ?? 0) / 1000).toFixed(1)} s` : ''}`,
  );
  return threads;
}

/** Checks the first page of each thread through the real server before anything is measured. */
async function checkThreads(server: Server, threads: SeededThread[]): Promise<void> {
  const pageSize = Number(process.env.PARLEY_PAGE_SIZE ?? 25);
  for (const t of threads) {
    const res = await fetch(`${server.url}${threadPath(t.key)}`);
    const page = (await res.json()) as { thread: { count: number }; comments: { replies: unknown[] }[] };
    if (
      res.status !== 200 ||
      page.thread.count !== t.total ||
      page.comments.length !== Math.min(pageSize, t.topLevel)
    ) {
      throw new Error(
        `${server.label}: unexpected first page of ${t.key}: HTTP ${res.status}, count ${page.thread?.count}, ${page.comments?.length} top-level`,
      );
    }
    const nested = page.comments.reduce((n, c) => n + c.replies.length, 0);
    console.log(
      `  check (${server.backend}): ${t.key} → ${page.thread.count} comments, first page ${page.comments.length} top-level + ${nested} direct replies`,
    );
  }
}

async function countRows(server: Server, threadKeys: string[]): Promise<number> {
  const sql = 'SELECT count(*) AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.key ';
  if (server.backend === 'postgres')
    return Number((await pgQuery<{ n: string }>(server.env.PARLEY_DATABASE_URL, sql + '= ANY($1)', [threadKeys]))[0].n);
  const db = new DatabaseSync(join(server.env.PARLEY_DATA_DIR, 'parley.db'), { readOnly: true });
  try {
    return Number(
      (db.prepare(sql + `IN (${threadKeys.map(() => '?').join(', ')})`).get(...threadKeys) as { n: number }).n,
    );
  } finally {
    db.close();
  }
}

/**
 * A POST scenario: distinct comments to a thread of its own (or, with `spread`, to that many
 * threads in turn); afterwards, the rows stored are counted.
 */
async function measurePosts(
  target: Target,
  name: string,
  description: string,
  thread: string,
  duration: number,
  spread = 1,
): Promise<void> {
  const threads = spread === 1 ? [thread] : Array.from({ length: spread }, (_, i) => `${thread}-${i}`);
  // The warm-up posts go to other threads, so the measured threads hold only measured posts.
  const r = await measure(LOAD, target, name, description, {
    path: '/api/v1/comments',
    method: 'POST',
    duration,
    requests: postRequests(threads, name),
    warmupRequests: postRequests(
      threads.map((t) => `${t}-warmup`),
      `${name}-warmup`,
    ),
  });
  const stored = (r.statusCodes['201'] ?? 0) + (r.statusCodes['202'] ?? 0);
  const rows = await countRows(target.servers[0], threads);
  const acknowledged = twoxxCount(r);
  r.stored = {
    count: stored,
    perSecond: round(stored / r.measuredDurationS),
    rowsInDatabase: rows,
    rowsAtLeastAcknowledged: rows >= acknowledged,
  };
  results.push(r);
  console.log(
    `    stored ${stored} (${r.stored.perSecond}/s); rows in the database for the thread: ${rows} ≥ ${acknowledged} 2xx: ${r.stored.rowsAtLeastAcknowledged}`,
  );
}

async function read(target: Target, name: string, description: string, path: string): Promise<void> {
  if (want(name)) results.push(await measure(LOAD, target, name, description, { path, duration: DURATION }));
}

// ---------------------------------------------------------------------------------------
// Sections

type Ctx = {
  dataDir: string;
  publicUrl: string;
  baseEnv: Record<string, string>;
  pgEnv: (db: PgDatabase, extra?: Record<string, string>) => Record<string, string>;
  databases: PgDatabase[];
};

const MAIN_SQLITE = [
  'thread-1k-cache-off',
  'thread-100k-cache-off',
  'thread-1k-cache-off-limit50',
  'article-page',
  'thread-1k-cache-on',
  'thread-100k-cache-on',
  'post-comments-sync-full',
  'post-comments-sync-normal',
];
const MAIN_PG = [
  'pg-thread-1k-cache-off',
  'pg-thread-100k-cache-off',
  'pg-post-comments',
  'pg-post-comments-64-threads',
];
const CLUSTER_NAMES = [
  'cluster-1-thread-1k-cache-off',
  'cluster-1-post-comments',
  'cluster-2-thread-1k-cache-off',
  'cluster-2-post-comments',
];

/** The 1,000-comment thread of section 1, also seeded on its own for section 3. */
const smallSpec = (publicUrl: string): ThreadSpec => ({
  key: `${publicUrl}/bench/small-thread-${SMALL}`,
  title: 'Benchmark: a long thread',
  count: SMALL,
  label: 'small',
});

/** Section 1: the main threads on SQLite (all the original scenarios) and PostgreSQL. */
async function mainSection(ctx: Ctx): Promise<void> {
  const runSqlite = SQLITE && wantAny(MAIN_SQLITE);
  const runPg = POSTGRES && wantAny(MAIN_PG);
  if (!runSqlite && !runPg) return;
  const pg = runPg ? await createPgDatabase(PG_URL, 'main') : null;
  if (pg) ctx.databases.push(pg);
  const article = ARTICLES.find((a) => a.slug === 'france-russia-syria')!;
  const specs: ThreadSpec[] = [
    {
      key: `${ctx.publicUrl}/bench/big-thread-${BIG}`,
      title: 'Benchmark: a very long thread',
      count: BIG,
      label: 'big',
    },
    smallSpec(ctx.publicUrl),
    { key: `${ctx.publicUrl}/news/${article.slug}`, title: article.title, count: ARTICLE_COMMENTS, label: 'article' },
  ];
  const [big, small, articleThread] = await seed(
    'main',
    ctx.baseEnv,
    { pgUrl: pg?.url, sqlitePath: runSqlite ? join(ctx.dataDir, 'parley.db') : undefined },
    specs,
    'sequential',
    20261130,
  );
  mainThreads = { big, small, article: articleThread };
  const articlePath = `/news/${article.slug}`;

  let server: Server | null = null;
  try {
    if (runSqlite) {
      server = await startServer('server', { ...ctx.baseEnv, PARLEY_READ_CACHE: 'off' }, profile('cache-off'));
      await checkThreads(server, [small, big]);
      const art = await fetch(`${server.url}${articlePath}`);
      const html = await art.text();
      if (art.status !== 200 || !html.includes('parley-comment')) throw new Error(`article page: HTTP ${art.status}`);
      console.log(`  check: ${articlePath} → ${Math.round(html.length / 1024)} KiB of HTML`);
      console.log('SQLite, read cache OFF');
      await read(
        direct(server),
        'thread-1k-cache-off',
        `first page of the ${SMALL}-comment thread, read cache off`,
        threadPath(small.key),
      );
      await read(
        direct(server),
        'thread-100k-cache-off',
        `first page of the ${BIG}-comment thread, read cache off`,
        threadPath(big.key),
      );
      // For comparison with WordPress-sized pages: the same first page with 50 top-level comments.
      await read(
        direct(server),
        'thread-1k-cache-off-limit50',
        `first page of the ${SMALL}-comment thread with limit=50, read cache off`,
        `${threadPath(small.key)}&limit=50`,
      );
      await read(
        direct(server),
        'article-page',
        `server-rendered demo article with its ${ARTICLE_COMMENTS}-comment section (no read cache on this route)`,
        articlePath,
      );
      await stopProc(server);
    }
    // Right after SQLite's, so that both backends' first pages are measured under similar machine noise.
    if (pg && wantAny(MAIN_PG.slice(0, 2))) {
      console.log('PostgreSQL, read cache OFF');
      server = await startServer('server', ctx.pgEnv(pg, { PARLEY_READ_CACHE: 'off' }), profile('pg-cache-off'));
      await checkThreads(server, [small, big]);
      await read(
        direct(server),
        'pg-thread-1k-cache-off',
        `PostgreSQL: first page of the ${SMALL}-comment thread, read cache off`,
        threadPath(small.key),
      );
      await read(
        direct(server),
        'pg-thread-100k-cache-off',
        `PostgreSQL: first page of the ${BIG}-comment thread, read cache off`,
        threadPath(big.key),
      );
      await stopProc(server);
    }
    if (runSqlite && wantAny(['thread-1k-cache-on', 'thread-100k-cache-on'])) {
      console.log('SQLite, read cache ON');
      server = await startServer('server', { ...ctx.baseEnv, PARLEY_READ_CACHE: 'on' }, profile('cache-on'));
      await read(
        direct(server),
        'thread-1k-cache-on',
        `first page of the ${SMALL}-comment thread, read cache on`,
        threadPath(small.key),
      );
      await read(
        direct(server),
        'thread-100k-cache-on',
        `first page of the ${BIG}-comment thread, read cache on`,
        threadPath(big.key),
      );
      await stopProc(server);
    }
    for (const sync of ['full', 'normal'] as const) {
      const name = `post-comments-sync-${sync}`;
      if (!runSqlite || !want(name)) continue;
      console.log(
        `SQLite, POST, synchronous=${sync}${sync === 'normal' ? ' (comparison only: not durable against power loss)' : ''}`,
      );
      server = await startServer(
        'server',
        { ...ctx.baseEnv, PARLEY_SQLITE_SYNCHRONOUS: sync },
        profile(`post-${sync}`),
      );
      const description = `POST /api/v1/comments, distinct top-level comments, synchronous=${sync}${sync === 'normal' ? ' (comparison)' : ''}`;
      await measurePosts(
        direct(server),
        name,
        description,
        `${ctx.publicUrl}/bench/posts-${sync}`,
        sync === 'full' ? DURATION : NORMAL_DURATION,
      );
      await stopProc(server);
    }
    if (pg && want('pg-post-comments')) {
      console.log('PostgreSQL, POST (synchronous_commit as the server is configured)');
      server = await startServer('server', ctx.pgEnv(pg), profile('pg-post'));
      await measurePosts(
        direct(server),
        'pg-post-comments',
        'PostgreSQL: POST /api/v1/comments, distinct top-level comments',
        `${ctx.publicUrl}/bench/posts-pg`,
        DURATION,
      );
      await stopProc(server);
    }
    // Diagnostic: every post to one thread updates that thread's row (count, version) and
    // waits for the row lock of the post before it; spread over 64 threads, posts do not
    // queue on one row. In a database of its own, so that it does not start where the
    // single-thread run left the database (PostgreSQL's CPU per post rose from run to run
    // within one database in our tests).
    if (POSTGRES && want('pg-post-comments-64-threads')) {
      const fresh = await createPgDatabase(PG_URL, 'posts');
      ctx.databases.push(fresh);
      server = await startServer('server', ctx.pgEnv(fresh), profile('pg-post-64'));
      await measurePosts(
        direct(server),
        'pg-post-comments-64-threads',
        'PostgreSQL (empty database): POST /api/v1/comments, distinct top-level comments, 64 threads in turn',
        `${ctx.publicUrl}/bench/posts-pg-spread`,
        DURATION,
        64,
      );
      await stopProc(server);
    }
  } finally {
    await stopProc(server);
  }
}

/** Section 2: the same-sized thread on a site of --million comments and on a site of --small-site. */
async function largeSiteSection(ctx: Ctx): Promise<void> {
  if (MILLION === 0) return;
  const sizes = [SMALL_SITE, MILLION];
  const name = (backend: 'sqlite' | 'postgres', size: number) =>
    `${backend === 'postgres' ? 'pg-' : ''}site-${short(size)}-thread-cache-off`;
  const backends = [...(SQLITE ? (['sqlite'] as const) : []), ...(POSTGRES ? (['postgres'] as const) : [])].filter(
    (b) => sizes.some((n) => want(name(b, n))),
  );
  if (backends.length === 0) return;
  const sites: { size: number; dataDir: string; pg: PgDatabase | null; thread: SeededThread }[] = [];
  for (const size of sizes) {
    const threadCount = Math.max(1, Math.floor(size / SITE_THREAD));
    const specs: ThreadSpec[] = Array.from({ length: threadCount }, (_, i) => ({
      key: `${ctx.publicUrl}/site-${short(size)}/article-${i}`,
      title: `Article ${i}`,
      count: SITE_THREAD,
      label: `s${short(size)}-${i}`,
    }));
    const dataDir = join(ctx.dataDir, `site-${short(size)}`);
    const pg = backends.includes('postgres') ? await createPgDatabase(PG_URL, `site${short(size)}`) : null;
    if (pg) ctx.databases.push(pg);
    const where = { pgUrl: pg?.url, sqlitePath: backends.includes('sqlite') ? join(dataDir, 'parley.db') : undefined };
    const threads = await seed(
      `site-${short(size)}`,
      { ...ctx.baseEnv, PARLEY_DATA_DIR: dataDir },
      where,
      specs,
      'interleaved',
      7 + size,
    );
    // A thread from the middle of the site's history: its rows are spread among everyone else's.
    sites.push({ size, dataDir, pg, thread: threads[Math.floor(threads.length / 2)] });
  }
  for (const backend of backends) {
    console.log(
      `${backend === 'postgres' ? 'PostgreSQL' : 'SQLite'}: a ${SITE_THREAD}-comment thread on sites of ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} comments, read cache off`,
    );
    for (const site of sites) {
      if (!want(name(backend, site.size))) continue;
      const env =
        backend === 'postgres'
          ? ctx.pgEnv(site.pg!, { PARLEY_READ_CACHE: 'off' })
          : { ...ctx.baseEnv, PARLEY_DATA_DIR: site.dataDir, PARLEY_READ_CACHE: 'off' };
      const server = await startServer('server', env, profile(name(backend, site.size)));
      try {
        await checkThreads(server, [site.thread]);
        await read(
          direct(server),
          name(backend, site.size),
          `${backend === 'postgres' ? 'PostgreSQL: ' : ''}first page of a ${SITE_THREAD}-comment thread on a site with ${site.size.toLocaleString('en')} comments (${Math.floor(site.size / SITE_THREAD)} threads, interleaved), read cache off`,
          threadPath(site.thread.key),
        );
      } finally {
        await stopProc(server);
      }
    }
  }
}

/**
 * Section 3: one, then two PostgreSQL-backed servers behind bench/balancer.ts. Each setup
 * gets a database of its own holding the 1,000-comment thread, so that both start from the
 * same state (PostgreSQL's CPU per post rose from run to run within one database in our tests).
 */
async function clusterSection(ctx: Ctx): Promise<void> {
  if (!wantAny(CLUSTER_NAMES)) return;
  for (const n of [1, 2]) {
    if (!wantAny(CLUSTER_NAMES.filter((c) => c.startsWith(`cluster-${n}-`)))) continue;
    const pg = await createPgDatabase(PG_URL, `cluster${n}`);
    ctx.databases.push(pg);
    const [small] = await seed(
      `cluster-${n}`,
      ctx.baseEnv,
      { pgUrl: pg.url },
      [smallSpec(ctx.publicUrl)],
      'sequential',
      20261130,
    );
    const procs: Proc[] = [];
    try {
      // One after the other: the first creates (here: finds) the schema, secrets and site.
      const servers: Server[] = [];
      for (const label of ['server A', 'server B'].slice(0, n)) {
        const env = ctx.pgEnv(pg, { PARLEY_PORT: String(await freePort()), PARLEY_READ_CACHE: 'off' });
        servers.push(await startServer(label, env, profile(`cluster-${n}-${label.replace(/\W+/g, '-')}`)));
        procs.push(servers[servers.length - 1]);
      }
      const balancer = await startBalancer(await freePort(), servers);
      procs.push(balancer);
      const target: Target = { url: balancer.url, servers, balancer };
      console.log(`Cluster: ${n} PostgreSQL-backed server(s) behind the balancer (read cache off)`);
      await read(
        target,
        `cluster-${n}-thread-1k-cache-off`,
        `PostgreSQL, ${n} server(s) behind bench/balancer.ts: first page of the ${SMALL}-comment thread, read cache off`,
        threadPath(small.key),
      );
      if (want(`cluster-${n}-post-comments`)) {
        await measurePosts(
          target,
          `cluster-${n}-post-comments`,
          `PostgreSQL, ${n} server(s) behind bench/balancer.ts: POST /api/v1/comments, distinct top-level comments`,
          `${ctx.publicUrl}/bench/posts-cluster-${n}`,
          DURATION,
        );
      }
    } finally {
      for (const p of procs.reverse()) await stopProc(p);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'parley-bench-'));
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const baseEnv: Record<string, string> = {
    PARLEY_PORT: String(port),
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_PUBLIC_URL: publicUrl,
    PARLEY_FLOOD_SECONDS: '0',
    PARLEY_LOG_LEVEL: LOG_LEVEL,
    PARLEY_READ_CACHE: 'on',
    PARLEY_SQLITE_SYNCHRONOUS: 'full',
  };
  const ctx: Ctx = {
    dataDir,
    publicUrl,
    baseEnv,
    pgEnv: (db, extra = {}) => ({ ...baseEnv, PARLEY_DATABASE_URL: db.url, ...extra }),
    databases: [],
  };
  const cpuList = os.cpus();
  const machine: Record<string, unknown> = {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
    cpuPressureAvg10AtStart: cpuPressure(),
    note: 'autocannon runs in the benchmark process on the same machine as the servers, the balancer and PostgreSQL (they all share the cores)',
  };
  if (POSTGRES) {
    try {
      const [v] = await pgQuery<{
        version: string;
        shared_buffers: string;
        synchronous_commit: string;
        autovacuum: string;
      }>(
        PG_URL,
        `SELECT version(), current_setting('shared_buffers') AS shared_buffers, current_setting('synchronous_commit') AS synchronous_commit, current_setting('autovacuum') AS autovacuum`,
      );
      machine.postgres = {
        version: v.version.split(' on ')[0],
        sharedBuffers: v.shared_buffers,
        synchronousCommit: v.synchronous_commit,
        autovacuum: v.autovacuum,
        host: new URL(PG_URL).host,
      };
    } catch (err) {
      if (BACKEND === 'postgres') throw err;
      console.log(
        `notice: PostgreSQL not reachable at ${new URL(PG_URL).host} (${(err as Error).message}): SQLite only (--pg-url to point elsewhere)`,
      );
      POSTGRES = false;
    }
  }
  const CLUSTER = CLUSTER_FLAG && POSTGRES;
  console.log(
    `Parley benchmark — Node ${machine.node}, ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB${POSTGRES ? `; ${(machine.postgres as { version: string }).version}` : ''}`,
  );
  console.log(
    `connections ${LOAD.connections}, pipelining ${LOAD.pipelining}, duration ${DURATION}s (+${LOAD.warmupS}s warm-up each), backend ${BACKEND}, large site ${MILLION || 'skipped'}, cluster ${CLUSTER ? 'on' : 'off'}, data in ${dataDir}`,
  );

  try {
    await mainSection(ctx);
    await largeSiteSection(ctx);
    if (CLUSTER) await clusterSection(ctx);
    await spamSection(dataDir);
    floodSection(dataDir);
  } finally {
    if (args.keep) {
      console.log(
        `kept: ${dataDir}${ctx.databases.length ? ` and databases ${ctx.databases.map((d) => d.name).join(', ')}` : ''}`,
      );
    } else {
      rmSync(dataDir, { recursive: true, force: true });
      for (const db of ctx.databases)
        await db.drop().catch((err) => console.error(`could not drop ${db.name}: ${err.message}`));
    }
  }
  report(machine);
}

/**
 * A post must not cost more the more its sender has posted. Judged on the server's CPU time per
 * post, which a busy shared machine disturbs far less than posts/s and p99 (both reported).
 */
function floodCheck(): Check {
  const m = flood?.median;
  const run = flood?.runs[0];
  const [first, last] = m ? [m.slices[0], m.slices[m.slices.length - 1]] : [];
  return {
    target:
      'flood from one address: server CPU per post in the last slice ≤ 1.25× the first (up to 50,000 posts, 60 s at most)',
    scenario: 'flood-one-address',
    measured:
      first && last && run
        ? `${first.from}–${first.to}: ${first.postsPerSecond} posts/s, p99 ${first.p99Ms} ms, ${first.serverCpuUsPerPost} µs CPU/post; ${last.from}–${last.to}: ${last.postsPerSecond} posts/s, p99 ${last.p99Ms} ms, ${last.serverCpuUsPerPost} µs CPU/post (${run.posted.toLocaleString('en')} posted in ${run.seconds} s${run.complete ? '' : ', stopped at the time bound'})`
        : 'not run',
    pass: m?.cpuRatioLastFirst != null ? m.cpuRatioLastFirst <= 1.25 : null,
  };
}

function report(machine: Record<string, unknown>): void {
  const by = (n: string) => results.find((r) => r.name === n);
  const rps = (n: string) => by(n)?.requestsPerSecond.mean;
  const ratio = (a: number | undefined, b: number | undefined, d = 2) => (a && b ? round(a / b, d) : null);
  /** CPU per response of the server and (for PostgreSQL) the database together. */
  const cpuPerResponse = (r: ScenarioResult | undefined) =>
    r?.serverCpu.usPerResponse == null ? null : r.serverCpu.usPerResponse + (r.postgresCpu?.usPerResponse ?? 0);

  // Ratios
  const ratios: Record<string, number | null> = {};
  const r1k = rps('thread-1k-cache-off');
  const r100k = rps('thread-100k-cache-off');
  ratios['thread1kOverThread100k_cacheOff'] = ratio(r1k, r100k);
  ratios['cacheOnOverOff_1k'] = ratio(rps('thread-1k-cache-on'), r1k);
  ratios['cacheOnOverOff_100k'] = ratio(rps('thread-100k-cache-on'), r100k);
  ratios['postNormalOverFull'] = ratio(
    by('post-comments-sync-normal')?.stored?.perSecond,
    by('post-comments-sync-full')?.stored?.perSecond,
  );
  ratios['pgOverSqlite_thread1k_cacheOff'] = ratio(rps('pg-thread-1k-cache-off'), r1k);
  ratios['pgOverSqlite_thread100k_cacheOff'] = ratio(rps('pg-thread-100k-cache-off'), r100k);
  ratios['pgOverSqlite_postStoredPerSecond'] = ratio(
    by('pg-post-comments')?.stored?.perSecond,
    by('post-comments-sync-full')?.stored?.perSecond,
  );
  const large = short(MILLION);
  const small = short(SMALL_SITE);
  for (const p of ['', 'pg-'])
    ratios[`${p ? 'pg_' : 'sqlite_'}site${small}OverSite${large}_thread`] = ratio(
      rps(`${p}site-${small}-thread-cache-off`),
      rps(`${p}site-${large}-thread-cache-off`),
    );
  ratios['cluster2OverCluster1_thread1k_cacheOff'] = ratio(
    rps('cluster-2-thread-1k-cache-off'),
    rps('cluster-1-thread-1k-cache-off'),
  );
  ratios['cluster2OverCluster1_postStoredPerSecond'] = ratio(
    by('cluster-2-post-comments')?.stored?.perSecond,
    by('cluster-1-post-comments')?.stored?.perSecond,
  );
  ratios['directOverCluster1_pgThread1k'] = ratio(rps('pg-thread-1k-cache-off'), rps('cluster-1-thread-1k-cache-off'));
  ratios['floodLastOverFirstSlice_postsPerSecond'] = flood?.median.ratioLastFirst ?? null;
  ratios['floodLastOverFirstSlice_p99'] = flood?.median.p99RatioLastFirst ?? null;
  ratios['floodLastOverFirstSlice_serverCpuPerPost'] = flood?.median.cpuRatioLastFirst ?? null;

  // Targets
  const checks: Check[] = [];
  const note64 =
    LOAD.connections === 64 ? '' : ` (targets are defined at 64 connections; this run used ${LOAD.connections})`;
  for (const n of ['thread-1k-cache-off', 'thread-100k-cache-off']) {
    const r = by(n);
    checks.push({
      target: 'cache off: ≥ 2,500 req/s and p99 ≤ 50 ms at 64 connections' + note64,
      scenario: n,
      measured: r ? `${r.requestsPerSecond.mean} req/s, p99 ${r.latencyMs.p99} ms` : 'not run',
      pass: r ? r.requestsPerSecond.mean >= 2500 && r.latencyMs.p99 <= 50 && r.non2xx === 0 : null,
    });
  }
  checks.push({
    target: '100k-comment thread within 1.5× of the 1k-comment thread (cache off, req/s)',
    scenario: 'thread-100k-cache-off vs thread-1k-cache-off',
    measured:
      ratios.thread1kOverThread100k_cacheOff != null
        ? `1k/100k = ${ratios.thread1kOverThread100k_cacheOff}×`
        : 'not run',
    pass: ratios.thread1kOverThread100k_cacheOff != null ? ratios.thread1kOverThread100k_cacheOff <= 1.5 : null,
  });
  for (const n of ['thread-1k-cache-on', 'thread-100k-cache-on']) {
    const r = by(n);
    checks.push({
      target: 'cache on: ≥ 5,000 req/s and p99 ≤ 25 ms' + note64,
      scenario: n,
      measured: r ? `${r.requestsPerSecond.mean} req/s, p99 ${r.latencyMs.p99} ms` : 'not run',
      pass: r ? r.requestsPerSecond.mean >= 5000 && r.latencyMs.p99 <= 25 && r.non2xx === 0 : null,
    });
  }
  const post = by('post-comments-sync-full');
  checks.push({
    target: '≥ 2,000 stored comments/s (synchronous=full, durable acknowledgement)',
    scenario: 'post-comments-sync-full',
    measured: post?.stored ? `${post.stored.perSecond} stored/s` : 'not run',
    pass: post?.stored ? post.stored.perSecond >= 2000 : null,
  });
  for (const t of ['1k', '100k'] as const) {
    const pgName = `pg-thread-${t}-cache-off`;
    const sq = by(`thread-${t}-cache-off`);
    const pgr = by(pgName);
    const v = ratios[`pgOverSqlite_thread${t}_cacheOff`];
    checks.push({
      target: 'PostgreSQL first-page read ≥ 60 % of SQLite’s (cache off, req/s)',
      scenario: `${pgName} vs thread-${t}-cache-off`,
      measured:
        v != null
          ? `${Math.round(v * 100)} % (${pgr!.requestsPerSecond.mean} vs ${sq!.requestsPerSecond.mean} req/s; CPU per response, server + database: ${cpuPerResponse(pgr)} vs ${cpuPerResponse(sq)} µs)`
          : 'not run',
      pass: v != null ? v >= 0.6 && pgr!.non2xx === 0 : null,
    });
  }
  for (const p of ['', 'pg-']) {
    const v = ratios[`${p ? 'pg_' : 'sqlite_'}site${small}OverSite${large}_thread`];
    const a = by(`${p}site-${small}-thread-cache-off`);
    const b = by(`${p}site-${large}-thread-cache-off`);
    checks.push({
      target: `${p ? 'PostgreSQL' : 'SQLite'}: a site with ${MILLION.toLocaleString('en')} comments reads a ${SITE_THREAD}-comment thread within 1.5× of a site with ${SMALL_SITE.toLocaleString('en')} (cache off, req/s)`,
      scenario: `${p}site-${large}-thread-cache-off vs ${p}site-${small}-thread-cache-off`,
      measured:
        v != null
          ? `${small}/${large} = ${v}× (${a!.requestsPerSecond.mean} vs ${b!.requestsPerSecond.mean} req/s; CPU per response, server + database: ${cpuPerResponse(a)} vs ${cpuPerResponse(b)} µs)`
          : 'not run',
      pass: v != null ? v <= 1.5 && b!.non2xx === 0 : null,
    });
  }
  checks.push(postRowsCheck(results));
  checks.push({
    target: 'spam checks in process: p50 ≤ 0.1 ms and p99 ≤ 1 ms per comment',
    scenario: 'spam-checks',
    measured: spamChecks
      ? `p50 ${spamChecks.p50Ms} ms, p90 ${spamChecks.p90Ms} ms, p99 ${spamChecks.p99Ms} ms over ${spamChecks.comments} comments × ${spamChecks.rounds}`
      : 'not run',
    pass: spamChecks ? spamChecks.p50Ms <= 0.1 && spamChecks.p99Ms <= 1 : null,
  });
  checks.push({
    target: 'Akismet-compatible comment-check over HTTP: ≥ 5,000 req/s at 64 connections' + note64,
    scenario: 'akismet-comment-check',
    measured: akismet
      ? `median of ${akismet.runs}: ${akismet.requestsPerSecondMedian} req/s, p99 ${akismet.p99MsMedian} ms, server CPU ${akismet.serverCpuUsPerRequestMedian} µs/request (runs: ${akismet.perRun.map((r) => r.rps).join(', ')} req/s)`
      : 'not run',
    pass: akismet ? akismet.requestsPerSecondMedian >= 5000 && akismet.errors === 0 : null,
  });
  checks.push(floodCheck());

  // Printed report
  console.log('');
  console.log(
    `Machine: Node ${machine.node}, ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}; load average at start ${(machine.loadAverageAtStart as number[]).join(' ')}`,
  );
  if (machine.postgres) {
    const p = machine.postgres as Record<string, string>;
    console.log(
      `PostgreSQL: ${p.version} at ${p.host} (same machine), shared_buffers ${p.sharedBuffers}, synchronous_commit ${p.synchronousCommit}, autovacuum ${p.autovacuum}`,
    );
  }
  console.log(
    `Settings: ${LOAD.connections} connections, pipelining ${LOAD.pipelining}, ${DURATION}s per scenario (POST normal: ${NORMAL_DURATION}s) after ${LOAD.warmupS}s warm-up, flood control off, log level ${LOG_LEVEL}`,
  );
  console.log('');
  printScenarios(results);
  if (Object.keys(seeds).length) {
    console.log('');
    console.log(
      'Seeding (wall time; the databases are written concurrently with generation, one batch of 2,000 rows in flight):',
    );
    printTable(
      [
        'data set',
        'comments',
        'threads',
        'into',
        'total s',
        'comments/s',
        'generate s',
        'SQLite busy s',
        'PostgreSQL busy s',
        'VACUUM ANALYZE s',
        'CHECKPOINT s',
      ],
      Object.entries(seeds).map(([k, v]) => [
        k,
        v.comments.toLocaleString('en'),
        v.threads.toLocaleString('en'),
        v.backends.join('+'),
        (v.stats.ms / 1000).toFixed(1),
        v.commentsPerSecond.toLocaleString('en'),
        (v.stats.generateMs / 1000).toFixed(1),
        v.stats.sinks.sqlite ? (v.stats.sinks.sqlite.busyMs / 1000).toFixed(1) : '',
        v.stats.sinks.postgres ? (v.stats.sinks.postgres.busyMs / 1000).toFixed(1) : '',
        v.stats.vacuumAnalyzeMs != null ? (v.stats.vacuumAnalyzeMs / 1000).toFixed(1) : '',
        v.stats.checkpointMs != null ? (v.stats.checkpointMs / 1000).toFixed(1) : '',
      ]),
    );
  }
  const clustered = results.filter((r) => r.viaBalancer);
  if (clustered.length) {
    console.log('');
    console.log(
      'CPU of each process behind the balancer (cores busy = CPU seconds / wall seconds; the machine has ' +
        machine.cores +
        '):',
    );
    printProcessCpu(clustered);
  }
  console.log('');
  console.log('Ratios:');
  for (const [k, v] of Object.entries(ratios)) console.log(`  ${k}: ${v ?? 'n/a'}`);
  console.log('');
  console.log('Targets:');
  printChecks(checks);
  const totalS = Math.round((Date.now() - started) / 1000);
  console.log('');
  console.log(`total run time: ${Math.floor(totalS / 60)} min ${totalS % 60} s`);

  const out = resolve(args.out!);
  mkdirSync(dirname(out), { recursive: true });
  const json = {
    generatedAt: new Date().toISOString(),
    command: `node bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    totalRunTimeS: totalS,
    machine,
    settings: {
      connections: LOAD.connections,
      pipelining: LOAD.pipelining,
      durationS: DURATION,
      postNormalDurationS: NORMAL_DURATION,
      warmupS: LOAD.warmupS,
      logLevel: LOG_LEVEL,
      floodSeconds: 0,
      host: '127.0.0.1',
      waitQuietS: LOAD.waitQuietS,
      quietPsiBelow: LOAD.quietPsiBelow,
      backend: BACKEND,
      largeSite: MILLION,
      smallSite: SMALL_SITE,
      siteThread: SITE_THREAD,
      cluster: CLUSTER_FLAG && POSTGRES,
    },
    seed:
      seeds.main && mainThreads
        ? {
            ms: seeds.main.stats.ms,
            threads: Object.fromEntries(
              Object.entries(mainThreads).map(([k, t]) => [
                k,
                { total: t.total, topLevel: t.topLevel, replies: t.replies },
              ]),
            ),
          }
        : null,
    seeds,
    scenarios: results,
    spamChecks,
    akismet,
    flood,
    ratios,
    targets: checks.map((c) => ({ ...c, result: c.pass === null ? 'SKIP' : c.pass ? 'PASS' : 'MISS' })),
  };
  writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  console.log(`written: ${relative(process.cwd(), out) || out}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
