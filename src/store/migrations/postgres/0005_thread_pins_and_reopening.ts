// Frozen in time. Pinned comments live on their thread, as a JSON array of comment ids in pin
// order: the thread row is already read with every page, so a thread without pins costs
// nothing more, and one with pins costs a lookup of at most three comments. A thread reopened
// by a moderator remembers when, so a site's "close after N days" counts from then.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE threads ADD COLUMN pinned TEXT`.execute(db);
  await sql`ALTER TABLE threads ADD COLUMN reopened_at BIGINT`.execute(db);
}
