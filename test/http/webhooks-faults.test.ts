// Webhooks where things go wrong, on SQLite: private addresses refused without
// PARLEY_WEBHOOKS_ALLOW_PRIVATE (when an endpoint is added, and at delivery for a name that
// resolves to one), a shutdown that does not wait for a silent receiver, and deliveries pending
// at a restart sent when the server is back, an endpoint deleted by another server, and the
// server log, which never shows a secret.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import type { WebhookDeliveryView } from '../../src/contracts/webhooks.ts';
import { newId } from '../../src/core/ids.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { buildApp, loggerOptions } from '../../src/server/app.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import { staffRequests } from '../helpers/admin-api.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { postAs, startReceiver, until, verifyParley, type Receiver } from '../helpers/webhook-receiver.ts';

const MINUTE = 60_000;
type Delivery = WebhookDeliveryView;

describe('webhooks to private addresses, without PARLEY_WEBHOOKS_ALLOW_PRIVATE', () => {
  let t: TestApp;
  let rx: Receiver;
  const { login, call } = staffRequests(() => t);
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { build: { webhookPollMs: 0 } });
    await staffSites(t);
    rx = await startReceiver();
  });
  after(async () => {
    await rx.close();
    await t.close();
  });

  test('an address is refused when the endpoint is added, and a name resolving to one at delivery', async () => {
    const admin = await login('admin@example.com');
    const hooks = `/admin/api/sites/${t.siteId}/webhooks`;
    for (const url of [
      rx.url,
      'http://[::1]/x',
      'http://10.0.0.5/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:127.0.0.1]/x',
      'http://0.0.0.0:8080/',
    ]) {
      const res = await call(admin, 'POST', hooks, { url, events: ['comment.created'] });
      assert.equal(res.statusCode, 422, url);
      assert.equal(res.json().error.fields.url.code, 'PRIVATE_ADDRESS', url);
      assert.match(res.json().error.fields.url.message, /private, loopback or link-local/);
    }
    const created = await call(admin, 'POST', hooks, {
      url: `http://localhost:${rx.port}/x`,
      events: ['comment.created'],
    });
    assert.equal(created.statusCode, 201, created.body);
    await postAs(t, 1, 'Sent nowhere.');
    const d = await until('the refused attempt logged', async () => {
      const [x] = (await call(admin, 'GET', `${hooks}/${created.json().endpoint.id}/deliveries`)).json().deliveries;
      return x?.attempts === 1 ? (x as Delivery) : undefined;
    });
    assert.match(d.lastError ?? '', /^refused: localhost resolves to a private or reserved address/);
    assert.equal(d.lastStatus, null);
    assert.equal(rx.received.length, 0);
  });
});

