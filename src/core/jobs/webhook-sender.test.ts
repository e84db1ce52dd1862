// The sender's bookkeeping, over a fake outbox and a fake poster: the retry schedule and its
// jitter, the last attempt failing the delivery for good, and a switched-off endpoint's
// deliveries dropped unsent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../clock.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow, WebhookStore } from '../ports.ts';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_MS, retryDelayMs, WebhookSender, type PostOutcome } from './webhook-sender.ts';

const endpoint: WebhookEndpointRow = {
  id: 'e1',
  site_id: 's1',
  url: 'https://hooks.example.org/',
  events: ['comment.created'],
  secret: 'whsec_x',
  previous_secret: null,
  previous_until: null,
  enabled: true,
  created_at: 0,
};

function fakeOutbox(row: WebhookDeliveryRow, hook: WebhookEndpointRow) {
  const rows = [row];
  const store = {
    async claimWebhooks(_claimer: string, now: number) {
      return rows.filter((r) => r.state === 'queued' && r.next_attempt_at <= now).map((r) => ({ ...r }));
    },
    async finishWebhook(id: string, patch: Partial<WebhookDeliveryRow>) {
      Object.assign(rows.find((r) => r.id === id)!, patch);
    },
    async getWebhook() {
      return hook;
    },
  } as unknown as WebhookStore;
  return { store, row: rows[0] };
}

const delivery = (): WebhookDeliveryRow => ({
  id: 'd1',
  endpoint_id: 'e1',
  site_id: 's1',
  event_id: 'ev1',
  event_type: 'comment.created',
  payload: '{}',
  attempts: 0,
  next_attempt_at: 0,
  state: 'queued',
  claimed_by: null,
  claimed_until: null,
  last_status: null,
  last_error: null,
  created_at: 0,
  delivered_at: null,
});

const silent = { info() {}, error() {} };

test('waits grow from a minute to a day, within 10 % either way', () => {
  assert.deepEqual(
    RETRY_SCHEDULE_MS.map((_, i) => retryDelayMs(i + 1, () => 0.5)),
    [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000, 86_400_000],
  );
  assert.equal(
    retryDelayMs(1, () => 0),
    54_000,
  );
  assert.equal(
    retryDelayMs(1, () => 1),
    66_000,
  );
  assert.equal(
    retryDelayMs(40, () => 0.5),
    86_400_000,
  );
});

test('a receiver that keeps failing gets every attempt, then the delivery is failed', async () => {
  const clock = fakeClock(1_000_000);
  const { store, row } = fakeOutbox(delivery(), endpoint);
  const outcomes: PostOutcome[] = [
    { status: 502, error: null },
    { status: null, error: 'ECONNREFUSED: connect' },
  ];
  let posts = 0;
  const sender = new WebhookSender({
    store,
    clock,
    claimMs: 60_000,
    log: silent,
    post: async () => outcomes[posts++ % 2],
  });
  for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
    await sender.run();
    clock.advance(2 * 86_400_000);
  }
  assert.equal(posts, MAX_ATTEMPTS);
  assert.equal(row.state, 'failed');
  assert.equal(row.attempts, MAX_ATTEMPTS);
  assert.equal(row.last_error, 'HTTP 502');
  assert.equal(row.last_status, 502);
});

test('a switched-off endpoint’s deliveries are dropped unsent; a closed sender starts no run', async () => {
  const { store, row } = fakeOutbox(delivery(), { ...endpoint, enabled: false });
  let posts = 0;
  const post = async () => {
    posts++;
    return { status: 200, error: null };
  };
  const sender = new WebhookSender({ store, clock: fakeClock(1), claimMs: 1000, log: silent, post });
  await sender.run();
  assert.deepEqual([posts, row.state, row.last_error], [0, 'dropped', 'endpoint switched off']);
  const other = fakeOutbox(delivery(), endpoint);
  const closed = new WebhookSender({ store: other.store, clock: fakeClock(1), claimMs: 1000, log: silent, post });
  closed.close();
  assert.equal(await closed.run(), 0);
  assert.equal(posts, 0);
});
