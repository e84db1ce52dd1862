// An app built in-process with a temporary SQLite file and a fake clock, for inject() tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fakeClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { newSecret } from '../../src/core/tokens.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { type BuildOptions, buildApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import { demoPlugin } from '../../demo/plugin.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { openPostgres } from '../../src/store/dialects/postgres/open.ts';
import { freshPostgres, postgresReachable } from './postgres.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import type { Store } from '../../src/core/ports.ts';

export type TestApp = {
  app: FastifyInstance;
  store: SqlStore;
  clock: ReturnType<typeof fakeClock>;
  config: Config;
  siteId: string;
  close(): Promise<void>;
};

export type Backend = 'sqlite' | 'postgres';

/** The backends API tests run against: SQLite always, PostgreSQL when reachable (always in CI). */
export async function apiBackends(): Promise<Backend[]> {
  if (await postgresReachable()) {
    console.log('# API tests run on: sqlite, postgres');
    return ['sqlite', 'postgres'];
  }
  if (process.env.CI === 'true') throw new Error('PostgreSQL is not reachable (CI=true: failing instead of skipping)');
  console.log('# notice: PostgreSQL not reachable; API tests run on SQLite only');
  return ['sqlite'];
}

export async function testApp(
  env: Record<string, string> = {},
  opts: {
    demo?: boolean;
    origins?: string[];
    lang?: string;
    backend?: Backend;
    logger?: object;
    /** Build options beyond the defaults (a mailer, the outbox's polling). */
    build?: Partial<BuildOptions>;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const pgDb = opts.backend === 'postgres' ? await freshPostgres() : null;
  if (opts.backend === 'postgres' && !pgDb) throw new Error('PostgreSQL requested but not reachable');
  // Velocity and repeat checks would hold the many comments these tests post from one address;
  // the spam tests switch them back on.
  const config = loadConfig({
    PARLEY_DATA_DIR: dir,
    PARLEY_LOG_LEVEL: 'silent',
    PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat',
    ...(pgDb ? { PARLEY_DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const store = pgDb ? await openPostgres({ url: pgDb.url, poolSize: 5 }) : await openSqlite({ path: config.dbPath });
  const secrets = await loadSecrets(store);
  const siteId = await addDefaultSite(store, { name: 'Test news', origins: opts.origins, lang: opts.lang });
  const clock = fakeClock(Date.now());
  const app = await buildApp({
    config,
    store,
    clock,
    secrets,
    render: renderComment,
    plugins: opts.demo ? [demoPlugin()] : [],
    logger: opts.logger ?? false,
    ...opts.build,
  });
  return {
    app,
    store,
    clock,
    config,
    siteId,
    async close() {
      await app.close();
      await store.close();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The install's default site for a test: news.example.com, English unless asked; its id. */
export async function addDefaultSite(
  store: Pick<Store, 'createSite'>,
  o: { name: string; origins?: string[]; lang?: string; id?: string },
): Promise<string> {
  const id = o.id ?? newId();
  await store.createSite({
    id,
    name: o.name,
    origins: o.origins ?? ['https://news.example.com'],
    lang: o.lang ?? 'en',
    settings: {},
    avatar_secret: newSecret(),
    is_default: true,
    created_at: Date.now(),
  });
  return id;
}

export const ARTICLE = 'https://news.example.com/2026/11/france-russia-syria';

export function comment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    thread: ARTICLE,
    name: 'Anne Martin',
    email: 'anne@example.com',
    body: 'A considered comment.',
    ...overrides,
  };
}

export async function post(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}
