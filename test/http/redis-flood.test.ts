// With PARLEY_REDIS_URL, flood control lives in Redis: it holds across servers that share
// nothing else (here: two apps with separate databases).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { RedisFloodGuard } from '../../src/store/redis-flood-guard.ts';
import { comment, testApp } from '../helpers/app.ts';
import { buildApp } from '../../src/server/app.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { loadSecrets } from '../../src/store/open-store.ts';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    s.setTimeout(2000);
    s.once('connect', () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

test('flood control in Redis holds across two servers with separate databases', async (t) => {
  if (!(await redisReachable())) {
    if (process.env.CI === 'true') throw new Error(`Redis not reachable at ${REDIS_URL} (CI=true)`);
    console.log(`# notice: Redis not reachable at ${REDIS_URL}; test skipped`);
    return t.skip('Redis unavailable');
  }
  const one = await testApp();
  const two = await testApp();
  // Both apps share the install's secrets (as servers of one install do), so keys match.
  const secrets = await loadSecrets(one.store);
  // The same site in both databases, as if both servers served it.
  const site = (await one.store.getSite(one.siteId))!;
  await two.store.createSite({ ...site, is_default: false });
  const guards = [await new RedisFloodGuard(REDIS_URL).connect(), await new RedisFloodGuard(REDIS_URL).connect()];
  const apps = await Promise.all(
    [one, two].map((t, i) =>
      buildApp({
        config: t.config,
        store: t.store,
        clock: t.clock,
        secrets,
        render: renderComment,
        logger: false,
        flood: guards[i],
      }),
    ),
  );
  try {
    const email = `redis-${Date.now()}@example.com`;
    const send = (i: number, body: string, ip: string) =>
      apps[i].inject({
        method: 'POST',
        url: `/api/v1/comments?site=${one.siteId}`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/json' },
        payload: comment({ email, body }),
      });
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    assert.equal((await send(0, 'first', ip)).statusCode, 201);
    const blocked = await send(1, 'second, on the other server', ip);
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) >= 14 && Number(blocked.headers['retry-after']) <= 15);
    // Nothing of this lives in the second server's database.
    assert.equal(await two.store.lastPostTime(one.siteId, null, email, 0), null);
  } finally {
    for (const a of apps) await a.close();
    for (const g of guards) await g.close();
    await one.close();
    await two.close();
  }
});
