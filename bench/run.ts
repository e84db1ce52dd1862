// Load benchmark of a real Parley server process (`npm run bench`; a script, not a test).
//
// 1. Seeds a fresh temporary data directory in-process, through the same store API and the
//    same start-up helpers the server uses: a 100,000-comment thread, a 1,000-comment thread
//    (10 % replies each, under random earlier top-level comments) and 200 comments on the
//    demo article.
// 2. Starts `node bin/parley.mjs serve --demo` on 127.0.0.1 and drives it with autocannon:
//    first thread pages with the read cache off and on, the server-rendered article page,
//    and posting comments with durable (synchronous=full) and, for comparison, normal commits.
// 3. Prints a table, checks the targets (PASS/MISS) and writes bench/results/latest.json.
//
// Flags: --duration S (10), --connections N (64), --pipelining N (1), --warmup S (2),
//        --normal-duration S (5), --big N (100000), --only name,name, --cpu-prof DIR,
//        --out FILE (bench/results/latest.json), --keep (keep the temporary data dir),
//        --wait-quiet S (0: before each scenario wait up to S seconds for CPU pressure < 15 %).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ARTICLES } from '../demo/articles.ts';
import { newId } from '../src/core/ids.ts';
import type { CommentRow } from '../src/core/records.ts';
import { hashIp } from '../src/core/privacy/ip.ts';
import { hashEditToken, keyedHash, newEditToken } from '../src/core/tokens.ts';
import { renderComment } from '../src/render/markdown.ts';
import { loadConfig } from '../src/server/config.ts';
import { ensureDemoSite, loadSecrets } from '../src/server/main.ts';
import { openSqlite } from '../src/store/dialects/sqlite/open-sqlite.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

// ---------------------------------------------------------------------------------------
// autocannon (CommonJS, no bundled types): the small part of its API used here.

type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p97_5: number; p99: number };
type AutocannonResult = {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
};
type AutocannonRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: AutocannonRequest) => AutocannonRequest };
type AutocannonOptions = {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
};
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AutocannonOptions) => Promise<AutocannonResult>;

// ---------------------------------------------------------------------------------------
// Options

