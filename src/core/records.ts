// Stored records, as the service layer sees them. Times are integer ms since the epoch.
export type SiteRow = {
  id: string;
  name: string;
  origins: string; // JSON array of allowed origins
  lang: string;
  settings: string; // JSON object: per-site overrides of the install's defaults
  avatar_secret: string;
  is_default: number;
  created_at: number;
};

export type ThreadRow = {
  id: string;
  site_id: string;
  key: string;
  url: string | null;
  title: string | null;
  closed: number;
  comment_count: number;
  /** Bumped by every change visible on the thread's public pages: the ETag is made of it. */
  version: number;
  created_at: number;
};

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'deleted';

export type CommentRow = {
  id: string;
  site_id: string;
  thread_id: string;
  parent_id: string | null;
  root_id: string | null;
  depth: number;
  author_name: string;
  author_email: string;
  author_website: string | null;
  avatar: string;
  body: string;
  body_html: string;
  status: CommentStatus;
  created_at: number;
  edited_at: number | null;
  edit_token_hash: string | null;
  ip_hash: string | null;
  user_agent: string | null;
  dedupe_key: string | null;
  /** Keyed hash of the normalized text: finds the same comment posted across threads. */
  body_hash?: string | null;
};

export type SecretRow = { name: string; value: string };

/** The columns a public page needs: never the email, IP hash, user agent or raw body. */
export const PUBLIC_COLUMNS = ['id', 'parent_id', 'root_id', 'depth', 'author_name', 'author_website', 'avatar', 'body_html', 'status', 'created_at', 'edited_at'] as const;
export type PublicRow = Pick<CommentRow, (typeof PUBLIC_COLUMNS)[number]>;
