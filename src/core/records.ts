// Stored records, as the service layer sees them. Times are integer ms since the epoch.
// The store hands these over as domain values: lists, objects and booleans, already read from
// the JSON text and 0/1 integers the tables hold (src/store/schema.ts has the tables' shape).
import type { AlertFrequency } from '../contracts/admin-api.ts';
import type { WebhookEvent } from '../contracts/webhooks.ts';
import type { Reason, SpamTextExtras } from './spam-policy.ts';

/**
 * A site's own settings, over the install's defaults: as stored, not validated. Anything may
 * be in it (a key a later version dropped, a value out of today's bounds), so it is read
 * through resolveSettings, which keeps only what passes the rules.
 */
export type SiteSettingsOverrides = Readonly<Record<string, unknown>>;

export type SiteRow = {
  id: string;
  name: string;
  /** The origins allowed to embed the site's comments. */
  origins: string[];
  lang: string;
  settings: SiteSettingsOverrides;
  avatar_secret: string;
  is_default: boolean;
  created_at: number;
};

export type ThreadRow = {
  id: string;
  site_id: string;
  key: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  comment_count: number;
  /** Bumped by every change visible on the thread's public pages: the ETag is made of it. */
  version: number;
  created_at: number;
  /** Pinned top-level comment ids, in pin order; empty when none. */
  pinned: string[];
  /** When a moderator last reopened the thread: "close after N days" counts from then. */
  reopened_at: number | null;
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
  /** What the spam checks decided: the summed score and the reasons. */
  spam_score?: number | null;
  spam_reasons?: Reason[] | null;
  /** True when a moderator wrote it (shown with a badge); null otherwise. */
  moderator?: boolean | null;
  /** When a moderator last changed the text. */
  moderator_edited_at?: number | null;
  /** When it was imported from another system: its retention counts from then, not from its date. */
  imported_at?: number | null;
  /** The source system's id for an author who may have left no address ("disqus:jane"), for privacy requests. */
  author_key?: string | null;
};

export type SecretRow = { name: string; value: string };

/** A comment the spam checks found blatant: not stored as a comment, kept in a bounded log for review. */
export type SpamDiscardRow = {
  id: string;
  site_id: string;
  /** 'comment' (posted here) or 'akismet' (checked for another site through the Akismet-compatible API). */
  source: string;
  thread_key: string | null;
  author_name: string | null;
  author_email: string | null;
  author_website: string | null;
  body: string;
  ip_hash: string | null;
  user_agent: string | null;
  score: number;
  reasons: Reason[];
  created_at: number;
};

/** A moderator's (or an Akismet client's) verdict on a text: what the site's spam layer learns from. */
export type SpamCorrectionRow = {
  id: string;
  site_id: string;
  /** 1 spam, 0 not spam: the classifier's label, not a flag. */
  label: 0 | 1;
  text: string;
  /** What else the classifier saw. */
  extras: SpamTextExtras;
  source: string;
  comment_id: string | null;
  /** Kept so that erasing a commenter's data reaches their corrections too. */
  author_email: string | null;
  created_at: number;
};

/**
 * A site's learned layer with every correction up to `through_id` folded in (their texts then
 * dropped). `layer` is the spam engine's own snapshot: core only carries it, and the engine
 * checks its shape when it reads it back (null when the stored text was not JSON).
 */
export type SpamLayerRow = { site_id: string; layer: unknown; through_id: string; updated_at: number };

/** Keys are stored hashed; `prefix` (the first 4 characters) identifies one in lists. */
export type ApiKeyRow = {
  key_hash: string;
  prefix: string;
  site_id: string;
  scope: 'akismet' | 'moderation' | 'admin';
  label: string | null;
  created_at: number;
  revoked_at: number | null;
};

export type ApiUsageRow = { id: string; key_hash: string; month: string; calls: number };

/** The columns a public page needs: never the email, IP hash, user agent or raw body. */
export const PUBLIC_COLUMNS = [
  'id',
  'parent_id',
  'root_id',
  'depth',
  'author_name',
  'author_website',
  'avatar',
  'body_html',
  'status',
  'created_at',
  'edited_at',
  'moderator',
  'moderator_edited_at',
] as const;
export type PublicRow = Pick<CommentRow, (typeof PUBLIC_COLUMNS)[number]>;

// ---- moderation (accounts, sessions, audit, reports, bans)

