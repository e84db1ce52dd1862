// The benchmark's databases: fresh PostgreSQL databases (created on the admin database,
// dropped at the end) and SQLite files, prepared with the server's own start-up helpers and
// sharing one site and one set of secrets, then filled by bench/seed.ts
// (its sinks: bench/seed-sqlite.ts, bench/seed-postgres.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../src/config/config.ts';
import { ensureDemoSite } from '../src/server/main.ts';
import { loadSecrets } from '../src/store/open-store.ts';
import { openPostgres, type PostgresStore } from '../src/store/dialects/postgres/open.ts';
import { openSqlite } from '../src/store/dialects/sqlite/open.ts';
import { seedComments, type Identity, type SeededThread, type SeedStats, type Sink, type ThreadSpec } from './seed.ts';
import { PostgresSink } from './seed-postgres.ts';
import { SqliteSink } from './seed-sqlite.ts';

export type PgDatabase = { name: string; url: string; drop(): Promise<void> };

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new empty database `parley_bench_<tag>_<random>` on the server of `adminUrl`. */
export async function createPgDatabase(adminUrl: string, tag: string): Promise<PgDatabase> {
  const name = `parley_bench_${tag}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs one query on a database and returns its rows. */
export async function pgQuery<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type SeedResult = {
  threads: SeededThread[];
  stats: SeedStats & { vacuumAnalyzeMs?: number; checkpointMs?: number };
};

/**
 * Seeds the same generated threads into a PostgreSQL database and/or a SQLite file.
 * Both are first set up as the server sets a database up (migrations, secrets, the demo
 * site); PostgreSQL goes first and the SQLite file receives its secrets and site, so both
 * hold identical rows. At the end PostgreSQL is VACUUM ANALYZEd (what autovacuum would do
 * on a production server; on this machine autovacuum may be off, and then the planner would
 * have no statistics) and CHECKPOINTed, and the SQLite file fsynced, so that no write-back
 * of the seed disturbs the measurements.
 */
export async function seedDatabases(
  config: Config,
  where: { pgUrl?: string; sqlitePath?: string },
  specs: ThreadSpec[],
  opts: Parameters<typeof seedComments>[3],
): Promise<SeedResult> {
  let pgStore: PostgresStore | null = null;
  const sinks: Sink[] = [];
  try {
    let identity: Identity | null = null;
    if (where.pgUrl) {
      pgStore = await openPostgres({ url: where.pgUrl, poolSize: 2 });
      const secrets = await loadSecrets(pgStore);
      await ensureDemoSite(pgStore, config);
      identity = { secrets, site: (await pgStore.listSites()).find((s) => s.is_default)! };
    }
    if (where.sqlitePath) {
      const store = await openSqlite({ path: where.sqlitePath, synchronous: 'NORMAL' });
      try {
        if (identity) {
          const shared = identity;
          await store.loadOrCreateSecrets(() => ({ ...shared.secrets }));
          await store.createSite(shared.site);
        } else {
          const secrets = await loadSecrets(store);
          await ensureDemoSite(store, config);
          identity = { secrets, site: (await store.listSites()).find((s) => s.is_default)! };
        }
      } finally {
        await store.close();
      }
      sinks.push(new SqliteSink(where.sqlitePath));
    }
    if (!identity) throw new Error('seedDatabases: neither a PostgreSQL URL nor a SQLite path');
    if (pgStore) sinks.push(await PostgresSink.open(pgStore.pool));
    let result: SeedResult;
    try {
      result = await seedComments(identity, specs, sinks, opts);
    } catch (err) {
      // Release the SQLite file and the PostgreSQL connection, or closing the pool would wait forever.
      for (const sink of sinks) await sink.finish().catch(() => undefined);
      throw err;
    }
    if (pgStore) {
      const t0 = performance.now();
      await pgStore.pool.query('VACUUM (ANALYZE) comments');
      await pgStore.pool.query('VACUUM (ANALYZE) threads');
      result.stats.vacuumAnalyzeMs = Math.round(performance.now() - t0);
      // Write the dirty pages out and fsync them now, not during the next measurements.
      const t1 = performance.now();
      await pgStore.pool
        .query('CHECKPOINT')
        .catch((err) =>
          console.warn(`  CHECKPOINT failed (${err.message}); background writes may disturb the next measurements`),
        );
      result.stats.checkpointMs = Math.round(performance.now() - t1);
      result.stats.ms += result.stats.vacuumAnalyzeMs + result.stats.checkpointMs;
    }
    return result;
  } finally {
    await pgStore?.close();
  }
}
