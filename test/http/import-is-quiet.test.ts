// An import is not a post: comments brought in from another system tell nobody. A thread has a
// confirmed mail follower, the site a webhook endpoint for every comment event, and a reader
// holds the thread's live stream; a comment posted first reaches all three (the wiring works),
// then the same thread's history is imported, through the admin API's import (in the server,
// beside the event bus) and through the pipeline `parley import` runs: no outbox row, no
// webhook delivery, no live event follows.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiKeys } from '../../src/core/keys/api-keys.ts';
import { readerOf } from '../../src/import/formats/index.ts';
import { staffRequests } from '../helpers/admin-api.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { startReceiver, until, type Receiver } from '../helpers/webhook-receiver.ts';
import { importInto } from '../import/helpers.ts';
import { flush, link, mailEnv } from '../mail/mail-flow.ts';

const FOLLOWER = 'follower@example.org';
const EVENTS = ['comment.created', 'comment.published', 'comment.held', 'comment.spam', 'comment.deleted'];

/** A WordPress export of the test article: a published comment, a published reply, a held one. */
function wxr(idBase: number): string {
  const c = (id: number, parent: number, approved: string, text: string) => `
    <wp:comment>
      <wp:comment_id>${id}</wp:comment_id>
      <wp:comment_author><![CDATA[Old Reader ${id}]]></wp:comment_author>
      <wp:comment_author_email><![CDATA[old${id}@example.net]]></wp:comment_author_email>
      <wp:comment_author_url></wp:comment_author_url>
      <wp:comment_author_IP><![CDATA[192.0.2.${id % 250}]]></wp:comment_author_IP>
      <wp:comment_date><![CDATA[2026-10-01 10:0${id % 10}:00]]></wp:comment_date>
      <wp:comment_date_gmt><![CDATA[2026-10-01 08:0${id % 10}:00]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[${text}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved>
      <wp:comment_type><![CDATA[comment]]></wp:comment_type>
      <wp:comment_parent>${parent}</wp:comment_parent>
    </wp:comment>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Old blog</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old${idBase}.example.com</wp:base_site_url>
  <item>
    <title><![CDATA[France, Russia, Syria]]></title>
    <link>${ARTICLE}</link>
    <wp:post_id>7</wp:post_id>
    <wp:post_type><![CDATA[post]]></wp:post_type>${c(idBase + 1, 0, '1', 'Imported, published.')}${c(idBase + 2, idBase + 1, '1', 'Imported reply, published.')}${c(idBase + 3, 0, '0', 'Imported, held.')}
  </item>
</channel>
</rss>
`;
}

let smtp: TestSmtp;
let rx: Receiver;
let h: TestApp;
let stream: { text: () => string; close: () => void };

before(async () => {
  smtp = await startSmtp();
  rx = await startReceiver();
  h = await testApp(
    { ...mailEnv(smtp.url), PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true' },
    { build: { mailPollMs: 0, webhookPollMs: 0 } },
  );
  await staffSites(h);
  const { login, call } = staffRequests(() => h);
  const admin = await login('admin@example.com');
  const hook = await call(admin, 'POST', `/admin/api/sites/${h.siteId}/webhooks`, { url: rx.url, events: EVENTS });
  assert.equal(hook.statusCode, 201, hook.body);

  // The follower of the whole thread, confirmed.
  const follow = await h.app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    remoteAddress: '198.51.100.200',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(comment({ name: 'Follower', email: FOLLOWER, body: 'I follow this.', notify: 'thread' })),
  });
  assert.equal(follow.statusCode, 201, follow.body);
  await flush(h);
  const [confirm] = await smtp.waitFor(1);
  assert.equal((await h.app.inject({ method: 'POST', url: link(confirm, '/mail/confirm') })).statusCode, 200);

  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = h.app.server.address() as AddressInfo;
  const req = request({ host: '127.0.0.1', port, path: `/api/v1/stream?thread=${encodeURIComponent(ARTICLE)}` });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.setEncoding('utf8');
  let buffer = '';
  res.on('data', (chunk: string) => (buffer += chunk));
  await once(res, 'data');
  stream = { text: () => buffer, close: () => req.destroy() };
});
after(async () => {
  stream.close();
  await h.close();
  await rx.close();
  await smtp.close();
});

const outbox = async () => (await h.store.mailDataByEmail(FOLLOWER, h.siteId)).outbox.length;
const liveEvents = () => stream.text().match(/^event: comment$/gm)?.length ?? 0;

test('a post reaches the follower, the webhook and the stream; an import reaches none of them', async () => {
  // The wiring: a comment posted by another reader is told all three ways.
  const mailsBefore = await outbox();
  const posted = await h.app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    remoteAddress: '198.51.100.201',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(comment({ name: 'Poster', email: 'poster@example.org', body: 'A new comment.' })),
  });
  assert.equal(posted.statusCode, 201, posted.body);
  await flush(h);
  await until('the follower is told', async () => ((await outbox()) > mailsBefore ? true : undefined));
  await rx.waitFor(2); // comment.created and comment.published
  await until('the live event', async () => (liveEvents() === 1 ? true : undefined));

  const mails = await outbox();
  const deliveries = rx.received.length;
  const threadPage = async () =>
    (await h.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}&site=${h.siteId}` })).json();
  const countBefore = (await threadPage()).thread.count;

  // The admin API's import, in the server.
  const key = (await new ApiKeys(h.store, h.clock).create(h.siteId, 'admin', 'wordpress')).key;
  const viaApi = await h.app.inject({
    method: 'POST',
    url: `/api/v1/admin/sites/${h.siteId}/import?format=wxr`,
    headers: { 'content-type': 'application/xml; charset=utf-8', authorization: `Bearer ${key}` },
    payload: wxr(100),
  });
  assert.equal(viaApi.statusCode, 200, viaApi.body);
  assert.equal(viaApi.json().comments.imported, 3);

  // The command's pipeline, on the same database.
  const file = join(String(h.config.dataDir), 'old.wxr');
  writeFileSync(file, wxr(200));
  const site = (await h.store.getSite(h.siteId))!;
  const report = await importInto(h.store, h.clock, site, await readerOf('wxr')!(file, {}));
  assert.equal(report.comments.added, 3);
  assert.equal((await threadPage()).thread.count, countBefore + 4, 'the imported comments are in the thread');

  // Whatever would be told is given its chance to go out.
  await flush(h);
  await h.app.parley.webhookSender.run();
  await new Promise((ok) => setTimeout(ok, 100));
  assert.equal(await outbox(), mails, 'no mail queued for the follower');
  assert.equal(rx.received.length, deliveries, 'no webhook delivered');
  const [endpoint] = await h.store.webhooks(h.siteId);
  assert.equal((await h.store.webhookDeliveries(endpoint.id, 100)).length, deliveries, 'no webhook delivery queued');
  assert.equal(liveEvents(), 1, 'no live event');
  assert.equal(stream.text().includes('Imported'), false);
});
