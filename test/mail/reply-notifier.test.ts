// Replies are told in batches, after the post: a published reply someone follows commits a
// marker with it, and the reply notifier turns the markers into outbox rows (one per reader and
// thread for a batch) in the commit that removes them. What must hold: nothing before that
// commit reaches the outbox, nothing is told twice, a failed or interrupted run loses nothing,
// held and spam replies never mail anyone, and comments from before migration 0014 mail nobody.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { ReplyNotifier, repliesOf } from '../../src/core/mail/reply-notifier.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { call, login, staffSites } from '../helpers/admin-session.ts';
import { testApp } from '../helpers/app.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/streams.ts';
import { flush, link, mailEnv, otherServer, postAs, rawHeaders, withConfirmedFollower } from './mail-flow.ts';

// Long enough that no run starts by itself: each test runs the notifier when it means to.
const NEVER = { replyDelayMs: 3_600_000 };
const LINKS = 'See https://a.example/1 and https://b.example/2 and https://c.example/3';

test('replies told together make one row per reader and thread; own, held, spam and deleted ones tell nobody', async (t) => {
  const { smtp, app, follower: anne, parent } = await withConfirmedFollower(t, NEVER);
  const replies = async () =>
    (await app.store.mailDataByEmail(anne, app.siteId)).outbox.filter((r) => r.kind === 'reply');

  const carol = await postAs(app, 'carol@example.net', { parent, body: 'The buses leave from the east side.' });
  const dave = await postAs(app, 'dave@example.net', { parent, body: 'And on Sunday every half hour.' });
  const own = await postAs(app, anne, { parent, body: 'Thanks, both of you.' });
  const gone = await postAs(app, 'erin@example.net', { parent, body: 'Deleted before anyone hears of it.' });
  const held = await postAs(app, 'fay@example.net', { parent, body: `Held: ${LINKS}` });
  const spam = await postAs(app, 'gus@example.net', { parent, body: `Spammy: ${LINKS}` });
  assert.deepEqual(
    [carol, dave, own, gone, held, spam].map((c) => c.status),
    ['published', 'published', 'published', 'published', 'held', 'held'],
  );
  await app.store.updateComment(gone.id, { status: 'deleted' });
  await app.store.updateComment(spam.id, { status: 'spam' });
  // Nothing in the outbox as the posts answer: the markers wait for the notifier.
  assert.deepEqual(await replies(), []);

  // The four published ones were marked (a held one is not, until approved) and are told once.
  assert.equal(await app.app.parley.replies.run(), 4);
  assert.equal(await app.app.parley.replies.run(), 0);
  const [row, ...more] = await replies();
  assert.deepEqual(more, []);
  assert.deepEqual(repliesOf(row), [
    { commentId: carol.id, toMe: true },
    { commentId: dave.id, toMe: true },
  ]);
  assert.equal(row.group_key, `${row.data.addressId}:${row.data.threadId}`);
  await flush(app);
  const [, digest] = await smtp.waitFor(2);
  assert.match(digest.mail.subject ?? '', /^2 new comments/);
  assert.match(digest.mail.text ?? '', /east side[\s\S]*every half hour/);
  assert.doesNotMatch(digest.mail.text ?? '', /Thanks, both|Deleted before|Held:|Spammy/);

  // A moderator approves the held one: marked by the approval, told by the next run, sent once
  // the interval since the digest is over. The spam one never is.
  await staffSites(app);
  const admin = await login(app, 'admin@example.com');
  const act = await call(app, admin, 'POST', `/admin/api/sites/${app.siteId}/comments/${held.id}/actions`, {
    action: 'approve',
  });
  assert.equal(act.statusCode, 200, act.body);
  assert.equal(await app.app.parley.replies.run(), 1);
  const later = (await replies()).find((r) => r.id !== row.id);
  assert.deepEqual(repliesOf(later!), [{ commentId: held.id, toMe: true }]);
  assert.ok(later!.next_attempt_at > app.clock.now(), 'due after the interval');
  app.clock.advance(16 * 60_000);
  await flush(app);
  const [, , approved] = await smtp.waitFor(3);
  assert.match(approved.mail.text ?? '', /Held: See/);
  assert.doesNotMatch(approved.mail.text ?? '', /Spammy/);
  await flush(app);
  assert.equal(smtp.received.length, 3);
});

