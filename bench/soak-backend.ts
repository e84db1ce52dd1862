// One backend's soak: a seeded database (a SQLite file, or a database on a private PostgreSQL
// that may be restarted without disturbing anyone else), a real server process, the traffic of
// bench/soak-load.ts, a sample every 10 s, the outages in the middle, and at the end the check
// that every acknowledged comment is in the database, read directly.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ARTICLES } from '../demo/articles.ts';
import { loadConfig } from '../src/config/config.ts';
import { privatePostgres, type PrivatePostgres } from '../test/helpers/private-postgres.ts';
import { createPgDatabase, pgQuery, seedDatabases } from './databases.ts';
import { cpuPressure, freePort, rssKiB, startServer, stopProc, type Server } from './procs.ts';
import type { ThreadSpec } from './seed.ts';
import { SoakLoad, type Counts, type LoadPlan } from './soak-load.ts';

export type Backend = 'sqlite' | 'postgres';

export type SoakSettings = {
  minutes: number;
  streams: number;
  sampleS: number;
  threads: number;
  commentsPerThread: number;
  rates: LoadPlan['rates'];
};

export type Sample = {
  /** Seconds since the load started. */
  t: number;
  pid: number;
  rssMiB: number | null;
  fds: number | null;
  p50: number | null;
  p99: number | null;
  responses: number;
  errors: number;
  skipped: number;
  streamsOpen: number;
  /** /proc/pressure/cpu "some avg10": how long runnable tasks waited for a CPU (others use the machine too). */
  psi: number | null;
  outage: string | null;
};

export type Outage = { name: string; atS: number; downMs: number; graceS: number };

export type BackendResult = {
  backend: Backend;
  samples: Sample[];
  outages: Outage[];
  steadyErrors: Counts;
  outageErrors: Map<string, Counts>;
  acknowledged: number;
  held: number;
  present: number;
  discarded: number;
  missing: string[];
  totalResponses: number;
  skipped: number;
  streamEvents: number;
  streamDrops: number;
  streamRefusals: number;
  serverPids: number[];
};

/** Seconds the errors after an outage still count as the outage's: streams and pools reconnecting. */
const GRACE_S = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function fdCount(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Which acknowledged ids are comments, which only in the spam discard log, which nowhere. */
async function findIds(
  backend: Backend,
  where: { sqlitePath: string; pgUrl?: string },
  ids: string[],
): Promise<{ comments: Set<string>; discards: Set<string> }> {
  const comments = new Set<string>();
  const discards = new Set<string>();
  if (backend === 'postgres') {
    for (const [table, found] of [
      ['comments', comments],
      ['spam_discards', discards],
    ] as const) {
      const rows = await pgQuery<{ id: string }>(where.pgUrl!, `SELECT id FROM ${table} WHERE id = ANY($1)`, [ids]);
      for (const r of rows) found.add(r.id);
    }
    return { comments, discards };
  }
  // The server has stopped; read-only, so the check cannot repair or change what it checks.
  const db = new DatabaseSync(where.sqlitePath, { readOnly: true });
  try {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const marks = chunk.map(() => '?').join(',');
      for (const r of db.prepare(`SELECT id FROM comments WHERE id IN (${marks})`).all(...chunk))
        comments.add(String(r.id));
      for (const r of db.prepare(`SELECT id FROM spam_discards WHERE id IN (${marks})`).all(...chunk))
        discards.add(String(r.id));
    }
  } finally {
    db.close();
  }
  return { comments, discards };
}

