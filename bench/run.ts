// Load benchmark of real Parley server processes (`npm run bench`; a script, not a test).
// By default it runs every section below: 8½–10 minutes on a shared 2-core machine (10½ with
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
// 6. Mail. bench/mail-send.ts: 5,000 emails through the outbox sender to a local SMTP server,
//    3 runs, median emails/s. bench/mail-post-cost.ts: the CPU notifications add to a post
//    (in process: mail configured or not, 5 alternating rounds each, medians and the ratio).
// 7. Prints tables (req/s next to the CPU time per response of each process), checks the
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
//
// This file holds the flags, the order of the sections and the final report. The sections are in
// bench/phase-*.ts (main-threads, reads and posting: section 1; large-site; cluster; spam; flood; mail),
// what they share in bench/run-context.ts, and the ratios and targets in bench/targets.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pgQuery } from './databases.ts';
import { round, type LoadSettings } from './measure.ts';
import { clusterPhase } from './phase-cluster.ts';
import { floodPhase } from './phase-flood.ts';
import { largeSitePhase } from './phase-large-site.ts';
import { mailPhase } from './phase-mail.ts';
import { seedMainThreads } from './phase-main-threads.ts';
import { postingPhase } from './phase-posting.ts';
import { readsPhase } from './phase-reads.ts';
import { spamPhase } from './phase-spam.ts';
import { cpuPressure, freePort, ROOT } from './procs.ts';
import { printChecks, printProcessCpu, printScenarios, printTable } from './report.ts';
import { LOG_LEVEL, type Run, type Settings } from './run-context.ts';
import { ratiosOf, targetChecks } from './targets.ts';

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
const MILLION = Math.round(positive('million', args.million, true));
const SMALL_SITE = Math.round(positive('small-site', args['small-site']));
const SITE_THREAD = Math.round(positive('site-thread', args['site-thread']));
const CLUSTER_FLAG = oneOf('cluster', args.cluster, ['on', 'off'] as const) === 'on';
const DURATION = positive('duration', args.duration);
const LOAD: LoadSettings = {
  connections: Math.round(positive('connections', args.connections)),
  pipelining: Math.round(positive('pipelining', args.pipelining)),
  warmupS: positive('warmup', args.warmup, true),
  // Before each scenario, wait up to this many seconds for CPU pressure (PSI avg10) below quietPsiBelow %.
  waitQuietS: positive('wait-quiet', args['wait-quiet'], true),
  quietPsiBelow: 15,
};
const settings: Settings = {
  backend: BACKEND,
  sqlite: BACKEND !== 'postgres',
  postgres: BACKEND !== 'sqlite',
  million: MILLION,
  smallSite: SMALL_SITE,
  siteThread: SITE_THREAD,
  clusterFlag: CLUSTER_FLAG,
  pgUrl: args['pg-url']!,
  duration: DURATION,
  load: LOAD,
  normalDuration: Math.min(DURATION, positive('normal-duration', args['normal-duration'])),
  big: Math.round(positive('big', args.big)),
  only: args.only ? new Set(args.only.split(',').map((s) => s.trim())) : null,
  cpuProf: args['cpu-prof'] ? resolve(args['cpu-prof']) : null,
  out: resolve(args.out!),
};
const started = Date.now();

// ---------------------------------------------------------------------------------------
// Main: the sections, in order

