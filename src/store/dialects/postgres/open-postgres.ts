// Opens a PostgreSQL database: one pool shared by Kysely (reads, migrations) and the write
// runner. Numeric columns come back as JavaScript numbers: our BIGINT values are
// millisecond times, far inside the safe-integer range.
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { SqlStore } from '../../sql-store.ts';
import type { Database } from '../../schema.ts';
import { postgresMigrations } from '../../migrations/postgres/index.ts';
import { PgWriteRunner } from './pg-write-runner.ts';
import { PgCoordinator } from './pg-coordinator.ts';

export type PostgresOptions = { url: string; poolSize?: number; migrate?: boolean };

export async function migratePostgres(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => postgresMigrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${(error as Error).message}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export type PostgresStore = SqlStore & { applied: string[]; pool: pg.Pool; createCoordinator(): PgCoordinator };

export async function openPostgres(options: PostgresOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  pool.on('error', () => undefined); // an idle client's broken connection is replaced by the pool
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const applied = options.migrate === false ? [] : await migratePostgres(db);
  const store = new SqlStore('postgres', db, new PgWriteRunner(pool), async () => {
    await db.destroy();
  }) as PostgresStore;
  store.applied = applied;
  store.pool = pool;
  store.createCoordinator = () => new PgCoordinator(options.url, pool);
  return store;
}
