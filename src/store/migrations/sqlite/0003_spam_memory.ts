// Frozen in time. What the spam engine keeps: each comment's score and reasons, a bounded log
// of discarded comments, the moderators' corrections and each site's learned layer, and the
// keys of the Akismet-compatible and moderation APIs (stored hashed) with their usage.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE comments ADD COLUMN spam_score REAL`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN spam_reasons TEXT`.execute(db);
  await sql`CREATE TABLE spam_discards (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    source TEXT NOT NULL,
    thread_key TEXT,
    author_name TEXT,
    author_email TEXT,
    author_website TEXT,
    body TEXT NOT NULL,
    ip_hash TEXT,
    user_agent TEXT,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX spam_discards_site ON spam_discards (site_id, id)`.execute(db);
  await sql`CREATE TABLE spam_corrections (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    label INTEGER NOT NULL CHECK (label IN (0, 1)),
    text TEXT NOT NULL,
    extras TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL,
    comment_id TEXT,
    author_email TEXT,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX spam_corrections_site ON spam_corrections (site_id, id)`.execute(db);
  await sql`CREATE TABLE spam_layers (
    site_id TEXT PRIMARY KEY REFERENCES sites(id),
    layer TEXT NOT NULL,
    through_id TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE api_keys (
    key_hash TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    site_id TEXT NOT NULL REFERENCES sites(id),
    scope TEXT NOT NULL CHECK (scope IN ('akismet', 'moderation')),
    label TEXT,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  )`.execute(db);
  // One row per key and month; id is "YYYY-MM:key_hash" (one-column keys copy simply).
  await sql`CREATE TABLE api_usage (
    id TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL,
    month TEXT NOT NULL,
    calls BIGINT NOT NULL DEFAULT 0
  )`.execute(db);
}