/** Machine and PostgreSQL figures for the report; with --backend both, turns PostgreSQL off when unreachable. */
async function describeMachine(): Promise<Record<string, unknown>> {
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
  if (settings.postgres) {
    try {
      const [v] = await pgQuery<{
        version: string;
        shared_buffers: string;
        synchronous_commit: string;
        autovacuum: string;
      }>(
        settings.pgUrl,
        `SELECT version(), current_setting('shared_buffers') AS shared_buffers, current_setting('synchronous_commit') AS synchronous_commit, current_setting('autovacuum') AS autovacuum`,
      );
      machine.postgres = {
        version: v.version.split(' on ')[0],
        sharedBuffers: v.shared_buffers,
        synchronousCommit: v.synchronous_commit,
        autovacuum: v.autovacuum,
        host: new URL(settings.pgUrl).host,
      };
    } catch (err) {
      if (BACKEND === 'postgres') throw err;
      console.log(
        `notice: PostgreSQL not reachable at ${new URL(settings.pgUrl).host} (${(err as Error).message}): SQLite only (--pg-url to point elsewhere)`,
      );
      settings.postgres = false;
    }
  }
  return machine;
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
  const run: Run = {
    settings,
    started,
    dataDir,
    publicUrl,
    baseEnv,
    pgEnv: (db, extra = {}) => ({ ...baseEnv, PARLEY_DATABASE_URL: db.url, ...extra }),
    databases: [],
    results: [],
    seeds: {},
    mainThreads: null,
    spamChecks: null,
    akismet: null,
    flood: null,
    mailSend: null,
    mailPostCost: null,
  };
  const machine = await describeMachine();
  const CLUSTER = CLUSTER_FLAG && settings.postgres;
  console.log(
    `Parley benchmark — Node ${machine.node}, ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB${settings.postgres ? `; ${(machine.postgres as { version: string }).version}` : ''}`,
  );
  console.log(
    `connections ${LOAD.connections}, pipelining ${LOAD.pipelining}, duration ${DURATION}s (+${LOAD.warmupS}s warm-up each), backend ${BACKEND}, large site ${MILLION || 'skipped'}, cluster ${CLUSTER ? 'on' : 'off'}, data in ${dataDir}`,
  );

  try {
    // Section 1: the main threads, seeded once, read, then posted to.
    const mainData = await seedMainThreads(run);
    if (mainData) {
      await readsPhase(run, mainData);
      await postingPhase(run, mainData);
    }
    await largeSitePhase(run);
    if (CLUSTER) await clusterPhase(run);
    await spamPhase(run);
    floodPhase(run);
    mailPhase(run);
  } finally {
    if (args.keep) {
      console.log(
        `kept: ${dataDir}${run.databases.length ? ` and databases ${run.databases.map((d) => d.name).join(', ')}` : ''}`,
      );
    } else {
      rmSync(dataDir, { recursive: true, force: true });
      for (const db of run.databases)
        await db.drop().catch((err) => console.error(`could not drop ${db.name}: ${err.message}`));
    }
  }
  report(run, machine);
}

// ---------------------------------------------------------------------------------------
// Final report: printed, and written to --out

function printSeeds(run: Run): void {
  if (!Object.keys(run.seeds).length) return;
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
    Object.entries(run.seeds).map(([k, v]) => [
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

function report(run: Run, machine: Record<string, unknown>): void {
  const { results, seeds, mainThreads } = run;
  const ratios = ratiosOf(run);
  const checks = targetChecks(run, ratios);

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
    `Settings: ${LOAD.connections} connections, pipelining ${LOAD.pipelining}, ${DURATION}s per scenario (POST normal: ${settings.normalDuration}s) after ${LOAD.warmupS}s warm-up, flood control off, log level ${LOG_LEVEL}`,
  );
  console.log('');
  printScenarios(results);
  printSeeds(run);
  const clustered = results.filter((r) => r.viaBalancer);
  if (clustered.length) {
    console.log('');
    console.log(
      `CPU of each process behind the balancer (cores busy = CPU seconds / wall seconds; the machine has ${machine.cores}):`,
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

  const out = settings.out;
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
      postNormalDurationS: settings.normalDuration,
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
      cluster: CLUSTER_FLAG && settings.postgres,
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
    spamChecks: run.spamChecks,
    akismet: run.akismet,
    flood: run.flood,
    mailSend: run.mailSend,
    mailPostCost: run.mailPostCost,
    ratios,
    targets: checks.map((c) => ({ ...c, result: c.pass === null ? 'SKIP' : c.pass ? 'PASS' : 'MISS' })),
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`written: ${relative(process.cwd(), out) || out}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
