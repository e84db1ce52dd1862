// A flood from one commenter (a script, not a test; also a phase of `npm run bench`):
//   node bench/flood.ts [--comments 50000] [--slice 5000] [--max-seconds 60] [--connections 16]
//                       [--runs 1] [--disabled-checks velocity,trust,repeat] [--out FILE]
// Starts a real server (`parley serve --demo`) on a fresh SQLite folder with flood control off
// and every spam check on, then posts distinct comments from ONE address (loopback) under ONE
// name and email as fast as autocannon can, in slices of --slice comments, and prints posts/s
// and p99 latency per slice. The spam facts of each post (earlier approvals, repeats, posts
// from this address and email in the last hour) are read from that commenter's history, so a
// post must not cost more the more they have posted: the last slice should run as fast as the
// first. Each run stops after --max-seconds even when --comments were not all posted, and says
// so. A short warm-up from other addresses (through X-Forwarded-For, trusted from loopback
// for it alone) comes first, so that the first slice is not the JIT's warm-up.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { round, type AutocannonRequest } from './measure.ts';
import { cpuPressure, cpuSeconds, freePort, startServer, stopProc, type Server } from './procs.ts';
import { commentBody, mulberry32 } from './seed-text.ts';

type Result = {
  requests: { total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
};
type Instance = { stop(): void; on(event: 'response', listener: () => void): void };
type Options = {
  url: string;
  connections: number;
  amount?: number;
  duration?: number;
  timeout: number;
  requests: AutocannonRequest[];
};
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Options,
  done: (err: Error | null, r: Result) => void,
) => Instance;

/** serverCpuUsPerPost: the server process's CPU time per post, less sensitive to a busy shared machine than posts/s. */
export type FloodSlice = {
  from: number;
  to: number;
  postsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuUsPerPost: number | null;
  published: number;
  held: number;
  other: number;
};
export type FloodRun = {
  slices: FloodSlice[];
  posted: number;
  seconds: number;
  complete: boolean;
  ratioLastFirst: number | null;
};
export type FloodFigures = {
  machine: {
    cores: number;
    cpuModel: string;
    node: string;
    loadAverageAtStart: number[];
    cpuPressureAvg10AtStart: number | null;
  };
  settings: {
    comments: number;
    slice: number;
    maxSeconds: number;
    connections: number;
    disabledChecks: string;
    floodSeconds: 0;
  };
  runs: FloodRun[];
  /** Per slice, the median over the runs that reached it. */
  median: {
    slices: FloodSlice[];
    ratioLastFirst: number | null;
    p99RatioLastFirst: number | null;
    cpuRatioLastFirst: number | null;
  };
};

const { values: args } = parseArgs({
  options: {
    comments: { type: 'string', default: '50000' },
    slice: { type: 'string', default: '5000' },
    'max-seconds': { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    runs: { type: 'string', default: '1' },
    'disabled-checks': { type: 'string', default: '' },
    out: { type: 'string' },
  },
});

const THREADS = 50;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs autocannon until `amount` posts were answered or the deadline passed, whichever is
 * first. `seconds` runs to the last answer: autocannon notices that `amount` was reached only
 * on its once-a-second tick, which would round every slice up to whole seconds.
 */
function slice(
  url: string,
  connections: number,
  amount: number,
  deadline: number,
  requests: AutocannonRequest[],
): Promise<Result & { seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let last = t0;
    const inst = autocannon({ url, connections, amount, timeout: 30, requests }, (err, r) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ ...r, seconds: (last - t0) / 1000 });
    });
    inst.on('response', () => {
      last = performance.now();
    });
    const timer = setTimeout(() => inst.stop(), Math.max(0, deadline - Date.now()));
  });
}

/** Distinct comments under one name and email, to threads in turn; `forwardedFor` gives each warm-up post an address of its own. */
function posts(publicUrl: string, tag: string, forwardedFor: boolean): AutocannonRequest[] {
  const rng = mulberry32(tag.length * 31 + 7);
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/comments',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        n++;
        const who = forwardedFor
          ? { name: `Warm-up ${n}`, email: `warm${n}@example.org` }
          : { name: 'Flood writer', email: 'flood@example.org' };
        return {
          ...req,
          headers: { ...req.headers, ...(forwardedFor ? { 'x-forwarded-for': `198.51.100.${n % 250}` } : {}) },
          body: JSON.stringify({
            thread: `${publicUrl}/bench/flood-${tag}-${n % THREADS}`,
            ...who,
            body: commentBody(rng, `${tag}-${n}`),
          }),
        };
      },
    },
  ];
}

