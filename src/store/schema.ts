// Kysely's view of the tables, shared by the SQLite and PostgreSQL implementations.
import type { CommentRow, SecretRow, SiteRow, ThreadRow } from '../core/records.ts';

export type { CommentRow, CommentStatus, SecretRow, SiteRow, ThreadRow } from '../core/records.ts';

export type Database = {
  sites: SiteRow;
  threads: ThreadRow;
  comments: CommentRow;
  secrets: SecretRow;
};