describe('deliveries pending at a restart', () => {
  test('shutdown does not wait for a receiver that never answers; the attempt is not counted', async () => {
    const rx = await startReceiver();
    rx.answer = () => 'hang';
    const t = await testApp(
      { PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true', PARLEY_WEBHOOK_TIMEOUT_SECONDS: '60' },
      { build: { webhookPollMs: 0 } },
    );
    try {
      await t.app.parley.webhooks.create(t.siteId, { url: rx.url, events: ['comment.created'] });
      await postAs(t, 1, 'Posted just before a deploy.');
      await rx.waitFor(1);
      const started = Date.now();
      await t.app.close();
      const took = Date.now() - started;
      assert.ok(took < 3000, `close took ${took} ms`);
      const [hook] = await t.store.webhooks(t.siteId);
      const [d] = await t.store.webhookDeliveries(hook.id, 1);
      assert.deepEqual([d.state, d.attempts, d.last_error], ['queued', 0, 'interrupted by a shutdown']);
    } finally {
      await rx.close();
      await t.close();
    }
  });

  test('go out when the server starts again, from the rows it left', async () => {
    const rx = await startReceiver();
    rx.answer = () => 503;
    const t = await testApp(
      { PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true' },
      { build: { webhookPollMs: 0 } },
    );
    try {
      const { secret } = await t.app.parley.webhooks.create(t.siteId, { url: rx.url, events: ['comment.created'] });
      const posted = await postAs(t, 1, 'Waiting out a restart.');
      await rx.waitFor(1);
      await until('the failed attempt recorded', async () => {
        const [hook] = await t.store.webhooks(t.siteId);
        const [d] = await t.store.webhookDeliveries(hook.id, 1);
        return d?.attempts === 1 ? d : undefined;
      });
      await t.app.close();
      rx.answer = () => 204;
      t.clock.advance(3 * MINUTE);
      const app = await buildApp({
        config: t.config,
        store: t.store,
        clock: t.clock,
        secrets: await loadSecrets(t.store),
        render: renderComment,
        logger: false,
        webhookPollMs: 0,
      });
      try {
        const [, second] = await rx.waitFor(2);
        assert.ok(verifyParley(String(second.headers['parley-signature']), second.body, secret, t.clock.now() / 1000));
        assert.equal(JSON.parse(second.body).comment.id, posted.id);
        assert.equal(second.headers['parley-delivery'], rx.received[0].headers['parley-delivery']);
      } finally {
        await app.close();
      }
    } finally {
      await rx.close();
      await t.close();
    }
  });
});

describe('webhooks in the server log', () => {
  test('at trace level no line carries a secret, the endpoint’s URL or the commenter', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const rx = await startReceiver();
    const t = await testApp(
      { PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true' },
      { logger: { ...loggerOptions('trace'), stream }, build: { webhookPollMs: 0 } },
    );
    try {
      await staffSites(t);
      const { login, call } = staffRequests(() => t);
      const admin = await login('admin@example.com');
      const hooks = `/admin/api/sites/${t.siteId}/webhooks`;
      const url = `${rx.url}?token=RECEIVER-TOKEN-123`;
      const created = await call(admin, 'POST', hooks, { url, events: ['comment.created'] });
      assert.equal(created.statusCode, 201);
      const rotated = await call(admin, 'POST', `${hooks}/${created.json().endpoint.id}/rotate`);
      await postAs(t, 1, 'Logged by id only.');
      await rx.waitFor(1);
      await until('the delivery logged', async () =>
        lines.some((l) => l.includes('webhook delivered')) ? true : undefined,
      );
      const all = lines.join('');
      for (const s of [created.json().secret, rotated.json().secret, 'RECEIVER-TOKEN-123', 'reader1@example.com'])
        assert.ok(!all.includes(s), `"${s}" logged`);
      assert.match(all, /"event":"comment.created"/);
    } finally {
      await rx.close();
      await t.close();
    }
  });
});

describe('endpoints changed by another server', () => {
  test('a deleted endpoint this server still remembers does not stop the others’ deliveries', async () => {
    const rx = await startReceiver();
    const t = await testApp(
      { PARLEY_FLOOD_SECONDS: '0', PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true' },
      { build: { webhookPollMs: 0 } },
    );
    try {
      const hooks = t.app.parley.webhooks;
      const first = await hooks.create(t.siteId, { url: `${rx.url}?first`, events: ['comment.created'] });
      await postAs(t, 1, 'Remembered endpoints.');
      await rx.waitFor(1);
      // Another server deletes that endpoint and adds one: this server's memory is stale.
      await t.store.deleteWebhook(first.endpoint.id);
      await t.store.createWebhook({
        id: newId(),
        site_id: t.siteId,
        url: `${rx.url}?second`,
        events: ['comment.created'],
        secret: 'whsec_from_elsewhere',
        previous_secret: null,
        previous_until: null,
        enabled: true,
        created_at: t.clock.now(),
      });
      t.clock.advance(1000);
      await postAs(t, 2, 'Read afresh.');
      const [, second] = await rx.waitFor(2);
      assert.ok(
        verifyParley(
          String(second.headers['parley-signature']),
          second.body,
          'whsec_from_elsewhere',
          t.clock.now() / 1000,
        ),
      );
      await new Promise((ok) => setTimeout(ok, 100));
      assert.equal(rx.received.length, 2);
    } finally {
      await rx.close();
      await t.close();
    }
  });
});
