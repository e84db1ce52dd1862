// What the phases of `npm run bench` share: the settings bench/run.ts reads from its flags,
// the run's data directory, environment and databases, the figures collected so far (the final
// report is made of them), and the helpers every phase uses to seed, check and read.
import { loadConfig } from '../src/config/config.ts';
import type { AkismetFigures } from './akismet.ts';
import { seedDatabases, type PgDatabase, type SeedResult } from './databases.ts';
import type { FloodFigures } from './flood.ts';
import type { MailPostCostFigures } from './mail-post-cost.ts';
import type { MailSendFigures } from './mail-send.ts';
import { measure, type LoadSettings, type ScenarioResult, type Target } from './measure.ts';
import type { Server } from './procs.ts';
import type { SeededThread, ThreadSpec } from './seed.ts';
import type { SpamCheckFigures } from './spam-check.ts';

/** Comments in the small thread of section 1 (also the thread of section 3). */
export const SMALL = 1000;
/** Comments under the demo article of section 1. */
export const ARTICLE_COMMENTS = 200;
export const LOG_LEVEL = 'warn';

/** The flags of bench/run.ts, checked and converted. */
export type Settings = {
  backend: 'sqlite' | 'postgres' | 'both';
  sqlite: boolean;
  /** With --backend both, false when PostgreSQL turns out to be unreachable (the run goes on with SQLite). */
  postgres: boolean;
  million: number;
  smallSite: number;
  siteThread: number;
  /** --cluster on (section 3 also needs PostgreSQL). */
  clusterFlag: boolean;
  pgUrl: string;
  duration: number;
  normalDuration: number;
  load: LoadSettings;
  big: number;
  only: Set<string> | null;
  cpuProf: string | null;
  out: string;
};

export type SeedSummary = {
  backends: string[];
  comments: number;
  threads: number;
  stats: SeedResult['stats'];
  commentsPerSecond: number;
};

export type MainThreads = Record<'big' | 'small' | 'article', SeededThread>;

/** One run of the benchmark: its settings and place, and what the phases found. */
export type Run = {
  settings: Settings;
  started: number;
  dataDir: string;
  publicUrl: string;
  baseEnv: Record<string, string>;
  pgEnv: (db: PgDatabase, extra?: Record<string, string>) => Record<string, string>;
  /** PostgreSQL databases created by the phases, dropped at the end unless --keep. */
  databases: PgDatabase[];
  results: ScenarioResult[];
  seeds: Record<string, SeedSummary>;
  mainThreads: MainThreads | null;
  spamChecks: SpamCheckFigures | null;
  akismet: AkismetFigures | null;
  flood: FloodFigures | null;
  mailSend: MailSendFigures | null;
  mailPostCost: MailPostCostFigures | null;
};

export const want = (run: Run, name: string) => !run.settings.only || run.settings.only.has(name);
export const wantAny = (run: Run, names: string[]) => names.some((name) => want(run, name));
/** 1000000 → "1m", 10000 → "10k". */
export const short = (n: number) =>
  n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}m` : n >= 1000 && n % 100 === 0 ? `${n / 1000}k` : String(n);
export const threadPath = (key: string) => `/api/v1/threads?thread=${encodeURIComponent(key)}`;
export const direct = (server: Server): Target => ({ url: server.url, servers: [server] });
export const profile = (run: Run, name: string) =>
  run.settings.cpuProf ? { dir: run.settings.cpuProf, name } : undefined;

/** The 1,000-comment thread of section 1, also seeded on its own for section 3. */
export const smallSpec = (publicUrl: string): ThreadSpec => ({
  key: `${publicUrl}/bench/small-thread-${SMALL}`,
  title: 'Benchmark: a long thread',
  count: SMALL,
  label: 'small',
});

/** Seeds threads into the databases of `where`, printing progress, and records the figures under `label`. */
export async function seed(
  run: Run,
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
        `  … ${done.toLocaleString('en')} / ${all.toLocaleString('en')} (${Math.round((Date.now() - run.started) / 1000)} s into the run)`,
      );
    },
  });
  const perSecond = Math.round(total / (stats.ms / 1000));
  run.seeds[label] = { backends, comments: total, threads: specs.length, stats, commentsPerSecond: perSecond };
  const sinks = Object.entries(stats.sinks).map(([k, v]) => `${k} busy ${(v.busyMs / 1000).toFixed(1)} s`);
  console.log(
    `  seeded in ${(stats.ms / 1000).toFixed(1)} s (${perSecond.toLocaleString('en')} comments/s into each database): generating rows ${(stats.generateMs / 1000).toFixed(1)} s, ` +
      `${sinks.join(', ')}${stats.vacuumAnalyzeMs != null ? `, VACUUM ANALYZE ${(stats.vacuumAnalyzeMs / 1000).toFixed(1)} s, CHECKPOINT ${((stats.checkpointMs ?? 0) / 1000).toFixed(1)} s` : ''}`,
  );
  return threads;
}

/** Checks the first page of each thread through the real server before anything is measured. */
export async function checkThreads(server: Server, threads: SeededThread[]): Promise<void> {
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

/** A GET scenario, if --only lets it run. */
export async function read(run: Run, target: Target, name: string, description: string, path: string): Promise<void> {
  if (!want(run, name)) return;
  run.results.push(
    await measure(run.settings.load, target, name, description, { path, duration: run.settings.duration }),
  );
}