export async function soakBackend(backend: Backend, settings: SoakSettings): Promise<BackendResult> {
  const dataDir = mkdtempSync(join(os.tmpdir(), `parley-soak-${backend}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PARLEY_PORT: String(port),
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_PUBLIC_URL: url,
    PARLEY_LOG_LEVEL: 'warn',
    PARLEY_SQLITE_SYNCHRONOUS: 'full',
    // The posters' and streams' addresses come in X-Forwarded-For, as behind a reverse proxy.
    PARLEY_TRUSTED_PROXIES: '127.0.0.1',
  };
  let pgServer: PrivatePostgres | null = null;
  let server: Server | null = null;
  let load: SoakLoad | null = null;
  const sqlitePath = join(dataDir, 'parley.db');
  try {
    if (backend === 'postgres') {
      pgServer = await privatePostgres();
      if (!pgServer) throw new Error('PostgreSQL server programs (initdb, pg_ctl) not found');
      env.PARLEY_DATABASE_URL = (await createPgDatabase(pgServer.url, 'soak')).url;
    }
    const article = ARTICLES[0];
    const specs: ThreadSpec[] = Array.from({ length: settings.threads }, (_, i) => ({
      key: `${url}/soak/thread-${i + 1}`,
      title: `Soak thread ${i + 1}`,
      count: settings.commentsPerThread,
      label: `t${i + 1}`,
    }));
    const seedWhere = backend === 'postgres' ? { pgUrl: env.PARLEY_DATABASE_URL } : { sqlitePath };
    const seeded = await seedDatabases(loadConfig(env), seedWhere, specs, { order: 'interleaved', rngSeed: 777 });
    console.log(
      `  ${backend}: seeded ${seeded.stats.comments.toLocaleString('en')} comments in ${specs.length} threads (${(seeded.stats.ms / 1000).toFixed(1)} s)`,
    );
    server = await startServer(backend, env);
    const serverPids = [server.pid];
    load = new SoakLoad({
      url,
      threads: specs.map((s) => s.key),
      articlePath: `/news/${article.slug}`,
      rates: settings.rates,
      streams: settings.streams,
      maxInFlight: 64,
    });
    const started = Date.now();
    const totalMs = settings.minutes * 60_000;
    await load.start();
    const samples: Sample[] = [];
    const outages: Outage[] = [];
    const events: { at: number; name: string; run: () => Promise<void> }[] = [];
    if (pgServer) {
      const pgs = pgServer;
      events.push({ at: 0.35, name: 'postgres restart', run: () => pgs.restart() });
    }
    events.push({
      at: 0.6,
      name: 'kill -9',
      run: async () => {
        const old = server!;
        const exited = new Promise((r) => old.proc.once('exit', r));
        old.proc.kill('SIGKILL');
        await exited;
        // The same data, port and settings: what a supervisor does after a crash.
        server = await startServer(backend, env);
        serverPids.push(server.pid);
      },
    });
    const running: Promise<void>[] = [];
    for (let n = 1; n * settings.sampleS * 1000 <= totalMs; n++) {
      await sleep(Math.max(0, started + n * settings.sampleS * 1000 - Date.now()));
      const t = (Date.now() - started) / 1000;
      for (const e of events.filter((e) => e.at * totalMs <= Date.now() - started)) {
        events.splice(events.indexOf(e), 1);
        running.push(runOutage(load, e, t, outages));
      }
      const w = load.takeWindow();
      const sorted = w.latencies.sort((a, b) => a - b);
      const pid = server.pid;
      const rss = rssKiB(pid);
      const sample: Sample = {
        t: Math.round(t),
        pid,
        rssMiB: rss == null ? null : round1(rss / 1024),
        fds: fdCount(pid),
        p50: percentile(sorted, 50) == null ? null : round1(percentile(sorted, 50)!),
        p99: percentile(sorted, 99) == null ? null : round1(percentile(sorted, 99)!),
        responses: w.responses,
        errors: Object.values(w.errors).reduce((a, b) => a + b, 0),
        skipped: w.skipped,
        streamsOpen: load.streamsOpen(),
        psi: cpuPressure(),
        outage: load.outage,
      };
      samples.push(sample);
      console.log(
        `    ${backend} ${String(sample.t).padStart(4)} s  pid ${pid}  RSS ${sample.rssMiB} MiB  fds ${sample.fds}  ` +
          `p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${sample.responses} resp  ${sample.errors} err  ` +
          `${sample.skipped} skipped  streams ${sample.streamsOpen}  events ${load.streamEvents}  acked ${load.acks.length}  ` +
          `PSI ${sample.psi} %` +
          (sample.outage ? `  [${sample.outage}]` : ''),
      );
    }
    await Promise.all(running);
    await load.stop();
    await stopProc(server);
    const ids = load.acks.map((a) => a.id);
    const found = await findIds(backend, { sqlitePath, pgUrl: env.PARLEY_DATABASE_URL }, ids);
    return {
      backend,
      samples,
      outages,
      steadyErrors: load.steadyErrors,
      outageErrors: load.outageErrors,
      acknowledged: ids.length,
      held: load.acks.filter((a) => a.status !== 'published').length,
      present: ids.filter((id) => found.comments.has(id)).length,
      discarded: ids.filter((id) => !found.comments.has(id) && found.discards.has(id)).length,
      missing: ids.filter((id) => !found.comments.has(id) && !found.discards.has(id)),
      totalResponses: load.totalResponses,
      skipped: load.totalSkipped,
      streamEvents: load.streamEvents,
      streamDrops: load.streamDrops,
      streamRefusals: load.streamRefusals,
      serverPids,
    };
  } finally {
    await load?.stop().catch(() => undefined);
    await stopProc(server);
    await pgServer?.destroy().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs one outage; its errors, and those of the next GRACE_S seconds, count under its name. */
async function runOutage(
  load: SoakLoad,
  e: { name: string; run: () => Promise<void> },
  atS: number,
  outages: Outage[],
): Promise<void> {
  load.outage = e.name;
  console.log(`    ${e.name} at ${Math.round(atS)} s …`);
  const t0 = Date.now();
  await e.run();
  const downMs = Date.now() - t0;
  console.log(`    ${e.name}: back after ${downMs} ms`);
  await sleep(GRACE_S * 1000);
  if (load.outage === e.name) load.outage = null;
  outages.push({ name: e.name, atS: Math.round(atS), downMs, graceS: GRACE_S });
}
