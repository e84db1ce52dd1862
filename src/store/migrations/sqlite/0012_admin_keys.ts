// Frozen in time. Admin keys: a site's admin API for machines (the WordPress plugin's move of
// its comments into Parley). SQLite cannot change a CHECK constraint in place, so the table is
// rebuilt with the wider list; nothing references api_keys by foreign key.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE api_keys_next (
    key_hash TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    site_id TEXT NOT NULL REFERENCES sites(id),
    scope TEXT NOT NULL CHECK (scope IN ('akismet', 'moderation', 'admin')),
    label TEXT,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  )`.execute(db);
  await sql`INSERT INTO api_keys_next (key_hash, prefix, site_id, scope, label, created_at, revoked_at)
    SELECT key_hash, prefix, site_id, scope, label, created_at, revoked_at FROM api_keys`.execute(db);
  await sql`DROP TABLE api_keys`.execute(db);
  await sql`ALTER TABLE api_keys_next RENAME TO api_keys`.execute(db);
}
