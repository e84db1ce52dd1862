// Flood control in Redis, with Redis taken away: posts keep being answered promptly, flood
// control keeps refusing through the database's history, /readyz says so, and the server goes
// back to Redis by itself when it returns. A start with Redis unreachable names the problem and
// serves. Each test runs its own redis-server (test/helpers/private-redis.ts), never the shared one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privateRedis } from '../helpers/private-redis.ts';
import { freePort, type ServerProcess, startServer } from '../helpers/server-process.ts';

const THREAD = 'https://news.example.com/2026/12/redis-outage';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let net = 0;
/** A network of its own for each caller, so flood control refuses only what a test means it to. */
const newNetwork = (): string => `10.${(++net >> 8) & 255}.${net & 255}.7`;

async function post(server: ServerProcess, ip: string, n: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({
      thread: THREAD,
      name: 'Outage Reader',
      email: `reader${n}-${ip}@example.com`,
      body: `Comment number ${n} from ${ip}.`,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

type Ready = { status: number; body: { ok: boolean; degraded?: string[] } };
async function readyz(server: ServerProcess): Promise<Ready> {
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Ready['body'] };
}

async function until(what: string, fn: () => Promise<boolean>, ms = 15_000): Promise<number> {
  const started = Date.now();
  while (!(await fn().catch(() => false))) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
  return Date.now() - started;
}

/** Two posts from one network within the window: the second must be refused. */
async function secondRefused(server: ServerProcess, n: number): Promise<void> {
  const ip = newNetwork();
  assert.ok([201, 202].includes((await post(server, ip, n)).status), 'first post from a network');
  assert.equal((await post(server, ip, n + 1)).status, 429, 'second post from the same network within the window');
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];
const logLines = (server: ServerProcess, pattern: RegExp) =>
  server
    .output()
    .split('\n')
    .filter((l) => pattern.test(l));

test('Redis dies under posting load and comes back', { timeout: 120_000 }, async (t) => {
  const redis = await privateRedis();
  if (!redis) return t.skip('redis-server not installed');
  t.after(() => redis.destroy());
  const env = { PARLEY_REDIS_URL: redis.url, PARLEY_FLOOD_SECONDS: '15', PARLEY_TRUSTED_PROXIES: '127.0.0.1' };
  const server = await startServer({ env });
  t.after(() => server.stop());
  assert.deepEqual((await readyz(server)).body.degraded, undefined);
  await secondRefused(server, 0);
  // A network that posts while Redis is up, and again once it is gone: the database remembers.
  const before = newNetwork();
  assert.equal((await post(server, before, 1)).status, 201);

  // Six writers, each from fresh networks, until told to stop.
  const answers: { status: number; ms: number; phase: string }[] = [];
  let phase = 'up';
  let writing = true;
  let n = 100;
  const writers = Array.from({ length: 6 }, async () => {
    while (writing) {
      const p = phase;
      answers.push({ ...(await post(server, newNetwork(), n++).catch(() => ({ status: 0, ms: 0 }))), phase: p });
    }
  });
  await sleep(1000);
  await redis.kill();
  phase = 'down';
  await until('readyz to report the fallback', async () =>
    ((await readyz(server)).body.degraded ?? []).some((d) => /redis/.test(d)),
  );
  const down = await readyz(server);
  t.diagnostic(`readyz with Redis away: ${down.status} ${JSON.stringify(down.body)}`);
  assert.equal(down.status, 200, 'still ready: the fallback serves safely');
  await sleep(1000);
  // Flood control through the database: a pair within the window, and a network seen before the outage.
  await secondRefused(server, 2);
  assert.equal((await post(server, before, 4)).status, 429, 'a post from before the outage still counts');
  const duringOutage = newNetwork();
  assert.equal((await post(server, duringOutage, 5)).status, 201);
  await sleep(2000);

  await redis.start();
  phase = 'back';
  const backIn = await until('readyz to be normal again', async () => {
    const r = await readyz(server);
    return r.status === 200 && r.body.degraded === undefined;
  });
  t.diagnostic(`back on Redis ${backIn} ms after it restarted`);
  await sleep(1000);
  writing = false;
  await Promise.all(writers);

  // The post taken on the fallback is not in the new Redis, yet still counts within its window.
  assert.equal((await post(server, duringOutage, 6)).status, 429, 'a post from the outage still counts');
  await secondRefused(server, 7);

  const outage = answers.filter((a) => a.phase === 'down').map((a) => a.ms);
  const all = answers.map((a) => a.ms);
  t.diagnostic(
    `${answers.length} posts, ${outage.length} during the outage: p99 ${percentile(outage, 99).toFixed(0)} ms, ` +
      `max ${Math.max(...outage).toFixed(0)} ms; overall p99 ${percentile(all, 99).toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms`,
  );
  assert.deepEqual(
    answers.filter((a) => ![201, 202].includes(a.status)),
    [],
    'every post from a fresh network was accepted',
  );
  assert.ok(outage.length >= 20, `posts were made during the outage (${outage.length})`);
  assert.ok(Math.max(...all) < 2000, `every post was answered within 2 s (max ${Math.max(...all).toFixed(0)} ms)`);
  assert.equal(logLines(server, /redis unreachable/).length, 1, `one line for the outage:\n${server.output()}`);
  assert.equal(logLines(server, /redis answers again/).length, 1, 'one line for the return');
  assert.doesNotMatch(server.output(), /unhandled|uncaught|"stack"/i);
});

test('a start with Redis unreachable names it and serves on the fallback', { timeout: 60_000 }, async (t) => {
  const port = await freePort();
  const env = {
    PARLEY_REDIS_URL: `redis://parley:hunter2@127.0.0.1:${port}`,
    PARLEY_FLOOD_SECONDS: '15',
    PARLEY_TRUSTED_PROXIES: '127.0.0.1',
  };
  const started = Date.now();
  const server = await startServer({ env, readyTimeoutMs: 10_000 });
  t.after(() => server.stop());
  t.diagnostic(`ready ${Date.now() - started} ms after the process was started`);
  const lines = logLines(server, /redis/i);
  t.diagnostic(`log: ${lines.join(' | ')}`);
  assert.equal(lines.length, 1, `one line about Redis:\n${server.output()}`);
  assert.match(lines[0], new RegExp(`redis://127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(server.output(), /hunter2/, 'no credentials in the log');
  const ready = await readyz(server);
  assert.equal(ready.status, 200);
  assert.ok(ready.body.degraded?.some((d) => /redis/.test(d)));
  await secondRefused(server, 0);

  // Redis appears: the server takes it up by itself.
  const redis = await privateRedis({ port, args: ['--user', 'parley', 'on', '>hunter2', '~*', '&*', '+@all'] });
  if (!redis) return t.skip('redis-server not installed');
  t.after(() => redis.destroy());
  await until('readyz to be normal', async () => (await readyz(server)).body.degraded === undefined);
  await secondRefused(server, 2);
});

test('a Redis that stops answering costs one post about half a second', { timeout: 60_000 }, async (t) => {
  const redis = await privateRedis();
  if (!redis) return t.skip('redis-server not installed');
  t.after(() => redis.destroy());
  const env = { PARLEY_REDIS_URL: redis.url, PARLEY_FLOOD_SECONDS: '15', PARLEY_TRUSTED_PROXIES: '127.0.0.1' };
  const server = await startServer({ env });
  t.after(() => server.stop());
  await secondRefused(server, 0);

  // The connection stays open and the commands are sent: only the client's wait can end them.
  redis.pause();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await post(server, newNetwork(), 10 + i);
    assert.equal(r.status, 201);
    times.push(r.ms);
  }
  t.diagnostic(
    `with Redis hung: first post ${times[0].toFixed(0)} ms, the rest at most ${Math.max(...times.slice(1)).toFixed(0)} ms`,
  );
  assert.ok(times[0] < 1500, 'the first post waits for the timeout only');
  assert.ok((await readyz(server)).body.degraded?.some((d) => /redis/.test(d)));
  await secondRefused(server, 30);

  redis.resume();
  await until('readyz to be normal', async () => (await readyz(server)).body.degraded === undefined);
  await secondRefused(server, 40);
  assert.equal(logLines(server, /redis unreachable/).length, 1, server.output());
  assert.equal(logLines(server, /redis answers again/).length, 1, server.output());
});
