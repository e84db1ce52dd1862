// Three app instances sharing one PostgreSQL database, linked by the cluster coordinator (as
// three servers are): comments posted to each, every sender working the outbox at once, and
// each event reaches the receiver exactly once — the claims skip rows another server holds,
// and events forwarded between servers are not queued again where they arrive.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { loadConfig } from '../../src/config/config.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { buildApp } from '../../src/server/app.ts';
import { openPostgres, type PostgresStore } from '../../src/store/dialects/postgres/open.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import { addDefaultSite } from '../helpers/app.ts';
import { freshPostgres } from '../helpers/postgres.ts';
import { startReceiver, verifyParley, type Receiver } from '../helpers/webhook-receiver.ts';

const COMMENTS = 30;

describe('webhooks from three servers on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  const stores: PostgresStore[] = [];
  const apps: FastifyInstance[] = [];
  let rx: Receiver;
  const siteId = newId();

  before(async () => {
    db = await freshPostgres();
    if (!db) return;
    rx = await startReceiver();
    const config = loadConfig({
      PARLEY_DATABASE_URL: db.url,
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_FLOOD_SECONDS: '0',
      PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat',
      PARLEY_WEBHOOKS_ALLOW_PRIVATE: 'true',
    });
    for (let i = 0; i < 3; i++) {
      const store = await openPostgres({ url: db.url, poolSize: 4 });
      stores.push(store);
      if (i === 0) await addDefaultSite(store, { id: siteId, name: 'Cluster news' });
      apps.push(
        await buildApp({
          config,
          store,
          clock: systemClock,
          secrets: await loadSecrets(store),
          render: renderComment,
          coordinator: store.createCoordinator(),
          logger: false,
          webhookPollMs: 0,
        }),
      );
    }
  });
  after(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    await rx?.close();
    await db?.drop();
  });

  test('each event is delivered once, whichever server queued it and however many send', async (t) => {
    if (!db) return t.skip('PostgreSQL unavailable');
    const { secret } = await apps[0].parley.webhooks.create(siteId, {
      url: rx.url,
      events: ['comment.created', 'comment.published'],
    });
    rx.answer = () => 200;
    const posted = await Promise.all(
      Array.from({ length: COMMENTS }, async (_, i) => {
        const res = await apps[i % 3].inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: `198.51.100.${i + 1}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({
            thread: 'https://news.example.com/2026/12/cluster-hooks',
            name: `Reader ${i}`,
            email: `reader${i}@example.com`,
            body: `Comment ${i} from server ${i % 3}.`,
          }),
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().id as string;
      }),
    );
    // Every server's sender at once, a few times over.
    for (let round = 0; round < 3; round++) await Promise.all(apps.map((a) => a.parley.webhookSender.run()));
    await rx.waitFor(2 * COMMENTS);
    await Promise.all(apps.map((a) => a.parley.webhookSender.run()));
    await new Promise((ok) => setTimeout(ok, 200));
    const got = rx.received;
    assert.equal(got.length, 2 * COMMENTS, 'each event once');
    const deliveries = new Set(got.map((r) => String(r.headers['parley-delivery'])));
    assert.equal(deliveries.size, 2 * COMMENTS);
    const seen = got.map((r) => {
      assert.ok(verifyParley(String(r.headers['parley-signature']), r.body, secret));
      const p = JSON.parse(r.body);
      return `${p.comment.id} ${p.type}`;
    });
    const expected = posted.flatMap((id) => [`${id} comment.created`, `${id} comment.published`]);
    assert.deepEqual(seen.sort(), expected.sort());
    const [hook] = await stores[0].webhooks(siteId);
    const log = await stores[0].webhookDeliveries(hook.id, 200);
    assert.equal(log.length, 2 * COMMENTS);
    assert.ok(log.every((d) => d.state === 'delivered' && d.attempts === 1));
  });
});
