// What the services need from the outside world. Storage is one interface (`Store`), implemented
// once over Kysely for SQLite and PostgreSQL and checked by one behaviour suite
// (test/store-contract); each service declares the slice of it that it uses, below. The spam
// policy is a port too (`SpamPolicy`): core hands it a plain description of a comment.
import type { ParleyEvents } from './events.ts';
import type { Store } from './store.ts';

export type * from './records.ts';
export type * from './spam-policy.ts';
export type * from './store.ts';
export type { WebhookEvent } from '../contracts/webhooks.ts';

/**
 * What servers of one install share beyond the database: events fan out to every server
 * (live streams, read-cache invalidation) and scheduled jobs run on one server at a time.
 * In-process for a single server; PostgreSQL LISTEN/NOTIFY and advisory locks for a cluster.
 */
export interface Coordinator {
  readonly kind: string;
  start(events: ParleyEvents, store: Store): Promise<void>;
  /** Runs `fn` unless another server is running the same job; returns whether it ran. */
  runExclusive(job: string, fn: () => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Flood control shared by every server: records a post under each key (network, email) and
 * says how long to wait when one was recorded within the window. Optional: without it, and
 * while `unavailable` says why it cannot be reached, the database's history of comments is asked.
 */
export interface FloodGuard {
  readonly kind: string;
  readonly unavailable: string | null;
  /** Milliseconds to wait, or null: go ahead (recorded). Throws promptly when unreachable. */
  hit(keys: string[], windowMs: number, now: number): Promise<number | null>;
  close(): Promise<void>;
}

// Each service's slice of the Store: exactly the methods it calls. A service asks for its slice,
// so its dependencies read in one line and a test fakes only those methods, not the whole Store.

/** What CommentService (src/core/comments) reads and writes. */
export type CommentStore = Pick<
  Store,
  | 'getThreadByKey'
  | 'getThread'
  | 'countsByKeys'
  | 'insertComment'
  | 'getComment'
  | 'getComments'
  | 'listTopLevel'
  | 'listReplies'
  | 'threadPage'
  | 'listMoreReplies'
  | 'lastPostTime'
  | 'commentIdByDedupeKey'
  | 'spamFacts'
  | 'updateComment'
  | 'recordDiscard'
  | 'getMailAddress'
>;
/** The Akismet-compatible API keeps only what it drops, in the discard log. */
export type AkismetStore = Pick<Store, 'recordDiscard'>;
/** A commenter's data across the tables that keep it (export and erase). */
export type CommenterDataStore = Pick<
  Store,
  | 'commentsByEmail'
  | 'discardsByEmail'
  | 'correctionsByEmail'
  | 'eraseAuthor'
  | 'commentsByAuthorKey'
  | 'eraseAuthorKey'
  | 'getThread'
  | 'updateComment'
  | 'mailDataByEmail'
  | 'eraseMailData'
>;
/** Moderator accounts, their memberships and sessions. */
export type AccountStore = Pick<
  Store,
  | 'findUserByEmail'
  | 'createUser'
  | 'getUser'
  | 'setUserLogin'
  | 'addMembership'
  | 'membershipsOf'
  | 'acceptInvitations'
  | 'createSession'
  | 'getSession'
  | 'deleteSessions'
>;
export type ApiKeyStore = Pick<
  Store,
  'createApiKey' | 'findApiKey' | 'listApiKeys' | 'revokeApiKey' | 'addApiUsage' | 'apiUsage'
>;
/** The spam engine's memory: the log of corrections and the snapshot they fold into. */
export type SpamMemoryStore = Pick<
  Store,
  'addSpamCorrection' | 'spamCorrections' | 'spamLayer' | 'compactSpamCorrections'
>;

// The slices of the Store each service of the dashboard and the CLI uses, exactly the methods
// it calls: a unit test fakes only these, and a new call shows up here first.
export type AuditStore = Pick<Store, 'addAudit' | 'listAudit'>;
export type ModerationStore = Pick<
  Store,
  | 'listReported'
  | 'listByStatus'
  | 'searchComments'
  | 'countsByStatus'
  | 'getComment'
  | 'updateComment'
  | 'resolveReports'
  | 'getThread'
  | 'getThreads'
  | 'getComments'
  | 'setThreadPins'
  | 'authorHistories'
  | 'openReports'
  | 'getMailAddress'
>;
export type BanStore = Pick<Store, 'activeBans' | 'addBan' | 'deleteBan'>;
export type ThreadClosingStore = Pick<Store, 'getThread' | 'setThreadClosed'>;
export type SiteSettingsStore = Pick<Store, 'getSite' | 'updateSite'>;
export type ModerationStatsStore = Pick<Store, 'dailyStats' | 'listAudit'>;
/** Sites and their members (changes are audited through the AuditLog's own slice). */
export type SiteAdminStore = Pick<
  Store,
  | 'getSite'
  | 'listSites'
  | 'createSite'
  | 'updateSite'
  | 'addMembership'
  | 'siteMembers'
  | 'findUserByEmail'
  | 'removeMembership'
  | 'addInvitation'
  | 'siteInvitations'
  | 'removeInvitation'
  | 'acceptInvitations'
>;
/** A whole site read out page by page, for `parley export` and the dashboard's download. */
export type SiteExportStore = Pick<
  Store,
  'getSite' | 'exportThreads' | 'exportComments' | 'openReports' | 'activeBans' | 'listAudit'
>;
/** An import from another system (src/core/import): sites, keyed lookups, batches, the audit entry. */
export type ImportStore = Pick<
  Store,
  'getSite' | 'importLookup' | 'writeImportBatch' | 'pendingImportLinks' | 'linkImportedReply' | 'addAudit'
> &
  Partial<Pick<Store, 'setAsideImportIndexes' | 'restoreImportIndexes'>>;
/** The Atom feeds of a thread's and a site's latest published comments. */
export type FeedStore = Pick<Store, 'getThreadByKey' | 'latestComments'>;
/** Readers' notifications: addresses, subscriptions, the outbox and suppressions (src/core/mail). */
export type MailStore = Pick<
  Store,
  | 'saveMailAddress'
  | 'getMailAddress'
  | 'confirmMailAddress'
  | 'addMailSubscription'
  | 'mailSubscriptions'
  | 'mailFollowers'
  | 'removeMailSubscriptions'
  | 'addMailSuppression'
  | 'mailSuppressions'
  | 'removeMailSuppression'
  | 'isMailSuppressed'
  | 'hasMailFollowers'
  | 'pendingReplies'
  | 'tellReplies'
  | 'enqueueMail'
  | 'enqueueMails'
  | 'claimMail'
  | 'finishMail'
  | 'countMail'
  | 'getComment'
  | 'getComments'
  | 'getThread'
  | 'getThreads'
>;
/**
 * Moderators' email alerts (src/core/mail/moderator-alerts.ts): their settings, who is alerted,
 * whether a comment is still waiting for them, and the outbox the alerts go through.
 */
export type ModeratorAlertStore = Pick<
  Store,
  | 'saveModeratorAlerts'
  | 'moderatorAlerts'
  | 'alertRecipients'
  | 'membershipsOf'
  | 'getComment'
  | 'getComments'
  | 'getThreads'
  | 'openReports'
  | 'isMailSuppressed'
  | 'enqueueMail'
>;
/** The action links of those alerts (src/core/moderation/mailed-actions.ts): who, on which comment. */
export type MailedActionStore = Pick<Store, 'getUser' | 'membershipsOf' | 'getComment' | 'getThread'>;
/** Webhooks (src/core/webhooks): endpoints, the deliveries' outbox, and what a payload tells. */
export type WebhookStore = Pick<
  Store,
  | 'createWebhook'
  | 'webhooks'
  | 'getWebhook'
  | 'updateWebhook'
  | 'deleteWebhook'
  | 'enqueueWebhooks'
  | 'claimWebhooks'
  | 'finishWebhook'
  | 'webhookDeliveries'
  | 'getWebhookDelivery'
  | 'getComment'
  | 'getThread'
>;
