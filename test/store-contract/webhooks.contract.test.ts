// Part of the storage behaviour suite: webhook endpoints and the outbox of their deliveries,
// on every backend; concurrent claimers each get their own deliveries, never the same one.
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.ts';
import { newId } from '../../src/core/ids.ts';
import { purgeExpired, WEBHOOK_LOG_DAYS } from '../../src/core/jobs/retention.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const endpoint = (siteId: string, o: Partial<WebhookEndpointRow> = {}): WebhookEndpointRow => ({
  id: newId(),
  site_id: siteId,
  url: 'https://hooks.example.org/parley',
  events: ['comment.created', 'report.created'],
  secret: 'whsec_one',
  previous_secret: null,
  previous_until: null,
  enabled: true,
  created_at: 1_000,
  ...o,
});

const delivery = (e: WebhookEndpointRow, o: Partial<WebhookDeliveryRow> = {}): WebhookDeliveryRow => ({
  id: newId(),
  endpoint_id: e.id,
  site_id: e.site_id,
  event_id: newId(),
  event_type: 'comment.created',
  payload: '{"id":"x"}',
  attempts: 0,
  next_attempt_at: 1_000,
  state: 'queued',
  claimed_by: null,
  claimed_until: null,
  last_status: null,
  last_error: null,
  created_at: 1_000,
  delivered_at: null,
  ...o,
});

