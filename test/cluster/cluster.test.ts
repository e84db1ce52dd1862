// Three Parley servers on loopback ports sharing one PostgreSQL behave as one: live events
// fan out (to readers and to the moderators' queues), flood control holds across servers, a killed server loses no acknowledged
// comment while the others keep serving, and a scheduled job runs on one server at a time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { ParleyEvents } from '../../src/core/events.ts';
import { systemClock } from '../../src/core/clock.ts';
import { ApiKeys } from '../../src/core/keys/api-keys.ts';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { openPostgres } from '../../src/store/dialects/postgres/open.ts';
import { freshPostgres } from '../helpers/postgres.ts';
import { until as untilValue } from '../helpers/outage-load.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

const THREAD = 'https://news.example.com/2026/11/cluster';

async function post(server: ServerProcess, ip: string, email: string, body: string, thread = THREAD) {
  const res = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ thread, name: 'Cluster Reader', email, body }),
  });
  return {
    status: res.status,
    json: (await res.json().catch(() => ({}))) as { id?: string; error?: { code: string } },
  };
}

const until = <T>(what: string, fn: () => Promise<T | undefined>, ms = 8000) => untilValue(what, fn, ms);

describe('three servers on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  const servers: ServerProcess[] = [];
  before(async () => {
    db = await freshPostgres();
    if (!db) return;
    // One after the other: the first creates the schema, the secrets and the demo site.
    for (let i = 0; i < 3; i++) {
      servers.push(
        await startServer({
          env: {
            PARLEY_DATABASE_URL: db.url,
            PARLEY_FLOOD_SECONDS: '15',
            PARLEY_TRUSTED_PROXIES: '127.0.0.1',
            PARLEY_READ_CACHE: 'on',
          },
        }),
      );
    }
    console.log(
      `# cluster: 3 servers on ports ${servers.map((s) => s.port).join(', ')} sharing one PostgreSQL database`,
    );
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await db?.drop();
  });

  test('a comment posted to server A reaches an SSE stream held on server C, and C’s cached page follows', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const [a, , c] = servers;
    const read = async () =>
      (await (await fetch(`${c.url}/api/v1/threads?thread=${encodeURIComponent(THREAD)}`)).json()) as {
        comments: { id: string }[];
      };
    await read(); // warm C's read cache for this thread
    const req = request(`${c.url}/api/v1/stream?thread=${encodeURIComponent(THREAD)}`);
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => (buffer += chunk));
    await until('stream open', async () => (buffer.includes(': connected') ? true : undefined));
    const posted = await post(a, '198.51.100.1', 'sse@example.com', 'posted on A, seen on C');
    assert.equal(posted.status, 201);
    const event = await until('the event on C', async () => {
      const m = /event: comment\ndata: (.*)\n\n/.exec(buffer);
      return m ? JSON.parse(m[1]) : undefined;
    });
    assert.equal(event.id, posted.json.id);
    assert.match(event.html, /posted on A, seen on C/);
    req.destroy();
    await until("C's page showing the comment", async () =>
      (await read()).comments.some((x) => x.id === posted.json.id) ? true : undefined,
    );
  });

  test('a comment held on server A reaches the moderators’ queue stream on server C', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const [a, , c] = servers;
    const store = await openPostgres({ url: db.url, poolSize: 1, migrate: false });
    try {
      const site = (await store.listSites()).find((s) => s.is_default)!;
      await new Accounts({ store, clock: systemClock }).grant(
        'cluster-desk@example.com',
        'a long cluster password',
        site.id,
        'moderator',
      );
      const login = await fetch(`${c.url}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'cluster-desk@example.com', password: 'a long cluster password' }),
      });
      assert.equal(login.status, 200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      await login.arrayBuffer();
      const req = request(`${c.url}/admin/api/sites/${site.id}/events`, { headers: { cookie } });
      req.end();
      const [res] = (await once(req, 'response')) as [IncomingMessage];
      assert.equal(res.statusCode, 200);
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => (buffer += chunk));
      const counts = () =>
        [...buffer.matchAll(/event: counts\ndata: (.*)\n\n/g)].map(
          (m) => JSON.parse(m[1]).counts as { pending: number },
        );
      const first = await until('the first counts on C', async () => counts()[0]);
      const held = await post(
        a,
        '198.51.100.40',
        'held-on-a@example.com',
        'Two sources: https://a.example/x and https://b.example/y, compare them.',
        `${THREAD}-held`,
      );
      assert.equal(held.status, 202);
      const later = await until('the held comment counted on C', async () =>
        counts().find((x) => x.pending === first.pending + 1),
      );
      assert.equal(later.pending, first.pending + 1);
      req.destroy();
    } finally {
      await store.close();
    }
  });

  test('a spam verdict given on B teaches the filter of C', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const [a, b, c] = servers;
    const store = await openPostgres({ url: db.url, poolSize: 1 });
    let key: string;
    try {
      const site = (await store.listSites()).find((s) => s.is_default)!;
      key = (await new ApiKeys(store, systemClock).create(site.id, 'moderation')).key;
    } finally {
      await store.close();
    }
    const text = 'Mabel’s bakery on Rue Colbert sells the best lemon cake in town, ask for the Gazette discount';
    const first = await post(a, '198.51.100.30', 'mabel@example.com', text);
    assert.equal(first.status, 201, 'the shipped model lets it through');
    // C has loaded the site's layer already: it must notice the later correction by itself.
    assert.equal(
      (await post(c, '198.51.100.31', 'warm@example.com', 'A considered comment on the talks.')).status,
      201,
    );
    const verdict = await fetch(`${b.url}/api/v1/moderation/comments/${first.json.id}/verdict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ verdict: 'spam' }),
    });
    assert.equal(verdict.status, 200);
    // C syncs the site's layer from the shared log within its 2-second interval.
    let n = 0;
    const started = Date.now();
    await until(
      'C to hold the same text from someone else',
      async () => {
        n++;
        const again = await post(c, `198.51.100.${40 + n}`, `other${n}@example.com`, `${text} ${'!'.repeat(n)}`);
        return again.status === 202 ? true : undefined;
      },
      10_000,
    );
    t.diagnostic(`C held the text ${Date.now() - started} ms after the verdict on B (${n} tries)`);
  });

  test('flood control triggered through A holds on B', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const [a, b] = servers;
    assert.equal((await post(a, '198.51.100.2', 'flood1@example.com', 'first')).status, 201);
    const second = await post(b, '198.51.100.2', 'flood2@example.com', 'second, same network, other server');
    assert.equal(second.status, 429);
    assert.equal(second.json.error?.code, 'RATE_LIMITED');
    const byEmail = await post(b, '198.51.100.3', 'flood1@example.com', 'same email, other network, other server');
    assert.equal(byEmail.status, 429);
  });

  test('server B killed with SIGKILL under write load loses no acknowledged comment; A and C keep serving', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const [a, b, c] = servers;
    const acked: string[] = [];
    let n = 0;
    let stop = false;
    const writer = async (w: number) => {
      while (!stop) {
        const i = n++;
        try {
          // A distinct network and email per comment keeps flood control out of the way.
          const r = await post(
            b,
            `10.${w}.${(i >> 8) & 255}.${i & 255}`,
            `writer${i}@example.com`,
            `load comment ${i}`,
            `${THREAD}/load`,
          );
          if (r.status === 201 && r.json.id) acked.push(r.json.id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await until('some acknowledged comments', async () => (acked.length >= 20 ? true : undefined), 15000);
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    await b.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    assert.equal((await fetch(`${a.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${c.url}/readyz`)).status, 200);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>('SELECT id FROM comments WHERE id = ANY($1)', [acked]);
    await client.end();
    const found = new Set(rows.map((r) => r.id));
    const missing = acked.filter((id) => !found.has(id));
    console.log(`# cluster kill: ${acked.length} acknowledged comments checked, ${missing.length} missing`);
    assert.deepEqual(missing, []);
    // The survivors still accept comments.
    assert.equal((await post(c, '198.51.100.9', 'after@example.com', 'after the kill')).status, 201);
  });

  test('a scheduled job runs on one server at a time (advisory lock)', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const s1 = await openPostgres({ url: db.url, migrate: false });
    const s2 = await openPostgres({ url: db.url, migrate: false });
    const c1 = s1.createCoordinator();
    const c2 = s2.createCoordinator();
    await c1.start(new ParleyEvents(), s1);
    await c2.start(new ParleyEvents(), s2);
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const first = c1.runExclusive('retention', async () => {
        entered();
        await held;
      });
      await inside;
      assert.equal(await c2.runExclusive('retention', async () => assert.fail('ran twice')), false);
      release();
      assert.equal(await first, true);
      assert.equal(await c2.runExclusive('retention', async () => undefined), true);
    } finally {
      await c1.close();
      await c2.close();
      await s1.close();
      await s2.close();
    }
  });
});
