// Frozen in time. Which published comments still have to be told to their followers: a reply no
// longer writes its followers' outbox rows in its own commit (an outbox row and its indexes were
// most of what mail added to a post); it leaves its id here, one small row, and the notifier
// (src/core/mail/reply-notifier.ts) turns a batch of ids into outbox rows, one per digest, in
// the commit that deletes them. A marker rather than a watermark over comment ids or times:
// neither is in commit order on PostgreSQL (a transaction that took an earlier id may commit
// after a scan moved past it), and a reply approved later needs a mark of its own anyway.
// Comments published before this migration have no marker, so they mail nobody now.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE mail_reply_pending (comment_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID`.execute(db);
}
