// Frozen in time. Imports from other comment systems: which local thread or comment each of a
// source's ids became (so a second run adds nothing and an interrupted one resumes), a reply
// whose parent had not been read yet (linked once it is), when a comment was imported (its
// retention counts from then) and the source's id for an author who left no address (so a
// privacy request can find their comments).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE import_keys (
    site_id TEXT NOT NULL REFERENCES sites(id),
    format TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('thread', 'comment')),
    source_key TEXT COLLATE "C" NOT NULL,
    local_id TEXT NOT NULL,
    pending_parent TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, format, kind, source_key)
  )`.execute(db);
  await sql`CREATE INDEX import_keys_pending ON import_keys (site_id, format, source_key)
    WHERE pending_parent IS NOT NULL`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN imported_at BIGINT`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN author_key TEXT COLLATE "C"`.execute(db);
  await sql`CREATE INDEX comments_author_key ON comments (author_key) WHERE author_key IS NOT NULL`.execute(db);
}
