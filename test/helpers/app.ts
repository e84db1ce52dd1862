// An app built in-process with a temporary SQLite file and a fake clock, for inject() tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fakeClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { newSecret } from '../../src/core/tokens.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { loadSecrets } from '../../src/server/main.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open-sqlite.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';

export type TestApp = {
  app: FastifyInstance;
  store: SqlStore;
  clock: ReturnType<typeof fakeClock>;
  config: Config;
  siteId: string;
  close(): Promise<void>;
};

export async function testApp(env: Record<string, string> = {}, opts: { demo?: boolean; origins?: string[]; lang?: string } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const config = loadConfig({ PARLEY_DATA_DIR: dir, PARLEY_LOG_LEVEL: 'silent', ...env });
  const store = await openSqlite({ path: config.dbPath });
  const secrets = await loadSecrets(store);
  const siteId = newId();
  await store.createSite({
    id: siteId,
    name: 'Test news',
    origins: JSON.stringify(opts.origins ?? ['https://news.example.com']),
    lang: opts.lang ?? 'en',
    settings: '{}',
    avatar_secret: newSecret(),
    is_default: 1,
    created_at: Date.now(),
  });
  const clock = fakeClock(Date.now());
  const app = await buildApp({ config, store, clock, secrets, render: renderComment, demo: opts.demo, logger: false });
  return {
    app,
    store,
    clock,
    config,
    siteId,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ARTICLE = 'https://news.example.com/2026/11/france-russia-syria';

export function comment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { thread: ARTICLE, name: 'Anne Martin', email: 'anne@example.com', body: 'A considered comment.', ...overrides };
}

export async function post(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}
