// Frozen in time. A sender finds the rows it has just claimed (and their digest siblings) by
// its claimer id: without an index that was two scans of the whole outbox, sent mail of the
// last 30 days included, on every run. Only claimed rows are in it, so queueing a mail (on the
// posting path) does not pay for it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX mail_outbox_claimed ON mail_outbox (claimed_by) WHERE claimed_by IS NOT NULL`.execute(db);
}
