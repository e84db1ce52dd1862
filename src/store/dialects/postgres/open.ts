// Opens a PostgreSQL database: one pool shared by Kysely (reads, migrations) and the write
// runner. Numeric columns come back as JavaScript numbers: our BIGINT values are
// millisecond times, far inside the safe-integer range.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { SqlStore } from '../../sql-store.ts';
import type { Database } from '../../schema.ts';
import { postgresMigrations } from '../../migrations/postgres/index.ts';
import { PgWriteRunner } from './write-runner.ts';
import { PgCoordinator } from './coordinator.ts';

// Our queries are a small fixed set: let each connection prepare them once (named prepared
// statements) instead of parsing and planning every execution.
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
export function preparedName(sql: string): string | null {
  return PREPARABLE.test(sql) ? `parley_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}` : null;
}

function preparing(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool);
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    const marked = client as pg.PoolClient & { parleyPrepared?: boolean };
    if (marked.parleyPrepared) return client;
    // pg-pool listens for errors only on idle clients. A checked-out client whose server goes
    // away (a restart: 57P01) emits 'error' with nobody listening, which would end the process;
    // the query in flight rejects anyway, and the pool drops the client when it is released.
    client.on('error', () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
      text: unknown,
      values?: unknown,
      ...rest: unknown[]
    ) => {
      if (typeof text === 'string' && Array.isArray(values)) {
        const name = preparedName(text);
        if (name) return query({ name, text, values }, ...rest);
      }
      return query(text, values, ...rest);
    };
    marked.parleyPrepared = true;
    return client;
  };
  (pool as unknown as { connect: (cb?: unknown) => unknown }).connect = (cb?: unknown) => {
    if (typeof cb === 'function')
      return connect((err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) =>
        cb(err, client && wrap(client), done),
      );
    return connect().then(wrap);
  };
  return pool;
}

export type PostgresOptions = { url: string; poolSize?: number; migrate?: boolean };

export async function migratePostgres(db: Kysely<Database>): Promise<string[]> {
  // Numbers were handed out to work done side by side (0009 landed after 0010–0012): a database
  // that has later ones gets an earlier one it lacks, rather than refusing to open.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => postgresMigrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${(error as Error).message}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export type PostgresStore = SqlStore & { applied: string[]; pool: pg.Pool; createCoordinator(): PgCoordinator };

export async function openPostgres(options: PostgresOptions): Promise<PostgresStore> {
  // Prepared statements re-plan on every execution while PostgreSQL rates the generic plan
  // costlier than the custom ones, which it always does for our LIMIT $n queries: planning the
  // thread page then cost more than running it. Our statements are all index lookups whose
  // plans do not depend on the values, so they are planned once per connection. (An `options`
  // in the URL replaces this.)
  const pool = preparing(
    new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      options: '-c plan_cache_mode=force_generic_plan',
    }),
  );
  pool.on('error', () => undefined); // an idle client's broken connection is replaced by the pool
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const applied = options.migrate === false ? [] : await migratePostgres(db);
  const store = new SqlStore(
    'postgres',
    db,
    new PgWriteRunner(pool),
    async () => {
      await db.destroy();
    },
    { pageInOneStatement: true },
  ) as PostgresStore;
  store.applied = applied;
  store.pool = pool;
  store.createCoordinator = () => new PgCoordinator(options.url, pool);
  return store;
}
