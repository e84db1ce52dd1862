// Kysely's view of the tables, shared by the SQLite and PostgreSQL implementations.
import type {
  ApiKeyRow,
  ApiUsageRow,
  AuditRow,
  BanRow,
  CommentRow,
  MembershipRow,
  ReportRow,
  SecretRow,
  SessionRow,
  SiteRow,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  ThreadRow,
  UserRow,
} from '../core/records.ts';

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
  users: UserRow;
  memberships: MembershipRow;
  sessions: SessionRow;
  audit_log: AuditRow;
  reports: ReportRow;
  bans: BanRow;
};
