// Kysely's view of the tables, shared by the SQLite and PostgreSQL implementations.
import type { ApiKeyRow, ApiUsageRow, CommentRow, SecretRow, SiteRow, SpamCorrectionRow, SpamDiscardRow, SpamLayerRow, ThreadRow } from '../core/records.ts';

export type { CommentRow, CommentStatus, SecretRow, SiteRow, ThreadRow } from '../core/records.ts';

export type Database = {
  sites: SiteRow;
  threads: ThreadRow;
  comments: CommentRow;
  secrets: SecretRow;
  spam_discards: SpamDiscardRow;
  spam_corrections: SpamCorrectionRow;
  spam_layers: SpamLayerRow;
  api_keys: ApiKeyRow;
  api_usage: ApiUsageRow;
};
