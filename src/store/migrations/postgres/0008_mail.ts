// Frozen in time. Readers' email notifications: the addresses that asked for them (confirmed
// once, by a link), what each follows, a durable outbox the sender works through, and the
// addresses a mail server refused for good. Keys are one text column, as elsewhere.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE mail_addresses (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    email TEXT COLLATE "C" NOT NULL,
    confirmed_at BIGINT,
    created_at BIGINT NOT NULL,
    active_at BIGINT NOT NULL,
    UNIQUE (site_id, email)
  )`.execute(db);
  await sql`CREATE INDEX mail_addresses_email ON mail_addresses (email)`.execute(db);
  await sql`CREATE TABLE mail_subscriptions (
    id TEXT COLLATE "C" PRIMARY KEY,
    address_id TEXT NOT NULL REFERENCES mail_addresses(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    comment_id TEXT,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX mail_subscriptions_address ON mail_subscriptions (address_id)`.execute(db);
  await sql`CREATE INDEX mail_subscriptions_thread ON mail_subscriptions (thread_id, comment_id)`.execute(db);
  await sql`CREATE TABLE mail_outbox (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT NOT NULL,
    recipient TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL,
    group_key TEXT,
    dedupe_key TEXT UNIQUE,
    data TEXT NOT NULL,
    ip_hash TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'merged', 'dropped')),
    claimed_by TEXT,
    claimed_until BIGINT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
  )`.execute(db);
  await sql`CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at)`.execute(db);
  await sql`CREATE INDEX mail_outbox_group ON mail_outbox (group_key, state)`.execute(db);
  await sql`CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient, created_at)`.execute(db);
  await sql`CREATE TABLE mail_suppressions (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT NOT NULL,
    email TEXT COLLATE "C" NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX mail_suppressions_site ON mail_suppressions (site_id, email)`.execute(db);
}
