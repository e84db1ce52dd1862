// The outbox's durability: a mail queued when a server stops (mid-claim, or after a failed
// attempt) goes out once from the next server on the same database, with the Message-ID it
// was given; three servers on one PostgreSQL database never send the same row twice, nor tell
// the same marked reply twice.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/core/ids.ts';
import { newMailRow } from '../../src/core/mail/outbox.ts';
import { repliesOf } from '../../src/core/mail/reply-notifier.ts';
import { openPostgres } from '../../src/store/dialects/postgres/open.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush, link, mailEnv, otherServer, postAs, rawHeaders } from './mail-flow.ts';

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
    const app = await otherServer(t, store);
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

describe('three servers on one PostgreSQL database', async () => {
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

  // More rows than one claim takes (100), so the servers race over several batches.
  const ROWS = 250;
  it('claim each row once: every mail goes out exactly once', {
    skip: reachable ? false : 'PostgreSQL is not reachable',
  }, async () => {
    const stores = [
      await openPostgres({ url: t.config.databaseUrl, poolSize: 3 }),
      await openPostgres({ url: t.config.databaseUrl, poolSize: 3 }),
    ];
    const others = [await otherServer(t, stores[0]), await otherServer(t, stores[1])];
    const senders = [t.app, ...others].map((app) => app.parley.mailSender!);
    // One race: ROWS rows queued, every server's run started at once. Every row must go out
    // exactly once, each attempt. A loaded machine can let one server take every batch before
    // the others ask: the race is then run again (up to three times) until more than one server
    // took part, so the test does prove concurrent claims and does not hang on a scheduler's luck.
    let raced: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = t.clock.now();
      const ids: string[] = [];
      for (let i = 0; i < ROWS; i++) {
        const address = await t.store.saveMailAddress({
          id: newId(),
          site_id: t.siteId,
          email: `pg${attempt}-${i}@example.org`,
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
      const before = smtp.received.length;
      // Each server's run sends batch after batch while it finds a full one; they start together.
      const counts = await Promise.all(senders.map((s) => s.run()));
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        ROWS,
        `sent per server: ${counts.join(', ')}`,
      );
      // Nothing is left for anyone.
      assert.deepEqual(await Promise.all(senders.map((s) => s.run())), [0, 0, 0]);
      await smtp.waitFor(before + ROWS, 20_000);
      const got = smtp.received.slice(before).map((r) => rawHeaders(r.raw).get('message-id'));
      assert.equal(got.length, ROWS);
      assert.deepEqual([...new Set(got)].sort(), ids.sort());
      const rows = await Promise.all(
        Array.from(
          { length: ROWS },
          async (_, i) => (await t.store.mailDataByEmail(`pg${attempt}-${i}@example.org`, t.siteId)).outbox,
        ),
      );
      assert.deepEqual(
        rows.flat().map((r) => `${r.state} ${r.attempts}`),
        Array(ROWS).fill('sent 1'),
      );
      raced = counts;
      if (counts.filter((n) => n > 0).length >= 2) break;
    }
    // They did race: the rows were not all taken by one server before the others asked.
    assert.ok(raced.filter((n) => n > 0).length >= 2, `sent per server: ${raced.join(', ')}`);
    for (const app of others) await app.close();
    for (const store of stores) await store.close();
  });

  it('tell each marked reply once: three notifiers over the same markers', {
    skip: reachable ? false : 'PostgreSQL is not reachable',
  }, async () => {
    const stores = [
      await openPostgres({ url: t.config.databaseUrl, poolSize: 3 }),
      await openPostgres({ url: t.config.databaseUrl, poolSize: 3 }),
    ];
    const others = [await otherServer(t, stores[0]), await otherServer(t, stores[1])];
    // Their start-up runs are over before the markers are written: only the racing runs tell them.
    for (const app of [t.app, ...others]) await app.parley.replies.idle();
    const parent = (await t.store.getComment((await postAs(t, 'anne@example.org')).id))!;
    const thread = (await t.store.getThread(parent.thread_id))!;
    const now = t.clock.now();
    const address = await t.store.saveMailAddress({
      id: newId(),
      site_id: t.siteId,
      email: 'anne@example.org',
      confirmed_at: null,
      created_at: now,
      active_at: now,
    });
    await t.store.confirmMailAddress(address.id, now);
    await t.store.addMailSubscription({
      id: `${address.id}:${thread.id}:${parent.id}`,
      address_id: address.id,
      site_id: t.siteId,
      thread_id: thread.id,
      comment_id: parent.id,
      created_at: now,
    });
    // Stored marked, as a post would, but with no event: no notifier runs until they all do.
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const id = newId();
      ids.push(id);
      const reply = { id, parent_id: parent.id, root_id: parent.id, depth: 1, dedupe_key: id };
      const comment = { ...parent, ...reply, author_email: `r${i}@example.net` };
      const at = { id: thread.id, siteId: t.siteId, key: thread.key, url: thread.url, title: thread.title };
      await t.store.insertComment({ comment, thread: { ...at, createdAt: thread.created_at }, notify: true });
    }
    const counts = await Promise.all([t.app, ...others].map((app) => app.parley.replies.run()));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      ids.length,
      `told per server: ${counts.join(', ')}`,
    );
    const rows = (await t.store.mailDataByEmail('anne@example.org', t.siteId)).outbox.filter((r) => r.kind === 'reply');
    assert.deepEqual(
      rows
        .flatMap(repliesOf)
        .map((r) => r.commentId)
        .sort(),
      ids.sort(),
    );
    for (const app of others) await app.close();
    for (const store of stores) await store.close();
  });
});
