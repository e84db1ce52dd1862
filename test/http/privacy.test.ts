// Every public route, taken from the server's own route table, is called with a seeded
// commenter; no answer (body or headers), no SSE event and no log line may contain their
// email, an unkeyed hash of it, or their raw IP address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { systemClock } from '../../src/core/clock.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { buildApp, loggerOptions } from '../../src/server/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ensureDemoSite } from '../../src/server/main.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import { demoPlugin } from '../../demo/plugin.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

const EMAIL = 'Secret.Reader+news@Example.org';
const IPV4 = '203.0.113.77';
const IPV6 = '2001:db8:7:8::77';

function forbidden(): string[] {
  const out = new Set<string>();
  for (const e of [EMAIL, EMAIL.toLowerCase(), EMAIL.trim().toLowerCase()]) {
    out.add(e);
    for (const algo of ['md5', 'sha1', 'sha256']) out.add(createHash(algo).update(e).digest('hex'));
  }
  out.add(IPV4);
  out.add(IPV6);
  out.add('2001:db8:7:8');
  out.add(encodeURIComponent(EMAIL));
  return [...out];
}

function assertClean(where: string, text: string): void {
  const lower = text.toLowerCase();
  for (const needle of forbidden())
    assert.equal(lower.includes(needle.toLowerCase()), false, `${where} leaks ${needle}`);
}

test('no public route, event or log line reveals an email, its hashes or a raw IP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-privacy-'));
  // The classifier would hold the linked root comment (API posts carry no form token); this test
  // is about what leaks, not about verdicts.
  const config = loadConfig({
    PARLEY_DATA_DIR: dir,
    PARLEY_FLOOD_SECONDS: '0',
    PARLEY_LOG_LEVEL: 'trace',
    PARLEY_SPAM_DISABLED_CHECKS: 'classifier',
  });
  const store = await openSqlite({ path: config.dbPath });
  await ensureDemoSite(store, config);
  const secrets = await loadSecrets(store);
  let logs = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  const app = await buildApp({
    config,
    store,
    clock: systemClock,
    secrets,
    render: renderComment,
    plugins: [demoPlugin()],
    logger: { ...loggerOptions('trace'), stream },
  });
  const thread = `${config.publicUrl}/news/france-russia-syria`;
  const json = { 'content-type': 'application/json' };
  const postAs = (remoteAddress: string, body: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      remoteAddress,
      headers: { ...json, 'user-agent': 'PrivacyTest/1.0' },
      payload: { thread, name: 'Reader', email: EMAIL, ...body },
    });

  const root = await postAs(IPV4, {
    body: 'Root comment with a [link](https://example.net)',
    website: 'https://reader.example',
  });
  assert.equal(root.statusCode, 201);
  const rootId = root.json().id;
  const reply = await postAs(IPV6, { parent: rootId, body: 'A reply' });
  assert.equal(reply.statusCode, 201);
  const held = await postAs(IPV4, { body: 'held: http://a.example http://b.example' });
  assert.equal(held.statusCode, 202);
  const { viewToken } = held.json();
  const avatar = root.json().comment.author.avatar;
  const responses: string[] = [root.body, reply.body, held.body];

  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const covered: string[] = [];
  const query = new URLSearchParams({ thread, comment: rootId, viewToken, preview: viewToken, replyto: rootId });

  for (const route of app.parleyRoutes.filter((r) => r.public)) {
    const path = route.url
      .replace(':id', reply.json().id)
      .replace(':seed', `${avatar}.svg`)
      .replace(':slug', 'france-russia-syria')
      .replace('*', 'comments');
    const label = `${route.method} ${route.url}`;
    if (route.url === '/api/v1/stream') {
      // A held-open stream: read the event a new comment produces.
      const req = request({ host: '127.0.0.1', port, path: `${path}?${query}` });
      req.end();
      const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
      let text = JSON.stringify(res.headers);
      res.setEncoding('utf8');
      const got = new Promise<void>((resolve) =>
        res.on('data', (c: string) => {
          text += c;
          if (text.includes('event: comment')) resolve();
        }),
      );
      const live = await postAs(IPV6, { body: 'streamed comment' });
      responses.push(live.body);
      await got;
      req.destroy();
      assertClean(label, text);
      covered.push(label);
      continue;
    }
    let res: Awaited<ReturnType<typeof postAs>>;
    if (route.method === 'GET' || route.method === 'OPTIONS') {
      res = await app.inject({
        method: route.method,
        url: `${path}?${query}`,
        remoteAddress: IPV4,
        headers: { origin: config.publicUrl },
      });
    } else if (route.method === 'POST' && route.url === '/comments') {
      const form = new URLSearchParams({
        thread,
        name: 'Form Reader',
        email: EMAIL,
        body: `form post ${Math.random()}`,
        return: '/news/france-russia-syria',
      });
      res = await app.inject({
        method: 'POST',
        url: path,
        remoteAddress: IPV4,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      assert.equal(res.statusCode, 303, label);
      const follow = await app.inject({ url: String(res.headers.location), remoteAddress: IPV4 });
      assertClean(`${label} → ${res.headers.location}`, follow.body);
    } else if (route.method === 'POST') {
      res = await postAs(IPV4, { body: `another ${Math.random()}` });
    } else if (route.method === 'PATCH') {
      res = await app.inject({
        method: 'PATCH',
        url: path,
        remoteAddress: IPV4,
        headers: { ...json, 'x-parley-edit-token': reply.json().editToken },
        payload: { body: 'edited reply' },
      });
      assert.equal(res.statusCode, 200, label);
    } else if (route.method === 'DELETE') {
      const victim = (await postAs(IPV6, { body: `to delete ${Math.random()}` })).json();
      res = await app.inject({
        method: 'DELETE',
        url: path.replace(reply.json().id, victim.id),
        remoteAddress: IPV4,
        headers: { 'x-parley-edit-token': victim.editToken },
      });
      assert.equal(res.statusCode, 204, label);
    } else {
      assert.fail(`no way to call ${label}: extend this test`);
    }
    assert.ok(res.statusCode < 500, `${label} answered ${res.statusCode}`);
    assertClean(label, JSON.stringify(res.headers) + res.body);
    covered.push(label);
  }
  for (const r of responses) assertClean('POST response', r);
  await app.close();
  await store.close();
  assertClean('logs', logs);
  // The table must hold the routes this promise matters most for (a guard against an empty walk).
  for (const must of [
    'GET /api/v1/threads',
    'POST /api/v1/comments',
    'GET /comments',
    'POST /comments',
    'GET /news/:slug',
    'GET /api/v1/stream',
    'GET /privacy',
  ]) {
    assert.ok(covered.includes(must), `route table walk missed ${must}`);
  }
  assert.ok(logs.includes('"path":"/api/v1/threads"'), 'request logs were captured');
  console.log(`# privacy: ${covered.length} public routes checked: ${covered.join(', ')}`);
});

test('the leak detector itself catches an email, its hashes and raw IPs (negative control)', () => {
  const md5 = createHash('md5').update(EMAIL.toLowerCase()).digest('hex');
  for (const leak of [EMAIL, `https://www.gravatar.com/avatar/${md5}`, `client ${IPV4}`, `from ${IPV6}`]) {
    assert.throws(() => assertClean('control', leak), /leaks/);
  }
});
