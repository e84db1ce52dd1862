// Frozen in time. Moderators' email alerts: per account and site, how often they hear of held
// comments and of readers' reports (never, one mail each, an hourly or a daily digest). No row
// means never. id is "user_id:site_id" (one-column keys copy simply between databases).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE moderator_alerts (
    id TEXT COLLATE "C" PRIMARY KEY,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    held TEXT NOT NULL CHECK (held IN ('never', 'immediately', 'hourly', 'daily')),
    reports TEXT NOT NULL CHECK (reports IN ('never', 'immediately', 'hourly', 'daily')),
    updated_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX moderator_alerts_site ON moderator_alerts (site_id)`.execute(db);
}