export type UserRow = {
  id: string;
  email: string;
  password_hash: string;
  created_at: number;
  failed_logins: number;
  locked_until: number | null;
};
export type Role = 'admin' | 'moderator';
/** id is "user_id:site_id". */
export type MembershipRow = { id: string; user_id: string; site_id: string; role: Role; created_at: number };
/**
 * A role on a site given to an address that has no account yet; it becomes a membership when
 * an account with that address is created. id is "email:site_id"; email is normalized.
 */
export type InvitationRow = { id: string; email: string; site_id: string; role: Role; created_at: number };
/** id is the hash of the session cookie's token. */
export type SessionRow = { id: string; user_id: string; csrf: string; created_at: number; expires_at: number };
export type AuditRow = {
  id: string;
  site_id: string;
  actor: string;
  action: string;
  target: string | null;
  /** The state before and after, as recorded; null when there was none (or it was erased). */
  before: unknown;
  after: unknown;
  created_at: number;
};
export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'other';
export type ReportRow = {
  id: string;
  site_id: string;
  comment_id: string;
  reason: ReportReason;
  ip_hash: string | null;
  created_at: number;
  resolved_at: number | null;
};
export type BanRow = {
  id: string;
  site_id: string;
  kind: 'email' | 'domain' | 'ip';
  value: string;
  reason: string | null;
  until: number | null;
  created_by: string;
  created_at: number;
};

/** An address that asked for email notifications on a site; nothing but its confirmation goes to it until confirmed. */
export type MailAddressRow = {
  id: string;
  site_id: string;
  email: string;
  confirmed_at: number | null;
  created_at: number;
  /** Last subscription or confirmation: a confirmed address idle for a year is forgotten. */
  active_at: number;
};

/**
 * A confirmed address to tell of a new comment, with what deciding its mail needs: whether
 * mail servers refused it, and when its group for the thread last had a mail go out.
 */
/** A published comment waiting to be told to its followers; `comment` null once it is gone. */
export type PendingReply = {
  id: string;
  comment: Pick<CommentRow, 'site_id' | 'thread_id' | 'parent_id' | 'author_email' | 'status'> | null;
  parentEmail: string | null;
};
export type MailFollowerRow = { id: string; email: string; suppressed: boolean; last_sent_at: number | null };

/** What an address follows: replies to one comment (`comment_id`), or a whole thread (null). */
export type MailSubscriptionRow = {
  id: string;
  address_id: string;
  site_id: string;
  thread_id: string;
  comment_id: string | null;
  created_at: number;
};

export type MailState = 'queued' | 'sent' | 'failed' | 'merged' | 'dropped';

/** One email to send: `kind` and `data` say what to write, rendered when it is sent. */
export type MailRow = {
  id: string;
  site_id: string;
  recipient: string;
  kind: string;
  message_id: string;
  /** Mails of one group (an address and a thread) go out together, as one digest. */
  group_key: string | null;
  /** An event enqueued twice (a replayed event) makes one row. */
  dedupe_key: string | null;
  data: Record<string, unknown>;
  /** The requesting network of a confirmation mail, for its cap; never written into a mail. */
  ip_hash: string | null;
  attempts: number;
  next_attempt_at: number;
  state: MailState;
  claimed_by: string | null;
  claimed_until: number | null;
  created_at: number;
  sent_at: number | null;
  last_error: string | null;
};

/** An address a mail server refused for good: nothing more is sent to it from the site. */
/**
 * A moderator's email alerts on one site: held comments and reports, each never, one mail
 * each, or an hourly or daily digest. id is "user_id:site_id"; no row means never.
 */
export type ModeratorAlertRow = {
  id: string;
  user_id: string;
  site_id: string;
  held: AlertFrequency;
  reports: AlertFrequency;
  updated_at: number;
};

export type MailSuppressionRow = { id: string; site_id: string; email: string; reason: string; created_at: number };

/** A site's webhook endpoint. The secrets sign deliveries, so they are kept as given. */
export type WebhookEndpointRow = {
  id: string;
  site_id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  /** After a rotation, the secret before it keeps signing beside the new one until `previous_until`. */
  previous_secret: string | null;
  previous_until: number | null;
  enabled: boolean;
  created_at: number;
};

export type WebhookDeliveryState = 'queued' | 'delivered' | 'failed' | 'dropped';

/** One event for one endpoint: the body is fixed when the event happens and resent as it is. */
export type WebhookDeliveryRow = {
  id: string;
  endpoint_id: string;
  site_id: string;
  event_id: string;
  event_type: WebhookEvent;
  /** The JSON body, as sent (and signed) on every attempt. */
  payload: string;
  attempts: number;
  next_attempt_at: number;
  state: WebhookDeliveryState;
  claimed_by: string | null;
  claimed_until: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
};
