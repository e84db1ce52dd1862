// A fresh PostgreSQL database per test file, on the machine's server (127.0.0.1:5432, trust
// auth in CI). Missing server: a failure under CI=true, a printed notice elsewhere.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | null = null;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** Returns the URL of a new empty database and a function that drops it, or null to skip. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!(await postgresReachable())) {
    if (process.env.CI === 'true')
      throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} (CI=true: failing instead of skipping)`);
    console.log(`# notice: PostgreSQL not reachable at ${PG_ADMIN_URL}; PostgreSQL tests skipped`);
    return null;
  }
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