test('a run that fails before its commit leaves the markers: the next tells them once, never twice', async (t) => {
  const { smtp, app, follower: anne, parent } = await withConfirmedFollower(t, NEVER);
  const replies = async () =>
    (await app.store.mailDataByEmail(anne, app.siteId)).outbox.filter((r) => r.kind === 'reply');
  const reply = await postAs(app, 'carol@example.net', { parent, body: 'The buses leave from the east side.' });

  // The server stops (or the database goes away) between reading the markers and the commit
  // that would remove them with the rows: the unit is all or nothing, so neither happened.
  const tellReplies = app.store.tellReplies.bind(app.store);
  let failures = 1;
  app.store.tellReplies = (...args) =>
    failures-- > 0 ? Promise.reject(new Error('the database went away')) : tellReplies(...args);
  await assert.rejects(app.app.parley.replies.run(), /went away/);
  assert.deepEqual(await replies(), []);
  assert.deepEqual(
    (await app.store.pendingReplies(100)).map((p) => p.id),
    [reply.id],
  );

  // The next run tells it; a run after that, or another notifier on the same database (a
  // restarted server), finds nothing more to tell.
  assert.equal(await app.app.parley.replies.run(), 1);
  const again = new ReplyNotifier({
    store: app.store,
    clock: app.clock,
    from: 'News comments <comments@news.example.com>',
    site: async () => undefined,
    kick: () => undefined,
    onError: (err) => assert.fail(err as Error),
  });
  assert.equal(await again.run(), 0);
  assert.equal(await app.app.parley.replies.run(), 0);
  const [row, ...more] = await replies();
  assert.deepEqual(more, []);
  await flush(app);
  const [, sent] = await smtp.waitFor(2);
  assert.equal(rawHeaders(sent.raw).get('message-id'), row.message_id);
  await flush(app);
  assert.equal(smtp.received.length, 2);
});

test('two notifiers racing over the same markers tell each reply once', async (t) => {
  const { app, follower: anne, parent } = await withConfirmedFollower(t, NEVER);
  const posted: string[] = [];
  for (let i = 0; i < 12; i++) posted.push((await postAs(app, `r${i}@example.net`, { parent })).id);
  // As servers would: each reads the same markers, one commits, the others' removal of them
  // changes fewer rows than they read and rolls their rows back; they read again and find none.
  let lost = 0;
  const other = () => {
    const store = Object.create(app.store) as typeof app.store;
    store.tellReplies = async (...args) => {
      const ok = await app.store.tellReplies(...args);
      if (!ok) lost++;
      return ok;
    };
    return new ReplyNotifier({
      store,
      clock: app.clock,
      from: 'News comments <comments@news.example.com>',
      site: (id) => app.app.parley.sites.byId(id).then((row) => row && app.app.parley.sites.context(row)),
      kick: () => undefined,
      onError: (err) => assert.fail(err as Error),
    });
  };
  const counts = await Promise.all([other().run(), other().run(), other().run()]);
  assert.equal(lost, 2, 'the two others lost the race');
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    12,
    counts.join(', '),
  );
  const rows = (await app.store.mailDataByEmail(anne, app.siteId)).outbox.filter((r) => r.kind === 'reply');
  assert.deepEqual(
    rows
      .flatMap(repliesOf)
      .map((r) => r.commentId)
      .sort(),
    posted.sort(),
  );
});

test('a server that stops before telling leaves its markers to the next; comments from before 0014 mail nobody', async () => {
  const smtp = await startSmtp();
  const t = await testApp(mailEnv(smtp.url), { build: { mailPollMs: 0, ...NEVER } });
  const anne = 'anne.reader@example.org';
  try {
    const parent = (await postAs(t, anne, { notify: true })).id;
    await flush(t);
    const [confirm] = await smtp.waitFor(1);
    assert.equal((await t.app.inject({ method: 'POST', url: link(confirm, '/mail/confirm') })).statusCode, 200);
    const told = await postAs(t, 'carol@example.net', { parent, body: 'Posted before the stop.' });
    await t.app.close();
    await t.store.close();

    // The next server on the same database tells it as it starts, and sends it.
    const reopen = async () => {
      const store = await openSqlite({ path: t.config.dbPath });
      return { store, app: await otherServer(t, store) };
    };
    const next = await reopen();
    const [, sent] = await smtp.waitFor(2);
    assert.match(sent.mail.text ?? '', /Posted before the stop/);
    assert.ok(sent.mail.text?.includes(`#comment-${told.id}`));

    // A database from before 0014: replies posted (and published), no marker table. Made here
    // from this one: a reply is marked, then the table and the migration's record are dropped.
    t.clock.advance(16 * 60_000);
    await next.app.parley.replies.close();
    const old = await postAs({ ...t, app: next.app, store: next.store }, 'dave@example.net', { parent });
    await next.app.close();
    await next.store.close();
    const raw = new DatabaseSync(t.config.dbPath);
    assert.equal(raw.prepare('SELECT COUNT(*) AS n FROM mail_reply_pending').get()?.n, 1);
    raw.exec('DROP TABLE mail_reply_pending');
    raw.exec(`DELETE FROM kysely_migration WHERE name = '0014_mail_reply_watermark'`);
    raw.close();
    const migrated = await reopen();
    assert.deepEqual(migrated.store.applied, ['0014_mail_reply_watermark']);
    await until('the start-up run', async () => ((await migrated.app.parley.replies.run()) === 0 ? true : null));
    await migrated.app.parley.mailSender!.run();
    const rows = (await migrated.store.mailDataByEmail(anne, t.siteId)).outbox.filter((r) => r.kind === 'reply');
    assert.equal(rows.length, 1, 'only the reply told before');
    assert.ok(!rows.flatMap(repliesOf).some((r) => r.commentId === old.id));
    assert.equal(smtp.received.length, 2);
    await migrated.app.close();
    await migrated.store.close();
  } finally {
    rmSync(t.config.dataDir, { recursive: true, force: true });
    await smtp.close();
  }
});
