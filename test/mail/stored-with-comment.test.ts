// A reply published as it is posted carries its followers' reply emails into its own write
// unit: they are in the outbox when the POST answers, the published event does not queue them
// again, and when the followers cannot be read the event's listener queues them as before.
// Comments approved later (by a moderator) keep the event path: test/mail/notifications.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, login, staffSites } from '../helpers/admin-session.ts';
import { sleep, until } from '../helpers/streams.ts';
import { postAs, withConfirmedFollower } from './mail-flow.ts';

test('a published reply stores its mail with it; a failed follower read leaves it to the event', async (t) => {
  const { app, follower: anne, parent } = await withConfirmedFollower(t);

  const queuedApart: number[] = [];
  const enqueueMails = app.store.enqueueMails.bind(app.store);
  app.store.enqueueMails = (rows) => {
    queuedApart.push(rows.length);
    return enqueueMails(rows);
  };
  const replies = async () =>
    (await app.store.mailDataByEmail(anne, app.siteId)).outbox.filter((r) => r.kind === 'reply');

  const first = await postAs(app, 'carol@example.net', { parent, body: 'The buses leave from the east side.' });
  assert.equal(first.status, 'published');
  // In the outbox as the POST answers: written with the comment, not by a listener after it.
  const [row] = await replies();
  assert.equal(row?.data.commentId, first.id);
  assert.equal(row.data.toMe, true);
  assert.equal(row.group_key, `${row.data.addressId}:${row.data.threadId}`);
  await sleep(50);
  assert.deepEqual(queuedApart, [], 'the published event queued nothing more');
  assert.equal((await replies()).length, 1);

  // The followers cannot be read while posting: the post goes through, the event queues the mail.
  const mailFollowers = app.store.mailFollowers.bind(app.store);
  let failures = 1;
  app.store.mailFollowers = (...args) =>
    failures-- > 0 ? Promise.reject(new Error('read failed')) : mailFollowers(...args);
  const second = await postAs(app, 'dave@example.net', { parent, body: 'And on Sunday every half hour.' });
  assert.equal(second.status, 'published');
  await until('the second reply queued by the event', async () =>
    (await replies()).some((r) => r.data.commentId === second.id) ? true : null,
  );
  assert.deepEqual(queuedApart, [1]);

  // Anne's own reply in the thread she follows tells nobody.
  const own = await postAs(app, anne, { parent, body: 'Thanks, both of you.' });
  assert.equal(own.status, 'published');
  await sleep(50);
  assert.equal((await replies()).length, 2);

  // A moderator's reply is published at once too: its mail is stored with it.
  await staffSites(app);
  const admin = await login(app, 'admin@example.com');
  const res = await call(app, admin, 'POST', `/admin/api/sites/${app.siteId}/comments/${parent}/replies`, {
    body: 'The desk confirms: from the east side.',
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().comment.id;
  assert.ok((await replies()).some((r) => r.data.commentId === id && r.data.toMe === true));
  await sleep(50);
  assert.deepEqual(queuedApart, [1], 'nor for a moderator’s reply');
});
