// A change made from the command line reaches running servers on PostgreSQL at once: after
// `parley privacy erase`, a server that had the thread page cached serves the erased name no
// more (it would for up to PARLEY_READ_CACHE_SECONDS without the announcement).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { systemClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/config/config.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { buildApp } from '../../src/server/app.ts';
import { openPostgres } from '../../src/store/dialects/postgres/open.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import { addDefaultSite, ARTICLE, comment, post } from '../helpers/app.ts';
import { freshPostgres } from '../helpers/postgres.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));

test('parley privacy erase on PostgreSQL: a running server drops its cached page at once', async (t) => {
  const db = await freshPostgres();
  if (!db) return t.skip('PostgreSQL unavailable');
  t.after(() => db.drop());
  const env = { PARLEY_DATABASE_URL: db.url, PARLEY_LOG_LEVEL: 'silent', PARLEY_READ_CACHE_SECONDS: '3600' };
  const store = await openPostgres({ url: db.url, poolSize: 4 });
  t.after(() => store.close());
  await addDefaultSite(store, { name: 'Cluster news' });
  const app = await buildApp({
    config: loadConfig(env),
    store,
    clock: systemClock,
    secrets: await loadSecrets(store),
    render: renderComment,
    coordinator: store.createCoordinator(),
    logger: false,
  });
  t.after(() => app.close());
  const posted = await post(app, comment({ name: 'Zélie Fontaine', email: 'zelie@example.org' }));
  assert.equal(posted.statusCode, 201, posted.body);
  const page = () => app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` });
  assert.match((await page()).body, /Zélie Fontaine/);
  assert.match((await page()).body, /Zélie Fontaine/, 'served from the cache now');

  const erased = spawnSync(process.execPath, [bin, 'privacy', 'erase', 'zelie@example.org'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(erased.status, 0, erased.stderr);
  let body = '';
  for (let i = 0; i < 100; i++) {
    body = (await page()).body;
    if (!body.includes('Zélie')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.doesNotMatch(body, /Zélie Fontaine/);
  assert.match(body, /Anonymous/);
});
