// Webhook endpoints and their deliveries. Deliveries are an outbox like the mail one: durable
// rows a sender claims for a while (a claim that runs out, its server gone, makes them due
// again), so each event reaches each endpoint at least once, and in practice once: PostgreSQL
// skips rows another server is claiming in the same instant, SQLite has a single writer.
import { sql } from 'kysely';
import type { WebhookDeliveryRow, WebhookEndpointRow, WebhookEvent } from '../../core/ports.ts';
import type { WebhookEndpointTable } from '../schema.ts';
import { num, stmt, type StoreContext } from './context.ts';

const nullable = (v: unknown): number | null => (v == null ? null : num(v));

/** A list of event names that is not one (hand-edited) follows nothing rather than failing reads. */
function events(text: string): WebhookEvent[] {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is WebhookEvent => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function endpointFromRow(r: WebhookEndpointTable): WebhookEndpointRow {
  return {
    ...r,
    events: events(r.events),
    enabled: num(r.enabled) === 1,
    previous_until: nullable(r.previous_until),
    created_at: num(r.created_at),
  };
}

function deliveryFromRow(r: WebhookDeliveryRow): WebhookDeliveryRow {
  return {
    ...r,
    attempts: num(r.attempts),
    next_attempt_at: num(r.next_attempt_at),
    claimed_until: nullable(r.claimed_until),
    last_status: nullable(r.last_status),
    created_at: num(r.created_at),
    delivered_at: nullable(r.delivered_at),
  };
}

export type WebhookPatch = Partial<
  Pick<WebhookEndpointRow, 'url' | 'events' | 'enabled' | 'secret' | 'previous_secret' | 'previous_until'>
>;
export type WebhookFinish = Partial<
  Pick<WebhookDeliveryRow, 'state' | 'attempts' | 'next_attempt_at' | 'last_status' | 'last_error' | 'delivered_at'>
>;

export class WebhookRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async createWebhook(row: WebhookEndpointRow): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('webhook_endpoints')
          .values({ ...row, events: JSON.stringify(row.events), enabled: row.enabled ? 1 : 0 }),
      ),
    ]);
  }

  /** A site's endpoints, oldest first. */
  async webhooks(siteId: string): Promise<WebhookEndpointRow[]> {
    const rows = await this.#db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('site_id', '=', siteId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(endpointFromRow);
  }

  async getWebhook(id: string): Promise<WebhookEndpointRow | undefined> {
    const r = await this.#db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return r && endpointFromRow(r);
  }

  /** False when there is no such endpoint. A patch of nothing changes nothing. */
  async updateWebhook(id: string, patch: WebhookPatch): Promise<boolean> {
    const { events: list, enabled, ...rest } = patch;
    const set = Object.fromEntries(
      Object.entries({
        ...rest,
        events: list === undefined ? undefined : JSON.stringify(list),
        enabled: enabled === undefined ? undefined : enabled ? 1 : 0,
      }).filter(([, v]) => v !== undefined),
    );
    if (!Object.keys(set).length) return (await this.getWebhook(id)) !== undefined;
    const [n] = await this.#ctx.changes('update webhook', [
      stmt(this.#db.updateTable('webhook_endpoints').set(set).where('id', '=', id)),
    ]);
    return n > 0;
  }

  /** Removes the endpoint with its deliveries (the log goes with it). */
  async deleteWebhook(id: string): Promise<boolean> {
    const [, n] = await this.#ctx.changes('delete webhook', [
      stmt(this.#db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id)),
      stmt(this.#db.deleteFrom('webhook_endpoints').where('id', '=', id)),
    ]);
    return n > 0;
  }

  /** Queues deliveries in one unit; an event already queued for an endpoint is skipped. Returns the rows added. */
  async enqueueWebhooks(rows: WebhookDeliveryRow[]): Promise<number> {
    if (!rows.length) return 0;
    const counts = await this.#ctx.changes(
      'enqueue webhooks',
      rows.map((row) =>
        stmt(
          this.#db
            .insertInto('webhook_deliveries')
            .values(row)
            .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing()),
        ),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Claims up to `limit` due deliveries for `claimer` until `until`, oldest due first. */
  async claimWebhooks(claimer: string, now: number, until: number, limit: number): Promise<WebhookDeliveryRow[]> {
    const lock = this.#ctx.backend === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
    const c = sql`UPDATE webhook_deliveries SET claimed_by = ${claimer}, claimed_until = ${until}
      WHERE id IN (SELECT id FROM webhook_deliveries WHERE state = 'queued' AND next_attempt_at <= ${now}
        AND (claimed_until IS NULL OR claimed_until < ${now}) ORDER BY next_attempt_at, id LIMIT ${limit}${lock})`.compile(
      this.#db,
    );
    await this.#ctx.changes('claim webhooks', [{ sql: c.sql, params: c.parameters }]);
    const rows = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('claimed_by', '=', claimer)
      .where('state', '=', 'queued')
      .where('claimed_until', '=', until)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .execute();
    return rows.map(deliveryFromRow);
  }

  /** Records an attempt's outcome (or a redelivery's request) and lets go of the claim. */
  async finishWebhook(id: string, patch: WebhookFinish): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .updateTable('webhook_deliveries')
          .set({ ...patch, claimed_by: null, claimed_until: null })
          .where('id', '=', id),
      ),
    ]);
  }

  /** An endpoint's latest deliveries, newest first. */
  async webhookDeliveries(endpointId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    const rows = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(deliveryFromRow);
  }

  async getWebhookDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    const r = await this.#db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return r && deliveryFromRow(r);
  }

  /** The log of deliveries done with (delivered, failed, dropped) created before `before`; returns the rows removed. */
  async purgeWebhookDeliveries(before: number): Promise<number> {
    const [n] = await this.#ctx.changes('purge webhooks', [
      stmt(this.#db.deleteFrom('webhook_deliveries').where('state', '!=', 'queued').where('created_at', '<', before)),
    ]);
    return n;
  }
}