const { values: args } = parseArgs({
  options: {
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
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return n;
}
const DURATION = positive('duration', args.duration);
const CONNECTIONS = Math.round(positive('connections', args.connections));
const PIPELINING = Math.round(positive('pipelining', args.pipelining));
const WARMUP = positive('warmup', args.warmup, true);
const NORMAL_DURATION = Math.min(DURATION, positive('normal-duration', args['normal-duration']));
const BIG = Math.round(positive('big', args.big));
const SMALL = 1000;
const ARTICLE_COMMENTS = 200;
const ONLY = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : null;
const CPU_PROF = args['cpu-prof'] ? resolve(args['cpu-prof']) : null;
const LOG_LEVEL = 'warn';
/** Before each scenario, wait up to this many seconds for CPU pressure (PSI avg10) below QUIET_PSI %. */
const WAIT_QUIET = positive('wait-quiet', args['wait-quiet'], true);
const QUIET_PSI = 15;

// ---------------------------------------------------------------------------------------
// Seeding: deterministic pseudo-random text, rows built the way CommentService.create builds them.

function mulberry32(seed: number): () => number {
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
function commentBody(rng: () => number, serial: string): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < n; i++) parts.push(sentence(rng));
  if (rng() < 0.2) parts.push('\n\nMy *own* view differs on one point.');
  parts.push(`(${serial})`);
  return parts.join(' ');
}

type Seeded = { key: string; title: string | null; total: number; topLevel: number; replies: number };

async function seedDatabase(env: Record<string, string>, publicUrl: string): Promise<{ threads: Record<'big' | 'small' | 'article', Seeded>; ms: number }> {
  const started = Date.now();
  const config = loadConfig(env);
  // Seeding uses synchronous=NORMAL for speed; the server later opens the file with its own setting.
  const store = await openSqlite({ path: config.dbPath, synchronous: 'NORMAL' });
  const secrets = await loadSecrets(store);
  await ensureDemoSite(store, config);
  const site = (await store.listSites()).find((s) => s.is_default)!;
  // As CommentService.avatarOf: a per-site HMAC of the normalized email.
  const avatarOf = (email: string) => createHmac('sha256', site.avatar_secret).update(email.trim().toLowerCase()).digest('hex').slice(0, 12);
  const rng = mulberry32(20261130);

  // One clock for all threads, from the past to now, so that ids (time-ordered) and
  // created_at agree and every reply is younger than its parent.
  const total = BIG + SMALL + ARTICLE_COMMENTS;
  const spacing = 2000;
  let t = Date.now() - total * spacing;

  async function seedThread(key: string, title: string | null, count: number, label: string): Promise<Seeded> {
    const tops: CommentRow[] = [];
    let pending: Promise<unknown>[] = [];
    let replies = 0;
    const flush = async () => {
      const results = await Promise.all(pending);
      pending = [];
      for (const r of results as { ok: boolean }[]) if (!r.ok) throw new Error(`seeding ${label}: an insert was refused as a duplicate`);
    };
    for (let i = 0; i < count; i++) {
      t += 1 + Math.floor(rng() * spacing);
      // Every tenth comment is a reply to a random earlier top-level comment.
      const parent = i % 10 === 9 && tops.length > 0 ? tops[Math.floor(rng() * tops.length)] : undefined;
      const user = Math.floor(rng() * 5000);
      const name = `Reader ${user}`;
      const email = `reader${user}@example.org`;
      const body = commentBody(rng, `${label}-${i}`);
      const row: CommentRow = {
        id: newId(t),
        site_id: site.id,
        thread_id: '',
        parent_id: parent?.id ?? null,
        root_id: parent ? (parent.root_id ?? parent.id) : null,
        depth: parent ? parent.depth + 1 : 0,
        author_name: name,
        author_email: email,
        author_website: null,
        avatar: avatarOf(email),
        body,
        body_html: await renderComment(body),
        status: 'approved',
        created_at: t,
        edited_at: null,
        edit_token_hash: hashEditToken(newEditToken()),
        ip_hash: hashIp(`10.${user >> 8}.${user & 255}.7`, secrets.ip),
        user_agent: 'parley-bench/1',
        dedupe_key: keyedHash(secrets.edit, site.id, key, parent?.id ?? '', name.toLowerCase(), email.toLowerCase(), body),
      };
      if (parent) replies++;
      else tops.push(row);
      pending.push(store.insertComment({ comment: row, thread: { id: newId(t), siteId: site.id, key, url: key, title, createdAt: t } }));
      // Inserts run concurrently and are committed in order, in groups (parents before replies).
      if (pending.length >= 2000) await flush();
    }
    await flush();
    return { key, title, total: count, topLevel: count - replies, replies };
  }

  const article = ARTICLES.find((a) => a.slug === 'france-russia-syria')!;
  const big = await seedThread(`${publicUrl}/bench/big-thread-${BIG}`, 'Benchmark: a very long thread', BIG, 'big');
  const small = await seedThread(`${publicUrl}/bench/small-thread-${SMALL}`, 'Benchmark: a long thread', SMALL, 'small');
  const art = await seedThread(`${publicUrl}/news/${article.slug}`, article.title, ARTICLE_COMMENTS, 'article');
  await store.close();
  return { threads: { big, small, article: art }, ms: Date.now() - started };
}

// ---------------------------------------------------------------------------------------
// The server process

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

type Server = { proc: ChildProcess; pid: number; env: Record<string, string>; stderr: () => string };

async function startServer(env: Record<string, string>, profileName?: string): Promise<Server> {
  const nodeArgs: string[] = [];
  if (CPU_PROF && profileName) {
    mkdirSync(CPU_PROF, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, `--cpu-prof-name=${profileName}.cpuprofile`);
  }
  const proc = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/parley.mjs'), 'serve', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`server exited early (code ${code}): ${err}`))));
  exited.catch(() => {});
  const base = `http://127.0.0.1:${env.PARLEY_PORT}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) await exited;
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become ready in 30 s: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, pid: proc.pid!, env, stderr: () => err };
}

async function stopServer(server: Server): Promise<void> {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const done = new Promise<void>((r) => server.proc.once('exit', () => r()));
  server.proc.kill('SIGTERM');
  const timer = setTimeout(() => server.proc.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system, all threads) the process has used so far. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Share of time some runnable task waited for a CPU over the last 10 s (Linux PSI), in %. */
function cpuPressure(): number | null {
  try {
    const m = /some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function rssKiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// Scenarios

type ScenarioResult = {
  name: string;
  description: string;
  method: string;
  path: string;
  settings: { connections: number; pipelining: number; durationS: number; warmupS: number; readCache: 'on' | 'off'; synchronous: 'full' | 'normal'; floodSeconds: number; logLevel: string };
  requestsPerSecond: { mean: number; median: number; stddev: number; min: number; max: number };
  latencyMs: { mean: number; p50: number; p97_5: number; p99: number; max: number };
  totalResponses: number;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerSecond: number;
  measuredDurationS: number;
  serverRssMiB: { before: number | null; peak: number | null; after: number | null };
  /** Server CPU time during the measured run: less sensitive to a noisy machine than req/s. */
  serverCpu: { seconds: number | null; coresBusy: number | null; usPerResponse: number | null; impliedResponsesPerCoreSecond: number | null };
  benchProcessCpuSeconds: number;
  loadAverage1mBefore: number;
  cpuPressureAvg10: { before: number | null; after: number | null };
  waitedForQuietS: number;
  stored?: { count: number; perSecond: number; rowsInDatabase: number; rowsAtLeastAcknowledged: boolean };
};

const mib = (kib: number | null) => (kib == null ? null : Math.round((kib / 1024) * 10) / 10);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function measure(
  server: Server,
  name: string,
  description: string,
  opts: { path: string; method?: 'GET' | 'POST'; duration: number; requests?: AutocannonRequest[]; warmupRequests?: AutocannonRequest[]; headers?: Record<string, string> },
): Promise<ScenarioResult> {
  const base = `http://127.0.0.1:${server.env.PARLEY_PORT}`;
  const common = {
    url: base + opts.path,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    timeout: 30,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    requests: opts.requests,
  };
  let waitedS = 0;
  if (WAIT_QUIET > 0) {
    const until = Date.now() + WAIT_QUIET * 1000;
    const t0 = Date.now();
    while (Date.now() < until && (cpuPressure() ?? 0) >= QUIET_PSI) await new Promise((r) => setTimeout(r, 2000));
    waitedS = Math.round((Date.now() - t0) / 1000);
  }
  if (WARMUP > 0) await autocannon({ ...common, requests: opts.warmupRequests ?? opts.requests, duration: WARMUP });
  const loadBefore = os.loadavg()[0];
  const pressureBefore = cpuPressure();
  const before = rssKiB(server.pid);
  const cpuBefore = cpuSeconds(server.pid);
  const ownBefore = process.cpuUsage();
  let peak = before ?? 0;
  const poll = setInterval(() => {
    const v = rssKiB(server.pid);
    if (v != null && v > peak) peak = v;
  }, 250);
  process.stdout.write(`  ${name}: ${opts.duration}s … `);
  const r = await autocannon({ ...common, duration: opts.duration });
  clearInterval(poll);
  const after = rssKiB(server.pid);
  const cpuAfter = cpuSeconds(server.pid);
  const own = process.cpuUsage(ownBefore);
  if (after != null && after > peak) peak = after;
  const cpu = cpuBefore != null && cpuAfter != null ? cpuAfter - cpuBefore : null;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, Number(v.count)]));
  const result: ScenarioResult = {
    name,
    description,
    method: common.method,
    path: opts.path.length > 120 ? opts.path.slice(0, 117) + '…' : opts.path,
    settings: {
      connections: CONNECTIONS,
      pipelining: PIPELINING,
      durationS: opts.duration,
      warmupS: WARMUP,
      readCache: server.env.PARLEY_READ_CACHE as 'on' | 'off',
      synchronous: server.env.PARLEY_SQLITE_SYNCHRONOUS as 'full' | 'normal',
      floodSeconds: Number(server.env.PARLEY_FLOOD_SECONDS),
      logLevel: server.env.PARLEY_LOG_LEVEL,
    },
    requestsPerSecond: { mean: round(r.requests.mean), median: r.requests.p50, stddev: round(r.requests.stddev), min: r.requests.min, max: r.requests.max },
    latencyMs: { mean: round(r.latency.mean, 2), p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
    totalResponses: r.requests.total,
    statusCodes,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerSecond: Math.round(r.throughput.mean),
    measuredDurationS: r.duration,
    serverRssMiB: { before: mib(before), peak: mib(peak || null), after: mib(after) },
    serverCpu: {
      seconds: cpu == null ? null : round(cpu, 2),
      coresBusy: cpu == null ? null : round(cpu / r.duration, 2),
      usPerResponse: cpu == null || r.requests.total === 0 ? null : Math.round((cpu * 1e6) / r.requests.total),
      impliedResponsesPerCoreSecond: cpu == null || cpu === 0 ? null : Math.round(r.requests.total / cpu),
    },
    benchProcessCpuSeconds: round((own.user + own.system) / 1e6, 2),
    loadAverage1mBefore: round(loadBefore, 2),
    cpuPressureAvg10: { before: pressureBefore, after: cpuPressure() },
    waitedForQuietS: waitedS,
  };
  console.log(
    `${result.requestsPerSecond.mean} req/s, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}; ` +
      `server CPU ${result.serverCpu.usPerResponse} µs/response (${result.serverCpu.coresBusy} cores busy); CPU pressure ${result.cpuPressureAvg10.before}→${result.cpuPressureAvg10.after} %`,
  );
  return result;
}

