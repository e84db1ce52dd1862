// Frozen in time: never import application code here, never edit after release.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`.execute(db);
  await sql`CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    origins TEXT NOT NULL DEFAULT '[]',
    lang TEXT NOT NULL DEFAULT 'en',
    settings TEXT NOT NULL DEFAULT '{}',
    avatar_secret TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    key TEXT NOT NULL,
    url TEXT,
    title TEXT,
    closed INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (site_id, key)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id),
    thread_id TEXT NOT NULL REFERENCES threads(id),
    parent_id TEXT REFERENCES comments(id),
    root_id TEXT,
    depth INTEGER NOT NULL,
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    author_website TEXT,
    avatar TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','approved','spam','deleted')),
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    edit_token_hash TEXT,
    ip_hash TEXT,
    user_agent TEXT,
    dedupe_key TEXT UNIQUE
  ) STRICT`.execute(db);
  // First page of a thread: top-level comments in id (= time) order.
  await sql`CREATE INDEX comments_thread_top ON comments (thread_id, depth, id)`.execute(db);
  // Replies under a page's top-level comments, in order.
  await sql`CREATE INDEX comments_root ON comments (root_id, id) WHERE root_id IS NOT NULL`.execute(db);
  // Flood control looks up the latest comment by IP hash and by email.
  await sql`CREATE INDEX comments_site_ip ON comments (site_id, ip_hash, created_at)`.execute(db);
  await sql`CREATE INDEX comments_site_email ON comments (site_id, author_email, created_at)`.execute(db);
}
