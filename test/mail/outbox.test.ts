// The outbox's durability: a mail queued when a server stops (mid-claim, or after a failed
// attempt) goes out once from the next server on the same database, with the Message-ID it
// was given; two servers on one PostgreSQL database never send the same row twice.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { newId } from '../../src/core/ids.ts';
import { newMailRow } from '../../src/core/mail/outbox.ts';
import type { Store } from '../../src/core/ports.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { buildApp } from '../../src/server/app.ts';
import { openPostgres } from '../../src/store/dialects/postgres/open.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush, link, mailEnv, postAs, rawHeaders } from './mail-flow.ts';

/** A second server on the same database as `t`, with its own store. */
async function secondApp(t: TestApp, store: Store): Promise<FastifyInstance> {
  return buildApp({
    config: t.config,
    store,
    clock: t.clock,
    secrets: await loadSecrets(store),
    render: renderComment,
    logger: false,
    mailPollMs: 0,
  });
}

describe('the outbox across a restart (sqlite)', () => {
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());

  it('a mail claimed by a server that died is sent once by the next, after the claim runs out', async () => {
    const t = await testApp(mailEnv(smtp.url), { build: { mailPollMs: 0 } });
    const base = smtp.received.length;
    // The sender is "busy" elsewhere: the relay takes 451s, so the confirmation stays queued.
    smtp.answer = () => 451;
    await postAs(t, 'durable@example.org', { notify: true });
    await flush(t);
    const [row] = (await t.store.mailDataByEmail('durable@example.org', t.siteId)).outbox;
    assert.equal(row.state, 'queued');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /451/);
    // A server claims it and dies before sending.
    t.clock.advance(10 * 60_000);
    assert.equal((await t.store.claimMail('crashed', t.clock.now(), t.clock.now() + 300_000, 10)).length, 1);
    await t.app.close();
    await t.store.close();
    smtp.answer = () => null;

    const store = await openSqlite({ path: t.config.dbPath });
    const app = await secondApp(t, store);
    await app.parley.mailSender!.run();
    assert.equal(smtp.received.length, base, 'the claim is still running');
    t.clock.advance(6 * 60_000);
    await app.parley.mailSender!.run();
    await app.parley.mailSender!.run();
    await smtp.waitFor(base + 1);
    assert.equal(smtp.received.length, base + 1, 'sent once');
    const sent = smtp.received[base];
    assert.equal(rawHeaders(sent.raw).get('message-id'), row.message_id);
    assert.ok(link(sent, '/mail/confirm'));
    const done = (await store.mailDataByEmail('durable@example.org', t.siteId)).outbox[0];
    assert.deepEqual([done.state, done.attempts], ['sent', 2]);
    await app.close();
    await store.close();
    rmSync(t.config.dataDir, { recursive: true, force: true });
  });
});

describe('two servers on one PostgreSQL database', async () => {
  const reachable = await postgresReachable();
  if (!reachable && process.env.CI === 'true') throw new Error('PostgreSQL is not reachable (CI=true)');
  let smtp: TestSmtp;
  let t: TestApp;
  before(async () => {
    if (!reachable) return;
    smtp = await startSmtp();
    t = await testApp(mailEnv(smtp.url), { backend: 'postgres', build: { mailPollMs: 0 } });
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('claim each row once: every mail goes out exactly once', { skip: !reachable }, async () => {
    const store = await openPostgres({ url: t.config.databaseUrl, poolSize: 3 });
    const other = await secondApp(t, store);
    const now = t.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const address = await t.store.saveMailAddress({
        id: newId(),
        site_id: t.siteId,
        email: `pg${i}@example.org`,
        confirmed_at: null,
        created_at: now,
        active_at: now,
      });
      const row = newMailRow({
        siteId: t.siteId,
        recipient: address.email,
        kind: 'confirm',
        domain: 'news.example.com',
        data: { addressId: address.id },
        ipHash: null,
        now,
      });
      ids.push(row.message_id);
      await t.store.enqueueMail(row);
    }
    await Promise.all([
      t.app.parley.mailSender!.run(),
      other.parley.mailSender!.run(),
      t.app.parley.mailSender!.run(),
      other.parley.mailSender!.run(),
    ]);
    await smtp.waitFor(30);
    const got = smtp.received.map((r) => rawHeaders(r.raw).get('message-id'));
    assert.equal(got.length, 30);
    assert.deepEqual([...new Set(got)].sort(), ids.sort());
    await other.close();
    await store.close();
  });
});