/** POST bodies: each request gets a fresh, distinct comment. */
function postRequests(thread: string, tag: string): AutocannonRequest[] {
  let n = 0;
  const rng = mulberry32(tag.length * 7919 + 17);
  return [
    {
      method: 'POST',
      path: '/api/v1/comments',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        n++;
        const user = n % 997;
        return {
          ...req,
          body: JSON.stringify({
            thread,
            name: `Bench writer ${user}`,
            email: `writer${user}@example.org`,
            body: commentBody(rng, `${tag}-${n}`),
          }),
        };
      },
    },
  ];
}

function countRows(dbPath: string, threadKey: string): number {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.key = ?').get(threadKey) as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------
// Main

function want(name: string): boolean {
  return !ONLY || ONLY.has(name);
}

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
  const cpuList = os.cpus();
  const machine = {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
    cpuPressureAvg10AtStart: cpuPressure(),
    note: 'autocannon runs in the benchmark process on the same machine as the server (they share the cores)',
  };
  console.log(`Parley benchmark — Node ${machine.node}, ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB`);
  console.log(`connections ${CONNECTIONS}, pipelining ${PIPELINING}, duration ${DURATION}s (+${WARMUP}s warm-up each), data in ${dataDir}`);

  console.log(`seeding: ${BIG} + ${SMALL} + ${ARTICLE_COMMENTS} comments …`);
  const seeded = await seedDatabase(baseEnv, publicUrl);
  console.log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
  const { big, small, article } = seeded.threads;
  const threadPath = (key: string) => `/api/v1/threads?thread=${encodeURIComponent(key)}`;
  const articlePath = '/news/france-russia-syria';

  // Sanity check of the seeded data through the real server before measuring anything.
  const results: ScenarioResult[] = [];
  let server = await startServer({ ...baseEnv, PARLEY_READ_CACHE: 'off' }, 'cache-off');
  try {
    for (const t of [small, big]) {
      const res = await fetch(`${publicUrl}${threadPath(t.key)}`);
      const page = (await res.json()) as { thread: { count: number }; comments: { replies: unknown[] }[] };
      if (res.status !== 200 || page.thread.count !== t.total || page.comments.length !== Math.min(Number(process.env.PARLEY_PAGE_SIZE ?? 25), t.topLevel)) {
        throw new Error(`unexpected first page of ${t.key}: HTTP ${res.status}, count ${page.thread?.count}, ${page.comments?.length} top-level`);
      }
      const nested = page.comments.reduce((n, c) => n + c.replies.length, 0);
      console.log(`  check: ${t.key} → ${page.thread.count} comments, first page ${page.comments.length} top-level + ${nested} direct replies`);
    }
    const art = await fetch(`${publicUrl}${articlePath}`);
    const html = await art.text();
    if (art.status !== 200 || !html.includes('parley-comment')) throw new Error(`article page: HTTP ${art.status}`);
    console.log(`  check: ${articlePath} → ${Math.round(html.length / 1024)} KiB of HTML`);

    console.log('read cache OFF');
    if (want('thread-1k-cache-off')) results.push(await measure(server, 'thread-1k-cache-off', `first page of the ${SMALL}-comment thread, read cache off`, { path: threadPath(small.key), duration: DURATION }));
    if (want('thread-100k-cache-off')) results.push(await measure(server, 'thread-100k-cache-off', `first page of the ${BIG}-comment thread, read cache off`, { path: threadPath(big.key), duration: DURATION }));
    // For comparison with WordPress-sized pages: the same first page with 50 top-level comments.
    if (want('thread-1k-cache-off-limit50')) results.push(await measure(server, 'thread-1k-cache-off-limit50', `first page of the ${SMALL}-comment thread with limit=50, read cache off`, { path: `${threadPath(small.key)}&limit=50`, duration: DURATION }));
    if (want('article-page')) results.push(await measure(server, 'article-page', `server-rendered demo article with its ${ARTICLE_COMMENTS}-comment section (no read cache on this route)`, { path: articlePath, duration: DURATION }));
    await stopServer(server);

    console.log('read cache ON');
    server = await startServer({ ...baseEnv, PARLEY_READ_CACHE: 'on' }, 'cache-on');
    if (want('thread-1k-cache-on')) results.push(await measure(server, 'thread-1k-cache-on', `first page of the ${SMALL}-comment thread, read cache on`, { path: threadPath(small.key), duration: DURATION }));
    if (want('thread-100k-cache-on')) results.push(await measure(server, 'thread-100k-cache-on', `first page of the ${BIG}-comment thread, read cache on`, { path: threadPath(big.key), duration: DURATION }));
    await stopServer(server);

    const postThread = (sync: string) => `${publicUrl}/bench/posts-${sync}`;
    const dbPath = join(dataDir, 'parley.db');
    for (const sync of ['full', 'normal'] as const) {
      const name = `post-comments-sync-${sync}`;
      if (!want(name)) continue;
      console.log(`POST, synchronous=${sync}${sync === 'normal' ? ' (comparison only: not durable against power loss)' : ''}`);
      server = await startServer({ ...baseEnv, PARLEY_SQLITE_SYNCHRONOUS: sync }, `post-${sync}`);
      const duration = sync === 'full' ? DURATION : NORMAL_DURATION;
      // The warm-up posts go to another thread, so the measured thread holds only measured posts.
      const r = await measure(server, name, `POST /api/v1/comments, distinct top-level comments, synchronous=${sync}${sync === 'normal' ? ' (comparison)' : ''}`, {
        path: '/api/v1/comments',
        method: 'POST',
        duration,
        requests: postRequests(postThread(sync), sync),
        warmupRequests: postRequests(`${postThread(sync)}-warmup`, `${sync}-warmup`),
      });
      await stopServer(server);
      const stored = (r.statusCodes['201'] ?? 0) + (r.statusCodes['202'] ?? 0);
      const rows = countRows(dbPath, postThread(sync));
      const twoxx = Object.entries(r.statusCodes).filter(([k]) => k.startsWith('2')).reduce((n, [, v]) => n + v, 0);
      r.stored = { count: stored, perSecond: round(stored / r.measuredDurationS), rowsInDatabase: rows, rowsAtLeastAcknowledged: rows >= twoxx };
      results.push(r);
      console.log(`    stored ${stored} (${r.stored.perSecond}/s); rows in the database for the thread: ${rows} ≥ ${twoxx} 2xx: ${r.stored.rowsAtLeastAcknowledged}`);
    }
  } finally {
    await stopServer(server);
    if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
  }

  report(results, machine, seeded);
}