storeSuite('Webhooks', (s) => {
  s.it(
    'an endpoint is created, listed by site, changed (events, enabled, secrets) and deleted with its log',
    async () => {
      const site = await s.site();
      const other = await s.site();
      const a = endpoint(site);
      const b = endpoint(site, { created_at: 2_000, enabled: false, events: ['comment.spam'] });
      await s.store.createWebhook(a);
      await s.store.createWebhook(b);
      await s.store.createWebhook(endpoint(other));
      assert.deepEqual(await s.store.webhooks(site), [a, b]);
      assert.deepEqual(await s.store.getWebhook(b.id), b);
      assert.equal(
        await s.store.updateWebhook(a.id, {
          events: ['comment.deleted'],
          enabled: false,
          secret: 'whsec_two',
          previous_secret: 'whsec_one',
          previous_until: 9_000,
        }),
        true,
      );
      assert.deepEqual(await s.store.getWebhook(a.id), {
        ...a,
        events: ['comment.deleted'],
        enabled: false,
        secret: 'whsec_two',
        previous_secret: 'whsec_one',
        previous_until: 9_000,
      });
      assert.equal(await s.store.updateWebhook('nope', { enabled: true }), false);
      assert.equal(await s.store.updateWebhook(a.id, { url: undefined }), true);
      assert.equal(await s.store.updateWebhook('nope', {}), false);
      const d = delivery(a);
      await s.store.enqueueWebhooks([d]);
      assert.equal(await s.store.deleteWebhook(a.id), true);
      assert.equal(await s.store.getWebhook(a.id), undefined);
      assert.equal(await s.store.getWebhookDelivery(d.id), undefined);
      assert.equal(await s.store.deleteWebhook(a.id), false);
      assert.deepEqual(
        (await s.store.webhooks(site)).map((x) => x.id),
        [b.id],
      );
    },
  );

  s.it('an event is queued once per endpoint, claimed once, finished, and listed newest first', async () => {
    const site = await s.site();
    const e = endpoint(site);
    await s.store.createWebhook(e);
    const first = delivery(e, { created_at: 1_000, next_attempt_at: 1_000 });
    const second = delivery(e, { created_at: 1_500, next_attempt_at: 1_500 });
    assert.equal(await s.store.enqueueWebhooks([first, second]), 2);
    assert.equal(await s.store.enqueueWebhooks([{ ...first, id: newId() }]), 0);
    const claimA = (await s.store.claimWebhooks(`a-${site}`, 2_000, 60_000, 10)).filter((r) => r.site_id === site);
    assert.deepEqual(
      claimA.map((r) => r.id),
      [first.id, second.id],
    );
    assert.deepEqual(claimA[0], { ...first, claimed_by: `a-${site}`, claimed_until: 60_000 });
    const claimB = (await s.store.claimWebhooks(`b-${site}`, 2_000, 60_000, 10)).filter((r) => r.site_id === site);
    assert.deepEqual(claimB, []);
    await s.store.finishWebhook(first.id, { state: 'delivered', attempts: 1, last_status: 204, delivered_at: 2_500 });
    await s.store.finishWebhook(second.id, {
      attempts: 1,
      last_status: 500,
      last_error: 'HTTP 500',
      next_attempt_at: 70_000,
    });
    const done = (await s.store.getWebhookDelivery(first.id))!;
    assert.deepEqual(
      [done.state, done.attempts, done.last_status, done.delivered_at, done.claimed_by, done.claimed_until],
      ['delivered', 1, 204, 2_500, null, null],
    );
    // Let go of its claim, the retried one waits for its next attempt, not for the claim.
    assert.deepEqual(
      (await s.store.claimWebhooks(`c-${site}`, 3_000, 90_000, 10)).filter((r) => r.site_id === site),
      [],
    );
    assert.deepEqual(
      (await s.store.claimWebhooks(`c-${site}`, 70_000, 90_000, 10)).filter((r) => r.site_id === site).map((r) => r.id),
      [second.id],
    );
    assert.deepEqual(
      (await s.store.webhookDeliveries(e.id, 10)).map((r) => [r.id, r.last_status]),
      [
        [second.id, 500],
        [first.id, 204],
      ],
    );
    assert.equal((await s.store.webhookDeliveries(e.id, 1)).length, 1);
  });

  s.it('a claim that ran out is claimed again by another server', async () => {
    const site = await s.site();
    const e = endpoint(site);
    await s.store.createWebhook(e);
    const d = delivery(e, { next_attempt_at: 5_000 });
    await s.store.enqueueWebhooks([d]);
    const mine = async (claimer: string, now: number, until: number) =>
      (await s.store.claimWebhooks(claimer, now, until, 50)).some((r) => r.id === d.id);
    assert.equal(await mine(`a-${site}`, 5_000, 6_000), true);
    assert.equal(await mine(`b-${site}`, 5_500, 9_000), false);
    assert.equal(await mine(`b-${site}`, 7_000, 9_000), true);
  });

  s.it('concurrent claimers share the due deliveries without overlap', async () => {
    const site = await s.site();
    const e = endpoint(site);
    await s.store.createWebhook(e);
    const rows = Array.from({ length: 40 }, (_, i) => delivery(e, { next_attempt_at: 100_000 + i }));
    await s.store.enqueueWebhooks(rows);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => s.store.claimWebhooks(`w${i}-${site}`, 200_000, 300_000, 10)),
    );
    const ids = claims.flatMap((c) => c.filter((r) => r.site_id === site).map((r) => r.id));
    assert.equal(new Set(ids).size, ids.length, 'a delivery was claimed twice');
    assert.deepEqual([...ids].sort(), rows.map((r) => r.id).sort());
  });

  s.it('the log keeps queued deliveries and those of the last days; older finished ones are purged', async () => {
    const site = await s.site();
    const e = endpoint(site);
    await s.store.createWebhook(e);
    const old = delivery(e, { created_at: 1_000, state: 'delivered' });
    const oldFailed = delivery(e, { created_at: 1_000, state: 'failed' });
    const oldQueued = delivery(e, { created_at: 1_000, next_attempt_at: 10 ** 12 });
    const recent = delivery(e, { created_at: 50_000, state: 'delivered' });
    await s.store.enqueueWebhooks([old, oldFailed, oldQueued, recent]);
    assert.ok((await s.store.purgeWebhookDeliveries(10_000)) >= 2);
    assert.deepEqual(
      (await s.store.webhookDeliveries(e.id, 10)).map((r) => r.id).sort(),
      [oldQueued.id, recent.id].sort(),
    );
  });

  s.it('the hourly retention job purges the webhook log past 30 days', async () => {
    const site = await s.site();
    const e = endpoint(site);
    await s.store.createWebhook(e);
    const now = 100 * 86_400_000;
    const cutoff = now - WEBHOOK_LOG_DAYS * 86_400_000;
    const old = delivery(e, { created_at: cutoff - 1, state: 'failed' });
    const kept = delivery(e, { created_at: cutoff + 1, state: 'delivered' });
    await s.store.enqueueWebhooks([old, kept]);
    const purged = await purgeExpired(s.store, loadConfig({}), now, { compact: async () => 0 });
    assert.ok(purged.webhooks >= 1);
    assert.equal(await s.store.getWebhookDelivery(old.id), undefined);
    assert.equal((await s.store.getWebhookDelivery(kept.id))?.id, kept.id);
  });
});
