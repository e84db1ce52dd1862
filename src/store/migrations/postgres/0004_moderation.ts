// Frozen in time. Moderators: accounts and their sites, server-side sessions, the audit log of
// every moderator action, readers' reports and bans.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE users (
    id TEXT COLLATE "C" PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT
  )`.execute(db);
  // id is "user_id:site_id" (one-column keys copy simply between databases).
  await sql`CREATE TABLE memberships (
    id TEXT COLLATE "C" PRIMARY KEY,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX memberships_user ON memberships (user_id)`.execute(db);
  // The cookie holds the token; only its hash is stored.
  await sql`CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);
  await sql`CREATE TABLE audit_log (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    before TEXT,
    after TEXT,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX audit_log_site ON audit_log (site_id, id)`.execute(db);
  await sql`CREATE TABLE reports (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    comment_id TEXT COLLATE "C" NOT NULL REFERENCES comments(id),
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
    ip_hash TEXT,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT
  )`.execute(db);
  await sql`CREATE INDEX reports_open ON reports (site_id, resolved_at, comment_id)`.execute(db);
  await sql`CREATE TABLE bans (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL CHECK (kind IN ('email', 'domain', 'ip')),
    value TEXT NOT NULL,
    reason TEXT,
    until BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX bans_site ON bans (site_id, kind, value)`.execute(db);
  // Comments written by a moderator (shown with a badge), and moderators' edits of a reader's text.
  await sql`ALTER TABLE comments ADD COLUMN moderator INTEGER`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN moderator_edited_at BIGINT`.execute(db);
  // The moderation queues: a site's comments of one status, newest first.
  await sql`CREATE INDEX comments_site_status ON comments (site_id, status, id)`.execute(db);
  // A commenter's earlier comments (the trust check, their history in the queues). Without it,
  // a planner without statistics would read those through the status index above: every
  // approved comment of the site, for each comment posted.
  await sql`CREATE INDEX comments_site_author ON comments (site_id, author_email, author_name, status)`.execute(db);
}
