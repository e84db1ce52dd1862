// Frozen in time: never import application code here, never edit after release.
// Ids are compared as bytes (COLLATE "C"): their order is their creation order, and a
// locale collation must not reorder them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)`.execute(db);
  await sql`CREATE TABLE sites (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    origins TEXT NOT NULL DEFAULT '[]',
    lang TEXT NOT NULL DEFAULT 'en',
    settings TEXT NOT NULL DEFAULT '{}',
    avatar_secret TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE threads (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    key TEXT NOT NULL,
    url TEXT,
    title TEXT,
    closed INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (site_id, key)
  )`.execute(db);
  await sql`CREATE TABLE comments (
    id TEXT COLLATE "C" PRIMARY KEY,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    thread_id TEXT COLLATE "C" NOT NULL REFERENCES threads(id),
    parent_id TEXT COLLATE "C" REFERENCES comments(id),
    root_id TEXT COLLATE "C",
    depth INTEGER NOT NULL,
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    author_website TEXT,
    avatar TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','approved','spam','deleted')),
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    edit_token_hash TEXT,
    ip_hash TEXT,
    user_agent TEXT,
    dedupe_key TEXT UNIQUE
  )`.execute(db);
  await sql`CREATE INDEX comments_thread_top ON comments (thread_id, depth, id)`.execute(db);
  await sql`CREATE INDEX comments_root ON comments (root_id, id) WHERE root_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX comments_site_ip ON comments (site_id, ip_hash, created_at)`.execute(db);
  await sql`CREATE INDEX comments_site_email ON comments (site_id, author_email, created_at)`.execute(db);
}
