// Three servers on one PostgreSQL, under write load, while PostgreSQL is restarted twice (a
// deploy, a failover): no process exits, requests caught by the restart answer 503 NOT_READY with
// Retry-After (never a 500), every acknowledged comment is in the database afterwards, and a
// live stream held on one server carries comments posted on another again once it is back.
// It runs its own PostgreSQL (test/helpers/private-postgres.ts), never the shared one.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import pg from 'pg';
import { newTally, postOnce, sleep, until as untilValue } from '../helpers/outage-load.ts';
import { privatePostgres } from '../helpers/private-postgres.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const THREAD = 'https://news.example.com/2026/12/restart';
const until = <T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000) =>
  untilValue(what, () => fn().catch(() => undefined), ms);

const comment = (n: number) => ({
  thread: THREAD,
  name: 'Restart Reader',
  email: `reader${n}@example.com`,
  body: `Comment number ${n} while the database restarts.`,
});

test('three servers ride out two PostgreSQL restarts under write load', { timeout: 240_000 }, async (t) => {
  const db = await privatePostgres();
  if (!db) return t.skip('PostgreSQL server programs not installed');
  t.after(() => db.destroy());
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('CREATE DATABASE parley');
  await admin.end();
  const url = db.url.replace(/\/postgres$/, '/parley');

  const servers: ServerProcess[] = [];
  t.after(() => Promise.all(servers.map((s) => s.stop().catch(() => undefined))));
  for (let i = 0; i < 3; i++)
    servers.push(
      await startServer({ env: { PARLEY_DATABASE_URL: url, PARLEY_DATABASE_POOL: '4', PARLEY_LOG_LEVEL: 'warn' } }),
    );
  const [a, , c] = servers;

  // A reader's live stream on server C.
  const req = request(`${c.url}/api/v1/stream?thread=${encodeURIComponent(THREAD)}`);
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  t.after(() => req.destroy());
  res.setEncoding('utf8');
  let stream = '';
  res.on('data', (chunk: string) => (stream += chunk));
  await until('the stream to open', async () => (stream.includes(': connected') ? true : undefined));

  // Eight writers, spread over the three servers, until told to stop.
  const tally = newTally();
  let n = 0;
  let writing = true;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    while (writing) await postOnce(servers[(w + n) % 3], comment(n++), tally);
  });
  await sleep(1500);
  const before = tally.acked.length;
  await db.restart();
  await sleep(3000);
  await db.restart();
  await sleep(4000);
  writing = false;
  await Promise.all(writers);
  t.diagnostic(
    `${n} posts: ${tally.acked.length} acknowledged (${before} before the first restart), ${tally.unavailable} answered 503 NOT_READY`,
  );

  for (const s of servers)
    assert.equal(
      s.proc.exitCode ?? s.proc.signalCode,
      null,
      `server ${s.port} is still running:\n${s.output().slice(-2000)}`,
    );
  assert.deepEqual(tally.unexpected, [], 'every answer was 201/202, or 503 NOT_READY with Retry-After');
  assert.deepEqual(tally.networkErrors, [], 'no connection was refused or cut');
  assert.ok(tally.acked.length > before, 'posts were acknowledged after the restarts too');
  for (const s of servers) {
    await until(`${s.port} ready`, async () => ((await fetch(`${s.url}/readyz`)).status === 200 ? true : undefined));
    assert.doesNotMatch(s.output(), /unhandled|uncaught/i, `server ${s.port} output`);
  }

  const check = new pg.Client({ connectionString: url });
  await check.connect();
  const { rows } = await check.query<{ id: string }>('SELECT id FROM comments WHERE id = ANY($1)', [tally.acked]);
  await check.end();
  assert.equal(rows.length, tally.acked.length, 'every acknowledged comment is stored');

  // The stream on C resumes: a comment posted on A after the restarts arrives there.
  const after = await until('a post on A', async () => {
    const r = await fetch(`${a.url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        thread: THREAD,
        name: 'Late Reader',
        email: 'late@example.com',
        body: 'Posted once the database is back.',
      }),
    });
    return r.status === 201 ? ((await r.json()) as { id: string }).id : undefined;
  });
  await until('the new comment on C’s stream', async () => (stream.includes(`id: ${after}\n`) ? true : undefined));
});
