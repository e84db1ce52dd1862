// The webhook sender. It claims due deliveries for a while (a crash lets another server take
// them over when the claim runs out: at least once), signs each body with the endpoint's
// secret (and the previous one during a rotation's overlap), posts it, and records the
// outcome: delivered on a 2xx; otherwise retried later on a growing schedule with jitter, and
// failed after the last attempt. Receivers tell retries apart by the Parley-Delivery header.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { WebhookDeliveryRow, WebhookStore } from '../ports.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../webhooks/signature.ts';
import type { JobLog } from './scheduler.ts';

const MINUTE = 60_000;
/** Waits before the 2nd, 3rd … attempt: a receiver down for a deploy, an afternoon or a day is covered. */
export const RETRY_SCHEDULE_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE, 720 * MINUTE, 1440 * MINUTE];
/** The first attempt and one per wait above; then the delivery is failed (the dashboard can send it again). */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
const BATCH = 10;

/** The wait after `attempts` failed attempts, ±10 %, so that receivers back up are not all retried at once. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = RETRY_SCHEDULE_MS[Math.min(attempts, RETRY_SCHEDULE_MS.length) - 1] ?? MINUTE;
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** What came of one POST: the receiver's status, or why there was none (refused address, timeout, network). */
export type PostOutcome = { status: number | null; error: string | null };
/** The HTTP side (src/server/webhook-poster.ts): address checks, timeout, no redirects. */
export type WebhookPoster = (req: {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Aborted when the server shuts down: the attempt ends at once and is not counted. */
  signal?: AbortSignal;
}) => Promise<PostOutcome>;

export type WebhookSenderDeps = {
  store: WebhookStore;
  clock: Clock;
  post: WebhookPoster;
  /** How long a claim lasts: longer than an attempt can take. */
  claimMs: number;
  log: JobLog;
};

export class WebhookSender {
  readonly #d: WebhookSenderDeps;
  readonly #claimer = randomBytes(9).toString('base64url');
  #running: Promise<number> | null = null;
  #again = false;
  #closed = false;
  readonly #closing = new AbortController();
  constructor(deps: WebhookSenderDeps) {
    this.#d = deps;
  }

  /** Resolves once no run is going (the app waits for it before closing the database). */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /**
   * No new run starts, and attempts under way are cut short: shutdown does not wait for a slow
   * receiver. Those deliveries stay due, their attempt uncounted, for the next server to send.
   */
  close(): void {
    this.#closed = true;
    this.#closing.abort();
  }

  /** Sends what is due; a call while a run is going makes that run go round once more. Returns deliveries made. */
  run(): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let delivered = 0;
      do {
        this.#again = false;
        delivered += await this.#batch();
      } while (this.#again && !this.#closed);
      return delivered;
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #batch(): Promise<number> {
    const now = this.#d.clock.now();
    const rows = await this.#d.store.claimWebhooks(this.#claimer, now, now + this.#d.claimMs, BATCH);
    // One slow receiver must not hold up the others: a batch's attempts run side by side.
    const results = await Promise.all(
      rows.map((r) =>
        this.#deliver(r).catch((err) => {
          // A bug or a lost database: the claim runs out and the delivery is tried again later.
          this.#d.log.error({ err, job: 'webhooks', delivery: r.id }, 'sending a webhook failed');
          return false;
        }),
      ),
    );
    if (rows.length === BATCH) this.#again = true;
    return results.filter(Boolean).length;
  }

  async #deliver(row: WebhookDeliveryRow): Promise<boolean> {
    const { store, clock } = this.#d;
    const endpoint = await store.getWebhook(row.endpoint_id);
    if (!endpoint?.enabled) {
      await store.finishWebhook(row.id, { state: 'dropped', last_error: 'endpoint switched off' });
      return false;
    }
    const now = clock.now();
    const secrets = [endpoint.secret];
    if (endpoint.previous_secret && (endpoint.previous_until ?? 0) > now) secrets.push(endpoint.previous_secret);
    const outcome = await this.#d.post({
      url: endpoint.url,
      body: row.payload,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'parley-event': row.event_type,
        'parley-delivery': row.id,
        [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(now / 1000), row.payload),
      },
      signal: this.#closing.signal,
    });
    if (this.#closing.signal.aborted && outcome.status === null) {
      await store.finishWebhook(row.id, { last_error: 'interrupted by a shutdown' });
      return false;
    }
    const attempts = row.attempts + 1;
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const last_error = ok ? null : (outcome.error ?? `HTTP ${outcome.status}`).slice(0, 300);
    const done = clock.now();
    if (ok)
      await store.finishWebhook(row.id, {
        state: 'delivered',
        attempts,
        last_status: outcome.status,
        last_error,
        delivered_at: done,
      });
    else if (attempts >= MAX_ATTEMPTS)
      await store.finishWebhook(row.id, { state: 'failed', attempts, last_status: outcome.status, last_error });
    else
      await store.finishWebhook(row.id, {
        attempts,
        last_status: outcome.status,
        last_error,
        next_attempt_at: done + retryDelayMs(attempts),
      });
    // The endpoint by id: its URL may carry a token of the receiver's.
    this.#d.log.info(
      {
        job: 'webhooks',
        delivery: row.id,
        endpoint: endpoint.id,
        event: row.event_type,
        status: outcome.status,
        attempts,
      },
      ok ? 'webhook delivered' : 'webhook not accepted',
    );
    return ok;
  }
}
