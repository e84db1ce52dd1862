// Kysely's view of the tables, shared by the SQLite and PostgreSQL implementations. The tables
// hold JSON text and 0/1 integers where the records (src/core/records.ts) carry lists, objects
// and booleans; the repositories convert between the two (src/store/repositories/rows.ts).
import type {
  ApiKeyRow,
  ApiUsageRow,
  AuditRow,
  BanRow,
  CommentRow,
  InvitationRow,
  MailAddressRow,
  MailRow,
  MailSubscriptionRow,
  MailSuppressionRow,
  MembershipRow,
  ModeratorAlertRow,
  ReportRow,
  SecretRow,
  SessionRow,
  SiteRow,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  ThreadRow,
  UserRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '../core/records.ts';

export type { CommentStatus, SecretRow } from '../core/records.ts';

/** A record with some fields as the table stores them. */
type Stored<R, Columns> = Omit<R, keyof Columns> & Columns;

export type SiteTable = Stored<SiteRow, { origins: string; settings: string; is_default: number }>;
export type ThreadTable = Stored<ThreadRow, { closed: number; pinned: string | null }>;
export type CommentTable = Stored<CommentRow, { spam_reasons?: string | null; moderator?: number | null }>;
export type SpamDiscardTable = Stored<SpamDiscardRow, { reasons: string }>;
export type SpamCorrectionTable = Stored<SpamCorrectionRow, { label: number; extras: string }>;
export type SpamLayerTable = Stored<SpamLayerRow, { layer: string }>;
export type MailTable = Stored<MailRow, { data: string }>;
export type WebhookEndpointTable = Stored<WebhookEndpointRow, { events: string; enabled: number }>;
export type AuditTable = Stored<AuditRow, { before: string | null; after: string | null }>;

/** Which local thread or comment a source's id became (src/store/repositories/imports.ts). */
export type ImportKeyTable = {
  site_id: string;
  format: string;
  kind: 'thread' | 'comment';
  source_key: string;
  local_id: string;
  pending_parent: string | null;
  created_at: number;
};

export type Database = {
  sites: SiteTable;
  threads: ThreadTable;
  comments: CommentTable;
  secrets: SecretRow;
  spam_discards: SpamDiscardTable;
  spam_corrections: SpamCorrectionTable;
  spam_layers: SpamLayerTable;
  api_keys: ApiKeyRow;
  api_usage: ApiUsageRow;
  users: UserRow;
  memberships: MembershipRow;
  invitations: InvitationRow;
  sessions: SessionRow;
  audit_log: AuditTable;
  reports: ReportRow;
  bans: BanRow;
  mail_addresses: MailAddressRow;
  mail_subscriptions: MailSubscriptionRow;
  mail_outbox: MailTable;
  mail_reply_pending: { comment_id: string };
  mail_suppressions: MailSuppressionRow;
  import_keys: ImportKeyTable;
  moderator_alerts: ModeratorAlertRow;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryRow;
};
