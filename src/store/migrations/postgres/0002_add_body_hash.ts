// Frozen in time. The spam checks look for the same text posted again across threads.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE comments ADD COLUMN body_hash TEXT`.execute(db);
  await sql`CREATE INDEX comments_site_body ON comments (site_id, body_hash, created_at)`.execute(db);
}
