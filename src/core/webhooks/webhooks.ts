// A site's webhooks: its admins add endpoints (a URL and the events it follows), rotate their
// secrets, switch them off, read the delivery log and ask for a delivery again; and each step
// of a comment's life that an endpoint follows becomes a delivery row, stored before the
// request that caused it is answered. The sender (../jobs/webhook-sender.ts) works the rows off.
import {
  WEBHOOK_EVENTS,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEvent,
  type WebhookSecretView,
} from '../../contracts/webhooks.ts';
import type { Clock } from '../clock.ts';
import { FieldErrors } from '../comments/validate-comment.ts';
import { AppError } from '../errors.ts';
import type { CommentLifecycle } from '../events.ts';
import { newId } from '../ids.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow, WebhookStore } from '../ports.ts';
import { isRefusedAddress, literalAddress } from './addresses.ts';
import { webhookPayload } from './payload.ts';
import { newWebhookSecret } from './signature.ts';

/** How long the previous secret keeps signing after a rotation: a day to deploy the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;
/** Endpoints per site: enough for a newsroom's tools, few enough that one comment stays cheap. */
export const MAX_ENDPOINTS = 20;
const MAX_URL = 2000;
/**
 * How long a site's endpoints are remembered between lifecycle steps: every post asks, and most
 * sites have none. Changes made on this server apply at once; on the others of a cluster, within this.
 */
export const ENDPOINTS_MEMO_MS = 5000;
const LOG_MAX = 200;

export type WebhookInput = { url?: unknown; events?: unknown; enabled?: unknown };

export type WebhooksDeps = {
  store: WebhookStore;
  clock: Clock;
  /** PARLEY_WEBHOOKS_ALLOW_PRIVATE: endpoints on private, loopback and link-local addresses are allowed. */
  allowPrivate: boolean;
  /** Asks the sender to look at the outbox now. */
  kick(): void;
};

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function endpointView(e: WebhookEndpointRow, now: number): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    enabled: e.enabled,
    createdAt: new Date(e.created_at).toISOString(),
    previousSecretUntil: e.previous_secret && e.previous_until && e.previous_until > now ? iso(e.previous_until) : null,
  };
}

export function deliveryView(d: WebhookDeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.event_id,
    type: d.event_type,
    state: d.state,
    attempts: d.attempts,
    lastStatus: d.last_status,
    lastError: d.last_error,
    createdAt: new Date(d.created_at).toISOString(),
    deliveredAt: iso(d.delivered_at),
    nextAttemptAt: d.state === 'queued' ? iso(d.next_attempt_at) : null,
  };
}

export class Webhooks {
  readonly #d: WebhooksDeps;
  readonly #memo = new Map<string, { at: number; rows: WebhookEndpointRow[] }>();
  constructor(deps: WebhooksDeps) {
    this.#d = deps;
  }

