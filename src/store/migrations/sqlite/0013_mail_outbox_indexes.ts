// Frozen in time. The outbox's indexes fitted to what reads it, and no more: every index is one
// more page written in the commit of each reply that queues a mail.
// - A sender finds the rows it has just claimed (and their digest siblings) by its claimer id:
//   without an index, two scans of the whole outbox (sent mail of 30 days) on every run. Only
//   claimed rows are in it, so queueing a mail does not pay for it.
// - (recipient, created_at) served every count by recipient, and every queued row paid for it.
//   It gives way to two partial ones: sent mails to one recipient in the last hour (the
//   sender's per-recipient limit; a row enters when it is sent, not when it is queued) and
//   confirmation requests to one address or from one network (the caps; the network's count
//   was a scan). A privacy export or erasure of one address now reads the outbox through.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX mail_outbox_claimed ON mail_outbox (claimed_by) WHERE claimed_by IS NOT NULL`.execute(db);
  await sql`DROP INDEX mail_outbox_recipient`.execute(db);
  await sql`CREATE INDEX mail_outbox_sent_to ON mail_outbox (recipient, sent_at) WHERE state = 'sent'`.execute(db);
  await sql`CREATE INDEX mail_outbox_confirm_to ON mail_outbox (recipient, created_at) WHERE kind = 'confirm'`.execute(
    db,
  );
  await sql`CREATE INDEX mail_outbox_confirm_from ON mail_outbox (ip_hash, created_at) WHERE kind = 'confirm'`.execute(
    db,
  );
}
