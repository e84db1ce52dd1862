// HTTP throughput of the Akismet-compatible comment-check (a script, not a test):
//   node bench/akismet.ts [--runs 3] [--duration 10] [--warmup 3] [--connections 64]
//                         [--log-level warn] [--pg-url URL] [--cpu-prof DIR] [--wait-quiet S] [--out FILE]
// Starts a real server process (`parley serve`) on a fresh SQLite data folder (or a fresh
// PostgreSQL database with --pg-url) with one site and a key made by `parley akismet-keys
// create`, then drives POST /1.1/comment-check with autocannon on loopback, each request a
// different WordPress-like comment (nine in ten ordinary, of 1–4 sentences written like readers'
// comments in bench/news-comments.ts; one in ten spam). Prints the median
// of the runs' req/s, their p99 latency and the server's CPU time per request. Target (issue
// 4): ≥ 5,000 req/s at 64 connections on a 2-core machine, where autocannon shares the cores.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPgDatabase, type PgDatabase } from './databases.ts';
import { measure, round, type AutocannonRequest, type ScenarioResult } from './measure.ts';
import { freePort, ROOT, startServer, stopProc, type Server } from './procs.ts';
import { mulberry32 } from './seed-text.ts';
import { newsComment } from './news-comments.ts';

export type AkismetFigures = {
  runs: number;
  durationS: number;
  connections: number;
  requestsPerSecondMedian: number;
  p99MsMedian: number;
  serverCpuUsPerRequestMedian: number;
  perRun: { rps: number; p99: number; cpuUs: number | null }[];
  errors: number;
};

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    'log-level': { type: 'string', default: 'warn' },
    'pg-url': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'wait-quiet': { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const DURATION = Number(args.duration);
const TARGET_RPS = 5000;
const BLOG = 'https://gazette.example';

function parley(cmd: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/parley.mjs'), ...cmd], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`parley ${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const SPAM = [
  'Subscribe to my channel for free money!!! http://spam.example/win',
  'Check out my new music video, please subscribe and share http://bit.ly/x1',
  'Cheap loans for everyone, call now on 555-0100 and earn cash fast http://loans.example',
  'Make money from home, I earn $500 a day, visit my profile http://work.example',
];

/** WordPress-like bodies: api_key in the body, the usual fields, a context array, some server variables. */
export function bodies(key: string, n: number): string[] {
  const rng = mulberry32(4242);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const spam = i % 10 === 9;
    const user = i % 997;
    out.push(
      new URLSearchParams({
        api_key: key,
        blog: BLOG,
        blog_lang: 'en_GB',
        blog_charset: 'UTF-8',
        user_ip: `198.51.${(user >> 8) & 255}.${user & 255}`,
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        referrer: `${BLOG}/2026/11/story-${i % 50}`,
        permalink: `${BLOG}/2026/11/story-${i % 50}`,
        comment_type: 'comment',
        comment_author: spam ? `Promo ${user}` : `Reader ${user}`,
        comment_author_email: `reader${user}@example.org`,
        comment_content: spam ? `${SPAM[i % SPAM.length]} (${i})` : newsComment(rng, `ak-${i}`),
        'comment_context[0]': 'politics',
        'comment_context[1]': 'budget',
        POST_ak_js: '1764000000000',
        akismet_comment_nonce: 'passed',
        HTTP_ACCEPT_LANGUAGE: 'en-GB,en;q=0.8',
      }).toString(),
    );
  }
  return out;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'parley-bench-akismet-'));
  const port = await freePort();
  let pg: PgDatabase | null = null;
  if (args['pg-url']) pg = await createPgDatabase(args['pg-url'], 'akismet');
  const env: Record<string, string> = {
    PARLEY_PORT: String(port),
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PARLEY_FLOOD_SECONDS: '0',
    PARLEY_LOG_LEVEL: args['log-level']!,
    PARLEY_READ_CACHE: 'on',
    PARLEY_SQLITE_SYNCHRONOUS: 'full',
    ...(pg ? { PARLEY_DATABASE_URL: pg.url } : {}),
  };
  let server: Server | null = null;
  try {
    parley(['migrate'], env);
    parley(['site', 'add', '--name', 'Gazette', '--origin', BLOG], env);
    const key = parley(['akismet-keys', 'create', '--label', 'bench'], env).trim();
    const cpuProf = args['cpu-prof'] ? { dir: resolve(args['cpu-prof']), name: 'akismet' } : undefined;
    server = await startServer('server', env, cpuProf);

    const pool = bodies(key, 4000);
    // Sanity: the answers are the protocol's, before measuring how fast they come.
    const ask = async (body: string) =>
      (
        await fetch(`${server!.url}/1.1/comment-check`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
          body,
        })
      ).text();
    const sample = await Promise.all(pool.slice(0, 20).map(ask));
    if (sample.some((a) => a !== 'true' && a !== 'false')) throw new Error(`unexpected answers: ${sample.join(', ')}`);
    console.log(
      `answers on the first 20 bodies: ${sample.filter((a) => a === 'true').length} spam, ${sample.filter((a) => a === 'false').length} ham`,
    );

    let n = 0;
    const requests: AutocannonRequest[] = [
      {
        method: 'POST',
        path: '/1.1/comment-check',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        setupRequest: (req) => ({ ...req, body: pool[n++ % pool.length] }),
      },
    ];
    const load = {
      connections: Number(args.connections),
      pipelining: 1,
      warmupS: Number(args.warmup),
      waitQuietS: Number(args['wait-quiet']),
      quietPsiBelow: 15,
    };
    console.log(
      `comment-check, ${load.connections} connections, ${RUNS} × ${DURATION} s (+${load.warmupS} s warm-up each), ${pg ? 'PostgreSQL' : 'SQLite'}, log level ${env.PARLEY_LOG_LEVEL}, ${os.cpus().length} cores`,
    );
    const results: ScenarioResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      results.push(
        await measure(load, { url: server.url, servers: [server] }, `run ${i + 1}`, 'Akismet comment-check', {
          path: '/1.1/comment-check',
          method: 'POST',
          duration: DURATION,
          requests,
        }),
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rps = median(results.map((r) => r.requestsPerSecond.mean));
    const p99 = median(results.map((r) => r.latencyMs.p99));
    const cpu = median(results.map((r) => r.serverCpu.usPerResponse ?? NaN));
    const bad = results.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0);
    console.log('');
    console.log(
      `median of ${RUNS} runs: ${round(rps)} req/s, p99 ${p99} ms, server CPU ${cpu} µs/request; non-2xx/errors/timeouts ${bad}`,
    );
    console.log(
      `target ≥ ${TARGET_RPS} req/s at ${load.connections} connections: ${rps >= TARGET_RPS ? 'PASS' : 'MISS'}`,
    );
    if (args.out) {
      const summary: AkismetFigures = {
        runs: RUNS,
        durationS: DURATION,
        connections: load.connections,
        requestsPerSecondMedian: round(rps),
        p99MsMedian: p99,
        serverCpuUsPerRequestMedian: cpu,
        perRun: results.map((r) => ({
          rps: r.requestsPerSecond.mean,
          p99: r.latencyMs.p99,
          cpuUs: r.serverCpu.usPerResponse,
        })),
        errors: bad,
      };
      writeFileSync(args.out, `${JSON.stringify(summary)}\n`);
    }
    if (bad) process.exitCode = 1;
  } finally {
    await stopProc(server);
    if (!args.keep) {
      rmSync(dataDir, { recursive: true, force: true });
      await pg?.drop();
    } else console.log(`kept ${dataDir}${pg ? ` and ${pg.url}` : ''}`);
  }
}

if (import.meta.main) await main();