async function floodRun(server: Server, publicUrl: string, run: number): Promise<FloodRun> {
  const total = Number(args.comments);
  const size = Number(args.slice);
  const connections = Number(args.connections);
  await slice(server.url, connections, 2000, Date.now() + 5000, posts(publicUrl, `warm${run}`, true));
  const requests = posts(publicUrl, `run${run}`, false);
  const started = Date.now();
  const deadline = started + Number(args['max-seconds']) * 1000;
  const slices: FloodSlice[] = [];
  let posted = 0;
  while (posted < total && Date.now() < deadline) {
    const cpu0 = cpuSeconds(server.pid);
    const r = await slice(server.url, connections, Math.min(size, total - posted), deadline, requests);
    const cpu1 = cpuSeconds(server.pid);
    const code = (c: string) => r.statusCodeStats[c]?.count ?? 0;
    const n = r.requests.total;
    slices.push({
      from: posted + 1,
      to: posted + n,
      postsPerSecond: round(n / r.seconds),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      serverCpuUsPerPost: cpu0 == null || cpu1 == null || n === 0 ? null : Math.round(((cpu1 - cpu0) * 1e6) / n),
      published: code('201'),
      held: code('202'),
      other: n - code('201') - code('202') + r.errors + r.timeouts,
    });
    posted += n;
    const s = slices[slices.length - 1];
    console.log(
      `  ${String(s.from).padStart(6)}–${String(s.to).padEnd(6)} ${String(s.postsPerSecond).padStart(7)} posts/s  p50 ${s.p50Ms} ms  p99 ${s.p99Ms} ms  server CPU ${s.serverCpuUsPerPost} µs/post  (201: ${s.published}, 202: ${s.held}, other: ${s.other})`,
    );
  }
  const seconds = round((Date.now() - started) / 1000);
  const complete = posted >= total;
  // A slice cut short by the deadline is not compared with full ones.
  const full = slices.filter((s) => s.to - s.from + 1 === size || s === slices[0]);
  const ratioLastFirst =
    full.length > 1 ? round(full[full.length - 1].postsPerSecond / full[0].postsPerSecond, 2) : null;
  console.log(
    `  ${posted.toLocaleString('en')} posts in ${seconds} s${complete ? '' : ` — stopped at the ${args['max-seconds']} s bound before ${total.toLocaleString('en')}`}; last full slice / first: ${ratioLastFirst}`,
  );
  return { slices: full, posted, seconds, complete, ratioLastFirst };
}

function medians(runs: FloodRun[]): FloodFigures['median'] {
  const longest = Math.max(...runs.map((r) => r.slices.length));
  const slices: FloodSlice[] = [];
  for (let i = 0; i < longest; i++) {
    const at = runs.map((r) => r.slices[i]).filter(Boolean);
    const m = (k: Exclude<keyof FloodSlice, 'serverCpuUsPerPost'>) => median(at.map((s) => s[k]));
    slices.push({
      from: at[0].from,
      to: at[0].to,
      postsPerSecond: m('postsPerSecond'),
      p50Ms: m('p50Ms'),
      p99Ms: m('p99Ms'),
      serverCpuUsPerPost: median(at.map((s) => s.serverCpuUsPerPost ?? NaN)),
      published: m('published'),
      held: m('held'),
      other: m('other'),
    });
  }
  const [first, last] = [slices[0], slices[slices.length - 1]];
  return {
    slices,
    ratioLastFirst: slices.length > 1 ? round(last.postsPerSecond / first.postsPerSecond, 2) : null,
    p99RatioLastFirst: slices.length > 1 ? round(last.p99Ms / first.p99Ms, 2) : null,
    cpuRatioLastFirst:
      slices.length > 1 && last.serverCpuUsPerPost && first.serverCpuUsPerPost
        ? round(last.serverCpuUsPerPost / first.serverCpuUsPerPost, 2)
        : null,
  };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const machine = {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
    cpuPressureAvg10AtStart: cpuPressure(),
  };
  const settings = {
    comments: Number(args.comments),
    slice: Number(args.slice),
    maxSeconds: Number(args['max-seconds']),
    connections: Number(args.connections),
    disabledChecks: args['disabled-checks']!,
    floodSeconds: 0 as const,
  };
  console.log(
    `flood from one address and one email: ${settings.comments.toLocaleString('en')} posts in slices of ${settings.slice.toLocaleString('en')}, at most ${settings.maxSeconds} s per run, ${settings.connections} connections, SQLite, checks off: ${settings.disabledChecks || 'none'}`,
  );
  console.log(
    `machine: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}, CPU pressure ${machine.cpuPressureAvg10AtStart} % (shared machine: figures are noisy)`,
  );
  const runs: FloodRun[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'parley-bench-flood-'));
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env = {
      PARLEY_PORT: String(port),
      PARLEY_HOST: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_PUBLIC_URL: publicUrl,
      PARLEY_FLOOD_SECONDS: '0',
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_READ_CACHE: 'on',
      PARLEY_SQLITE_SYNCHRONOUS: 'full',
      PARLEY_SPAM_DISABLED_CHECKS: settings.disabledChecks,
      // Only the warm-up sends X-Forwarded-For; the flood itself comes from the socket's address.
      PARLEY_TRUSTED_PROXIES: '127.0.0.1',
    };
    let server: Server | null = null;
    try {
      server = await startServer('server', env);
      console.log(`run ${i + 1}:`);
      runs.push(await floodRun(server, publicUrl, i));
    } finally {
      await stopProc(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const figures: FloodFigures = { machine, settings, runs, median: medians(runs) };
  if (runs.length > 1) {
    console.log(`median of ${runs.length} runs, per slice:`);
    for (const s of figures.median.slices)
      console.log(
        `  ${String(s.from).padStart(6)}–${String(s.to).padEnd(6)} ${String(s.postsPerSecond).padStart(7)} posts/s  p99 ${s.p99Ms} ms  server CPU ${s.serverCpuUsPerPost} µs/post`,
      );
  }
  console.log(
    `last slice / first: posts/s ${figures.median.ratioLastFirst}, p99 ${figures.median.p99RatioLastFirst}, server CPU per post ${figures.median.cpuRatioLastFirst}`,
  );
  if (args.out) writeFileSync(args.out, `${JSON.stringify(figures)}\n`);
}

if (import.meta.main) await main();