  async list(siteId: string): Promise<WebhookEndpointView[]> {
    const now = this.#d.clock.now();
    return (await this.#d.store.webhooks(siteId)).map((e) => endpointView(e, now));
  }

  /** A new endpoint; its secret is in this answer and never again. */
  async create(siteId: string, input: WebhookInput): Promise<WebhookSecretView> {
    const errors = new FieldErrors('en');
    const url = this.#url(errors, input.url);
    const events = eventList(errors, input.events);
    const enabled = input.enabled === undefined ? true : flag(errors, input.enabled);
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    const existing = await this.#d.store.webhooks(siteId);
    if (existing.length >= MAX_ENDPOINTS) {
      errors.add('url', 'INVALID_VALUE');
      throw new AppError('VALIDATION', { fields: errors.fields, params: { limit: MAX_ENDPOINTS } });
    }
    const now = this.#d.clock.now();
    const row: WebhookEndpointRow = {
      id: newId(now),
      site_id: siteId,
      url: url!,
      events: events!,
      secret: newWebhookSecret(),
      previous_secret: null,
      previous_until: null,
      enabled: enabled!,
      created_at: now,
    };
    await this.#d.store.createWebhook(row);
    this.#memo.delete(siteId);
    return { endpoint: endpointView(row, now), secret: row.secret };
  }

  async update(siteId: string, id: string, input: WebhookInput): Promise<WebhookEndpointView> {
    const endpoint = await this.#own(siteId, id);
    const errors = new FieldErrors('en');
    const url = input.url === undefined ? undefined : this.#url(errors, input.url);
    const events = input.events === undefined ? undefined : eventList(errors, input.events);
    const enabled = input.enabled === undefined ? undefined : flag(errors, input.enabled);
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    await this.#d.store.updateWebhook(id, { url, events, enabled });
    this.#memo.delete(siteId);
    return endpointView(
      {
        ...endpoint,
        ...(url ? { url } : {}),
        ...(events ? { events } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      },
      this.#d.clock.now(),
    );
  }

  /** A new secret, answered once; the current one keeps signing beside it for a day. */
  async rotate(siteId: string, id: string): Promise<WebhookSecretView> {
    const endpoint = await this.#own(siteId, id);
    const now = this.#d.clock.now();
    const patch = {
      secret: newWebhookSecret(),
      previous_secret: endpoint.secret,
      previous_until: now + ROTATION_OVERLAP_MS,
    };
    await this.#d.store.updateWebhook(id, patch);
    this.#memo.delete(siteId);
    return { endpoint: endpointView({ ...endpoint, ...patch }, now), secret: patch.secret };
  }

  async remove(siteId: string, id: string): Promise<WebhookEndpointRow> {
    const endpoint = await this.#own(siteId, id);
    await this.#d.store.deleteWebhook(id);
    this.#memo.delete(siteId);
    return endpoint;
  }

  async deliveries(siteId: string, id: string, limit: number): Promise<WebhookDeliveryView[]> {
    await this.#own(siteId, id);
    return (await this.#d.store.webhookDeliveries(id, Math.min(limit, LOG_MAX))).map(deliveryView);
  }

  /** Sends a delivery again (the same id and body, freshly signed), now, whatever came of it before. */
  async redeliver(siteId: string, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.#own(siteId, id);
    const d = await this.#d.store.getWebhookDelivery(deliveryId);
    if (!d || d.endpoint_id !== id) throw new AppError('NOT_FOUND');
    const now = this.#d.clock.now();
    await this.#d.store.finishWebhook(deliveryId, { state: 'queued', next_attempt_at: now, delivered_at: null });
    this.#d.kick();
    return deliveryView({ ...d, state: 'queued', next_attempt_at: now, delivered_at: null });
  }

  /**
   * Queues lifecycle steps for every enabled endpoint of their site that follows them, in one
   * write. Steps other servers announce (`remote`) were queued by the server where they happened.
   */
  async record(steps: CommentLifecycle[]): Promise<number> {
    try {
      return await this.#queue(steps);
    } catch (err) {
      // An endpoint remembered here may have been deleted on another server since (its rows
      // would break the foreign key): once more, with the endpoints read afresh.
      for (const e of steps) this.#memo.delete(e.siteId);
      return this.#queue(steps).catch(() => Promise.reject(err));
    }
  }

  async #queue(steps: CommentLifecycle[]): Promise<number> {
    const now = this.#d.clock.now();
    const rows: WebhookDeliveryRow[] = [];
    for (const e of steps) {
      if (e.remote) continue;
      const endpoints = (await this.#endpoints(e.siteId)).filter((x) => x.enabled && x.events.includes(e.type));
      if (!endpoints.length) continue;
      const comment = await this.#d.store.getComment(e.commentId);
      if (!comment || comment.site_id !== e.siteId) continue;
      const thread = await this.#d.store.getThread(comment.thread_id);
      const eventId = newId(now);
      const payload = JSON.stringify(
        webhookPayload({ id: eventId, type: e.type, at: now, comment, thread, reportReason: e.reportReason }),
      );
      for (const x of endpoints) rows.push(newDelivery(x, e.siteId, eventId, e.type, payload, now));
    }
    const added = await this.#d.store.enqueueWebhooks(rows);
    if (added) this.#d.kick();
    return added;
  }

  async #endpoints(siteId: string): Promise<WebhookEndpointRow[]> {
    const now = this.#d.clock.now();
    const memo = this.#memo.get(siteId);
    if (memo && now - memo.at < ENDPOINTS_MEMO_MS && now >= memo.at) return memo.rows;
    const rows = await this.#d.store.webhooks(siteId);
    this.#memo.set(siteId, { at: now, rows });
    return rows;
  }

  /** The site's endpoint, or 404 (another site's is as good as none). */
  async #own(siteId: string, id: string): Promise<WebhookEndpointRow> {
    const e = await this.#d.store.getWebhook(id);
    if (!e || e.site_id !== siteId) throw new AppError('NOT_FOUND');
    return e;
  }

  #url(errors: FieldErrors, raw: unknown): string | undefined {
    if (raw === undefined || raw === null || raw === '') return void errors.add('url', 'REQUIRED');
    if (typeof raw !== 'string') return void errors.add('url', 'INVALID_TYPE');
    const text = raw.trim();
    if (text.length > MAX_URL) return void errors.add('url', 'TOO_LONG', MAX_URL);
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      return void errors.add('url', 'INVALID_URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return void errors.add('url', 'URL_SCHEME');
    // Credentials in the URL would be shown in the dashboard and sent in clear on http.
    if (u.username || u.password || !u.hostname) return void errors.add('url', 'INVALID_URL');
    // Names are checked at each delivery, when they are resolved: what a name points to can change.
    const literal = literalAddress(u.hostname);
    if (literal && !this.#d.allowPrivate && isRefusedAddress(literal)) return void errors.add('url', 'PRIVATE_ADDRESS');
    return u.toString();
  }
}

function newDelivery(
  endpoint: WebhookEndpointRow,
  siteId: string,
  eventId: string,
  type: WebhookEvent,
  payload: string,
  now: number,
): WebhookDeliveryRow {
  return {
    id: newId(now),
    endpoint_id: endpoint.id,
    site_id: siteId,
    event_id: eventId,
    event_type: type,
    payload,
    attempts: 0,
    next_attempt_at: now,
    state: 'queued',
    claimed_by: null,
    claimed_until: null,
    last_status: null,
    last_error: null,
    created_at: now,
    delivered_at: null,
  };
}

function eventList(errors: FieldErrors, raw: unknown): WebhookEvent[] | undefined {
  if (!Array.isArray(raw)) return void errors.add('events', raw === undefined ? 'REQUIRED' : 'INVALID_TYPE');
  if (!raw.length) return void errors.add('events', 'REQUIRED');
  if (!raw.every((x): x is WebhookEvent => (WEBHOOK_EVENTS as readonly unknown[]).includes(x)))
    return void errors.add('events', 'INVALID_VALUE');
  return WEBHOOK_EVENTS.filter((x) => raw.includes(x));
}

function flag(errors: FieldErrors, raw: unknown): boolean | undefined {
  if (typeof raw !== 'boolean') return void errors.add('enabled', 'INVALID_TYPE');
  return raw;
}