type Machine = Record<string, unknown>;

function report(results: ScenarioResult[], machine: Machine, seeded: { threads: Record<string, Seeded>; ms: number }): void {
  const by = (n: string) => results.find((r) => r.name === n);
  const rps = (n: string) => by(n)?.requestsPerSecond.mean;

  // Ratios
  const ratios: Record<string, number | null> = {};
  const r1k = rps('thread-1k-cache-off');
  const r100k = rps('thread-100k-cache-off');
  ratios['thread1kOverThread100k_cacheOff'] = r1k && r100k ? round(r1k / r100k, 2) : null;
  ratios['cacheOnOverOff_1k'] = r1k && rps('thread-1k-cache-on') ? round(rps('thread-1k-cache-on')! / r1k, 2) : null;
  ratios['cacheOnOverOff_100k'] = r100k && rps('thread-100k-cache-on') ? round(rps('thread-100k-cache-on')! / r100k, 2) : null;
  const pf = by('post-comments-sync-full')?.stored?.perSecond;
  const pn = by('post-comments-sync-normal')?.stored?.perSecond;
  ratios['postNormalOverFull'] = pf && pn ? round(pn / pf, 2) : null;

  // Targets
  type Check = { target: string; scenario: string; measured: string; pass: boolean | null };
  const checks: Check[] = [];
  const note64 = CONNECTIONS === 64 ? '' : ` (targets are defined at 64 connections; this run used ${CONNECTIONS})`;
  for (const n of ['thread-1k-cache-off', 'thread-100k-cache-off']) {
    const r = by(n);
    checks.push({ target: 'cache off: ≥ 2,500 req/s and p99 ≤ 50 ms at 64 connections' + note64, scenario: n, measured: r ? `${r.requestsPerSecond.mean} req/s, p99 ${r.latencyMs.p99} ms` : 'not run', pass: r ? r.requestsPerSecond.mean >= 2500 && r.latencyMs.p99 <= 50 && r.non2xx === 0 : null });
  }
  checks.push({
    target: '100k-comment thread within 1.5× of the 1k-comment thread (cache off, req/s)',
    scenario: 'thread-100k-cache-off vs thread-1k-cache-off',
    measured: ratios.thread1kOverThread100k_cacheOff != null ? `1k/100k = ${ratios.thread1kOverThread100k_cacheOff}×` : 'not run',
    pass: ratios.thread1kOverThread100k_cacheOff != null ? ratios.thread1kOverThread100k_cacheOff <= 1.5 : null,
  });
  for (const n of ['thread-1k-cache-on', 'thread-100k-cache-on']) {
    const r = by(n);
    checks.push({ target: 'cache on: ≥ 5,000 req/s and p99 ≤ 25 ms' + note64, scenario: n, measured: r ? `${r.requestsPerSecond.mean} req/s, p99 ${r.latencyMs.p99} ms` : 'not run', pass: r ? r.requestsPerSecond.mean >= 5000 && r.latencyMs.p99 <= 25 && r.non2xx === 0 : null });
  }
  const post = by('post-comments-sync-full');
  checks.push({
    target: '≥ 2,000 stored comments/s (synchronous=full, durable acknowledgement)',
    scenario: 'post-comments-sync-full',
    measured: post?.stored ? `${post.stored.perSecond} stored/s` : 'not run',
    pass: post?.stored ? post.stored.perSecond >= 2000 : null,
  });
  checks.push({
    target: 'rows in the database ≥ 2xx responses after the POST runs',
    scenario: 'post-comments-sync-*',
    measured: results.filter((r) => r.stored).map((r) => `${r.name}: ${r.stored!.rowsInDatabase} rows / ${Object.entries(r.statusCodes).filter(([k]) => k.startsWith('2')).reduce((n, [, v]) => n + v, 0)} 2xx`).join('; ') || 'not run',
    pass: results.some((r) => r.stored) ? results.filter((r) => r.stored).every((r) => r.stored!.rowsAtLeastAcknowledged) : null,
  });

  // Table
  const header = ['scenario', 'cache', 'sync', 'req/s mean', 'req/s median', 'p50 ms', 'p97.5 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS peak MiB', 'stored/s', 'srv CPU µs/resp', 'PSI cpu %'];
  const rows = results.map((r) => [
    r.name,
    r.settings.readCache,
    r.settings.synchronous,
    String(r.requestsPerSecond.mean),
    String(r.requestsPerSecond.median),
    String(r.latencyMs.p50),
    String(r.latencyMs.p97_5),
    String(r.latencyMs.p99),
    String(r.non2xx),
    String(r.errors),
    String(r.serverRssMiB.peak ?? '?'),
    r.stored ? String(r.stored.perSecond) : '',
    String(r.serverCpu.usPerResponse ?? '?'),
    `${r.cpuPressureAvg10.before ?? '?'}→${r.cpuPressureAvg10.after ?? '?'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('');
  console.log(`Machine: Node ${machine.node}, ${machine.cores} cores, ${machine.cpuModel}, ${machine.platform}; load average at start ${(machine.loadAverageAtStart as number[]).join(' ')}`);
  console.log(`Settings: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${DURATION}s per scenario (POST normal: ${NORMAL_DURATION}s) after ${WARMUP}s warm-up, flood control off, log level ${LOG_LEVEL}`);
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('srv CPU µs/resp: server CPU time (all threads) per response during the run; PSI cpu %: /proc/pressure/cpu "some avg10"');
  console.log('before→after the run (time runnable tasks waited for a CPU: high values mean the machine was contended).');
  console.log('');
  console.log('Ratios:');
  for (const [k, v] of Object.entries(ratios)) console.log(`  ${k}: ${v ?? 'n/a'}`);
  console.log('');
  console.log('Targets:');
  for (const c of checks) console.log(`  ${c.pass === null ? 'SKIP' : c.pass ? 'PASS' : 'MISS'}  ${c.target} — ${c.scenario}: ${c.measured}`);

  const out = resolve(args.out!);
  mkdirSync(dirname(out), { recursive: true });
  const json = {
    generatedAt: new Date().toISOString(),
    command: `node bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    settings: { connections: CONNECTIONS, pipelining: PIPELINING, durationS: DURATION, postNormalDurationS: NORMAL_DURATION, warmupS: WARMUP, logLevel: LOG_LEVEL, floodSeconds: 0, host: '127.0.0.1', waitQuietS: WAIT_QUIET, quietPsiBelow: QUIET_PSI },
    seed: { ms: seeded.ms, threads: Object.fromEntries(Object.entries(seeded.threads).map(([k, v]) => [k, { total: v.total, topLevel: v.topLevel, replies: v.replies }])) },
    scenarios: results,
    ratios,
    targets: checks.map((c) => ({ ...c, result: c.pass === null ? 'SKIP' : c.pass ? 'PASS' : 'MISS' })),
  };
  writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  console.log('');
  console.log(`written: ${relative(process.cwd(), out) || out}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
