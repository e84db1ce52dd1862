// Frozen in time. Webhooks: a site's endpoints (with the secrets that sign their deliveries, the
// previous one kept through a rotation's overlap) and the deliveries, one row per event and
// endpoint, which senders claim, retry and finally mark delivered or failed; the log the
// dashboard shows is these rows, kept 30 days.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_until BIGINT,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX webhook_endpoints_site ON webhook_endpoints (site_id)`.execute(db);
  await sql`CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'failed', 'dropped')),
    claimed_by TEXT,
    claimed_until BIGINT,
    last_status INTEGER,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT,
    UNIQUE (endpoint_id, event_id)
  )`.execute(db);
  await sql`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)`.execute(db);
  await sql`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at)`.execute(db);
}
