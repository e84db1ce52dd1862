// The storage port: one interface, implemented once over Kysely for SQLite and PostgreSQL
// (src/store) and checked by one behaviour suite (test/store-contract). Services never take it
// whole: each declares its slice in ports.ts.
import type {
  ApiKeyRow,
  AuditRow,
  BanRow,
  CommentRow,
  CommentStatus,
  InvitationRow,
  MailAddressRow,
  MailFollowerRow,
  PendingReply,
  MailRow,
  MailSubscriptionRow,
  MailSuppressionRow,
  MembershipRow,
  ModeratorAlertRow,
  PublicRow,
  ReportRow,
  SessionRow,
  SiteRow,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  ThreadRow,
  UserRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from './records.ts';
import type { Reason } from './spam-policy.ts';

export type NewCommentRecord = {
  comment: CommentRow;
  /** The thread to create with the first comment; ignored when it exists. */
  thread: { id: string; siteId: string; key: string; url: string | null; title: string | null; createdAt: number };
  /** Published, and followed: a marker commits with it, for src/core/mail/reply-notifier.ts. */
  notify?: boolean;
};

export type InsertResult = { ok: true; threadId: string } | { ok: false; reason: 'DUPLICATE' };

export type TopLevelQuery = { threadId: string; afterId: string | null; sort: 'oldest' | 'newest'; limit: number };
export type RepliesQuery = { rootIds: string[]; perRoot: number };
export type MoreRepliesQuery = { rootId: string; afterId: string | null; limit: number };
/** A page of a thread by its key: its first `limit` top-level comments after `afterId`, each with up to `perRoot` replies. */
export type ThreadPageQuery = {
  siteId: string;
  key: string;
  afterId: string | null;
  sort: 'oldest' | 'newest';
  limit: number;
  perRoot: number;
};
export type ThreadPageRows = {
  thread: ThreadRow | undefined;
  top: PublicRow[];
  hasMore: boolean;
  replies: PublicRow[];
};

/** Where a page of a thread's comments in export order (depth, then id) ends. */
export type ExportCursor = { depth: number; id: string };
/** The newest published comments of a site (`siteId`) or of one of its threads (`threadId`). */
export type LatestCommentsQuery =
  | { siteId: string; threadId?: undefined; limit: number }
  | {
      siteId?: undefined;
      threadId: string;
      limit: number;
    };
/** A published comment's public columns with its thread's, for a feed entry. */
export type FeedRow = PublicRow & { thread_key: string; thread_url: string | null; thread_title: string | null };

/** What the spam checks need to know from a site's history, gathered before they run. */
export type SpamFacts = {
  /** Earlier approved comments under the same name and email. */
  priorApproved: number;
  /** The same text in other threads since `repeatSince`. */
  repeats: number;
  /** Comments from this network, and from this email, since `hourSince`. */
  recentByIp: number;
  recentByEmail: number;
  /** The address was confirmed by a link mailed to it (a reader who asked for notifications). */
  verifiedEmail?: boolean;
};
export type SpamFactsQuery = {
  siteId: string;
  name: string;
  email: string;
  ipHash: string | null;
  bodyHash: string;
  threadId: string | null;
  repeatSince: number;
  hourSince: number;
  /**
   * How far each fact is counted: 0 or false, not at all (answered 0 without a query); N, up to
   * N, so that N means "N or more" (the checks only compare with thresholds, and a flood must
   * not make each post count all of its sender's comments); true, exactly. `recent` covers both
   * recent counts, or gives each its own limit.
   */
  need: {
    prior: number | boolean;
    repeats: number | boolean;
    recent: number | boolean | { byIp: number | boolean; byEmail: number | boolean };
  };
};

export type CommentPatch = {
  body?: string;
  bodyHtml?: string;
  editedAt?: number;
  status?: CommentStatus;
  verdict?: { score: number; reasons: Reason[] };
  moderatorEditedAt?: number;
};

/** What a source's thread became here: created by an import (with the source's id) or found by its key. */
export type ImportedThreadRecord = { sourceKey: string; thread: NewCommentRecord['thread'] };
/** A comment as an import writes it; `pendingParent`: the source id of a parent not read yet (linked later). */
export type ImportedCommentRecord = { sourceKey: string; row: CommentRow; pendingParent: string | null };
/** One batch of an import: written in one unit, all or nothing. `threads` are new; comments may be in any thread. */
export type ImportBatch = {
  siteId: string;
  format: string;
  at: number;
  threads: ImportedThreadRecord[];
  comments: ImportedCommentRecord[];
};
/** A comment imported before, as far as linking replies to it needs; null when it was since removed. */
export type ImportedComment = { id: string; threadId: string; rootId: string | null; depth: number } | null;
export type ImportLookupQuery = {
  siteId: string;
  format: string;
  /** Threads by their key here (after --map-url): they may exist without any import. */
  threadKeys: string[];
  /** Comments by the source's id. */
  commentKeys: string[];
};
export type ImportLookup = { threads: Map<string, string>; comments: Map<string, ImportedComment> };
/** A reply imported before its parent was read. */
export type PendingImportLink = { sourceKey: string; id: string; parentKey: string };

export interface Store {
  readonly backend: 'sqlite' | 'postgres';

  // secrets shared by every server of an install
  loadOrCreateSecrets(generate: () => Record<string, string>): Promise<Record<string, string>>;

  // sites
  createSite(site: SiteRow): Promise<void>;
  listSites(): Promise<SiteRow[]>;
  getSite(id: string): Promise<SiteRow | undefined>;
  updateSite(
    id: string,
    patch: Partial<Pick<SiteRow, 'name' | 'origins' | 'lang' | 'settings' | 'is_default'>>,
  ): Promise<void>;

  // threads
  getThreadByKey(siteId: string, key: string): Promise<ThreadRow | undefined>;
  getThread(id: string): Promise<ThreadRow | undefined>;
  countsByKeys(siteId: string, keys: string[]): Promise<Map<string, number>>;
  listThreads(siteId: string, limit: number): Promise<ThreadRow[]>;
  /** The site's threads after `afterId` (all of them, page by page), oldest first. */
  exportThreads(siteId: string, afterId: string | null, limit: number): Promise<ThreadRow[]>;

  // comments
  insertComment(record: NewCommentRecord): Promise<InsertResult>;
  getComment(id: string): Promise<CommentRow | undefined>;
  listTopLevel(q: TopLevelQuery): Promise<PublicRow[]>;
  listReplies(q: RepliesQuery): Promise<PublicRow[]>;
  /**
   * What getThreadByKey, listTopLevel (with `hasMore` for a row past `limit`) and listReplies of
   * those top-level comments return together, in one round trip: a page read pays for one
   * database request, not three. No thread: `thread` undefined and no rows.
   */
  threadPage(q: ThreadPageQuery): Promise<ThreadPageRows>;
  listMoreReplies(q: MoreRepliesQuery): Promise<PublicRow[]>;
  /** Every comment of a thread, whatever its status, page by page: by depth, then id, so parents come first. */
  exportComments(threadId: string, after: ExportCursor | null, limit: number): Promise<CommentRow[]>;
  /** Published comments, newest first, with their thread's key, URL and title. */
  latestComments(q: LatestCommentsQuery): Promise<FeedRow[]>;
  /** Most recent creation time of a comment from this IP hash or email on the site, since `since`. */
  lastPostTime(siteId: string, ipHash: string | null, email: string, since: number): Promise<number | null>;
  /** The comment stored with this dedupe key on the site (the same author, thread, parent and text), if any. */
  commentIdByDedupeKey(siteId: string, dedupeKey: string): Promise<string | undefined>;
  spamFacts(q: SpamFactsQuery): Promise<SpamFacts>;
  /** Applies a patch; status changes keep the thread's published count right. */
  updateComment(id: string, patch: CommentPatch): Promise<CommentRow | undefined>;

  /** Erases IP hashes and user agents of a site's comments created before `before`; returns how many. */
  purgeClientData(siteId: string, before: number): Promise<number>;
  /** Deletes held and spam comments created before `before`, with their reports; returns how many. */
  purgeHeldAndSpam(siteId: string, before: number): Promise<number>;

  // the spam engine's memory (src/spam/engine.ts)
  /** Logs a discarded comment, keeping the newest `keepPerSite` of the site. */
  recordDiscard(row: SpamDiscardRow, keepPerSite: number): Promise<void>;
  /** Newest first. */
  listDiscards(siteId: string, beforeId: string | null, limit: number): Promise<SpamDiscardRow[]>;
  purgeDiscards(siteId: string, before: number): Promise<number>;
  addSpamCorrection(row: SpamCorrectionRow): Promise<void>;
  /** In id order. */
  spamCorrections(siteId: string, afterId: string | null): Promise<SpamCorrectionRow[]>;
  spamLayer(siteId: string): Promise<SpamLayerRow | undefined>;
  /** Stores the layer snapshot and deletes the corrections folded into it, in one unit. */
  compactSpamCorrections(layer: SpamLayerRow): Promise<void>;
  setCommentVerdict(id: string, score: number | null, reasons: Reason[] | null): Promise<void>;

  // keys of the Akismet-compatible and moderation APIs
  createApiKey(row: ApiKeyRow): Promise<void>;
  findApiKey(keyHash: string): Promise<ApiKeyRow | undefined>;
  listApiKeys(scope: ApiKeyRow['scope']): Promise<ApiKeyRow[]>;
  revokeApiKey(keyHash: string, at: number): Promise<boolean>;
  addApiUsage(entries: { keyHash: string; month: string; calls: number }[]): Promise<void>;
  apiUsage(keyHash: string, month: string): Promise<number>;

  // moderators: accounts, memberships, sessions, audit log
  createUser(row: UserRow): Promise<void>;
  getUser(id: string): Promise<UserRow | undefined>;
  findUserByEmail(email: string): Promise<UserRow | undefined>;
  setUserLogin(
    id: string,
    patch: { failed_logins: number; locked_until: number | null; password_hash?: string },
  ): Promise<void>;
  /** Adds a user to a site, or changes their role there. */
  addMembership(row: MembershipRow): Promise<void>;
  membershipsOf(userId: string): Promise<MembershipRow[]>;
  /** A site's members with their accounts' addresses, by address. */
  siteMembers(siteId: string): Promise<(MembershipRow & { email: string })[]>;
  removeMembership(userId: string, siteId: string): Promise<boolean>;
  /** Invites an address to a site, or changes the role it is invited with (keeping its date). */
  addInvitation(row: InvitationRow): Promise<void>;
  /** A site's invitations, by address. */
  siteInvitations(siteId: string): Promise<InvitationRow[]>;
  removeInvitation(email: string, siteId: string): Promise<boolean>;
  /**
   * Turns the invitations of the account's address into memberships of the account, dated as
   * invited, in one unit; a membership it already has keeps its role. Returns those made.
   */
  acceptInvitations(user: { id: string; email: string }): Promise<MembershipRow[]>;
  createSession(row: SessionRow): Promise<void>;
  getSession(id: string): Promise<SessionRow | undefined>;
  deleteSessions(by: { id: string } | { userId: string } | { expiredBefore: number }): Promise<number>;
  addAudit(row: AuditRow): Promise<void>;
  /** Newest first. */
  listAudit(siteId: string, beforeId: string | null, limit: number): Promise<AuditRow[]>;

  addBan(row: BanRow): Promise<void>;
  /** Bans in force at `now`, newest first. */
  activeBans(siteId: string, now: number): Promise<BanRow[]>;
  deleteBan(siteId: string, id: string): Promise<boolean>;
  /** Closes or reopens a thread to new comments. */
  setThreadClosed(id: string, closed: boolean, at: number): Promise<void>;
  /** Closes the site's open threads opened (or last reopened) before the time; returns them. */
  closeAgedThreads(siteId: string, openedBefore: number): Promise<{ id: string; key: string }[]>;
  /** Replaces the thread's pinned comment ids (in pin order) and bumps its version. */
  setThreadPins(id: string, pinned: string[]): Promise<void>;
  /** Comments per UTC day (YYYY-MM-DD) and status since `since`. */
  dailyStats(siteId: string, since: number): Promise<{ day: string; status: CommentStatus; n: number }[]>;

  // moderation queues and readers' reports (newest first)
  listByStatus(siteId: string, status: CommentStatus, beforeId: string | null, limit: number): Promise<CommentRow[]>;
  /** Comments with an open report, not deleted. */
  listReported(siteId: string, beforeId: string | null, limit: number): Promise<CommentRow[]>;
  countsByStatus(siteId: string): Promise<Record<CommentStatus | 'reported', number>>;
  /** The commenter's approved and rejected (spam or deleted) comments on the site. */
  /** Each address's approved and rejected (spam or deleted) comments on the site. */
  authorHistories(siteId: string, emails: string[]): Promise<Map<string, { approved: number; rejected: number }>>;
  getThreads(ids: string[]): Promise<ThreadRow[]>;
  getComments(ids: string[]): Promise<CommentRow[]>;
  addReport(row: ReportRow): Promise<void>;
  /** The unresolved reports of these comments, oldest first. */
  openReports(commentIds: string[]): Promise<ReportRow[]>;
  resolveReports(commentId: string, at: number): Promise<number>;

  /** A site's comments matching every given filter (text, author name, email, article), newest first. */
  searchComments(
    siteId: string,
    q: { text?: string; author?: string; email?: string; article?: string },
    beforeId: string | null,
    limit: number,
  ): Promise<CommentRow[]>;

  // a commenter's data, by email, on one site or (null) all of them
  commentsByEmail(email: string, siteId: string | null): Promise<CommentRow[]>;
  discardsByEmail(email: string, siteId: string | null): Promise<SpamDiscardRow[]>;
  correctionsByEmail(email: string, siteId: string | null): Promise<SpamCorrectionRow[]>;
  eraseAuthor(
    email: string,
    siteId: string | null,
    anonymousAvatar: string,
  ): Promise<{ comments: number; discards: number; corrections: number; audit: number }>;
  /** An imported author's comments by the source's id for them ("disqus:jane"), for authors who left no address. */
  commentsByAuthorKey(authorKey: string, siteId: string | null): Promise<CommentRow[]>;
  /** As eraseAuthor, for the comments under an author key and the spam corrections made from them. */
  eraseAuthorKey(
    authorKey: string,
    siteId: string | null,
    anonymousAvatar: string,
  ): Promise<{ comments: number; corrections: number; audit: number }>;

  // imports from other systems (src/core/import), keyed by the source's ids
  /** Threads found by key and comments imported before, by the source's id: one batch's keyed lookups. */
  importLookup(q: ImportLookupQuery): Promise<ImportLookup>;
  /**
   * Before an import's writes: when no comment is stored yet (or an interrupted import left them
   * so), the comments' secondary indexes are set aside, to be built once at the end rather than
   * kept up row by row; true when they are (SQLite only). Queries still answer, more slowly.
   */
  setAsideImportIndexes(siteId: string): Promise<boolean>;
  /** Builds the indexes set aside again; safe to call when none are. */
  restoreImportIndexes(): Promise<void>;
  /** Writes a batch (threads, comments, their source ids, the threads' counts) in one unit: all or nothing. */
  writeImportBatch(batch: ImportBatch): Promise<void>;
  /** Replies of an import still waiting for their parent, by source id, page by page. */
  pendingImportLinks(
    siteId: string,
    format: string,
    afterKey: string | null,
    limit: number,
  ): Promise<PendingImportLink[]>;
  /**
   * Hangs a waiting reply (and the replies below it) under its parent, or leaves it at the top
   * level (null: an orphan); either way it stops waiting.
   */
  linkImportedReply(
    siteId: string,
    format: string,
    link: { sourceKey: string; id: string; parent: ImportedComment },
  ): Promise<void>;

  // readers' email notifications (src/core/mail): addresses as normalized (lower case)
  /** Creates the site's address, or marks the existing one active; returns it as stored. */
  saveMailAddress(row: MailAddressRow): Promise<MailAddressRow>;
  getMailAddress(by: { id: string } | { siteId: string; email: string }): Promise<MailAddressRow | undefined>;
  /** False when the address is unknown or was confirmed before. */
  confirmMailAddress(id: string, at: number): Promise<boolean>;
  /** A subscription with an existing id changes nothing. */
  addMailSubscription(row: MailSubscriptionRow): Promise<void>;
  mailSubscriptions(addressId: string): Promise<MailSubscriptionRow[]>;
  /** The same, in one read, each with its suppression and its group's last sent mail (`id:threadId`). */
  mailFollowers(threadId: string, commentId: string | null): Promise<MailFollowerRow[]>;
  /** An address's subscriptions to one thread, or to all (null); returns how many. */
  removeMailSubscriptions(addressId: string, threadId: string | null): Promise<number>;
  addMailSuppression(row: MailSuppressionRow): Promise<void>;
  mailSuppressions(siteId: string): Promise<MailSuppressionRow[]>;
  removeMailSuppression(siteId: string, email: string): Promise<boolean>;
  isMailSuppressed(siteId: string, email: string): Promise<boolean>;
  // src/core/mail/reply-notifier.ts's; tellReplies is false when another server told one first.
  hasMailFollowers(threadId: string, commentId: string | null): Promise<boolean>;
  pendingReplies(limit: number): Promise<PendingReply[]>;
  tellReplies(commentIds: string[], rows: MailRow[]): Promise<boolean>;
  /** False when a row with the same dedupe key exists. */
  enqueueMail(row: MailRow): Promise<boolean>;
  /** Many rows in one write unit; each says whether it was added. */
  enqueueMails(rows: MailRow[]): Promise<boolean[]>;
  /** Claims due rows and the other queued rows of their groups for `claimer` until `until`. */
  claimMail(claimer: string, now: number, until: number, limit: number): Promise<MailRow[]>;
  /** Records an attempt's outcome and releases the claim. */
  finishMail(
    ids: string[],
    patch: Partial<Pick<MailRow, 'state' | 'attempts' | 'next_attempt_at' | 'sent_at' | 'last_error'>>,
  ): Promise<void>;
  /** Mails created since `since` (of a kind, to a recipient, from a network), or sent since then (`sent`). */
  countMail(q: {
    siteId: string;
    since: number;
    kind?: string;
    recipient?: string;
    ipHash?: string;
    sent?: boolean;
  }): Promise<number>;
  getMail(id: string): Promise<MailRow | undefined>;
  mailDataByEmail(
    email: string,
    siteId: string | null,
  ): Promise<{ addresses: MailAddressRow[]; subscriptions: MailSubscriptionRow[]; outbox: MailRow[] }>;
  eraseMailData(email: string, siteId: string | null): Promise<number>;
  /** Done mails before `doneBefore`, unconfirmed and idle addresses; returns the rows removed. */
  purgeMail(siteId: string, t: { doneBefore: number; unconfirmedBefore: number; idleBefore: number }): Promise<number>;

  // moderators' email alerts (src/core/mail/moderator-alerts.ts)
  /** Creates or replaces an account's alert settings for a site. */
  saveModeratorAlerts(row: ModeratorAlertRow): Promise<void>;
  moderatorAlerts(userId: string, siteId: string): Promise<ModeratorAlertRow | undefined>;
  /** The site's current members with some alert other than never, with their addresses. */
  alertRecipients(siteId: string): Promise<(ModeratorAlertRow & { email: string })[]>;
  // webhooks (src/core/webhooks): a site's endpoints and the outbox of their deliveries
  createWebhook(row: WebhookEndpointRow): Promise<void>;
  webhooks(siteId: string): Promise<WebhookEndpointRow[]>;
  getWebhook(id: string): Promise<WebhookEndpointRow | undefined>;
  updateWebhook(
    id: string,
    patch: Partial<
      Pick<WebhookEndpointRow, 'url' | 'events' | 'enabled' | 'secret' | 'previous_secret' | 'previous_until'>
    >,
  ): Promise<boolean>;
  /** The endpoint and its deliveries. */
  deleteWebhook(id: string): Promise<boolean>;
  /** Skips an event already queued for the same endpoint; returns the rows added. */
  enqueueWebhooks(rows: WebhookDeliveryRow[]): Promise<number>;
  /** Due deliveries, each claimed by one caller until `until` (SKIP LOCKED on PostgreSQL). */
  claimWebhooks(claimer: string, now: number, until: number, limit: number): Promise<WebhookDeliveryRow[]>;
  finishWebhook(
    id: string,
    patch: Partial<
      Pick<WebhookDeliveryRow, 'state' | 'attempts' | 'next_attempt_at' | 'last_status' | 'last_error' | 'delivered_at'>
    >,
  ): Promise<void>;
  /** An endpoint's latest deliveries, newest first. */
  webhookDeliveries(endpointId: string, limit: number): Promise<WebhookDeliveryRow[]>;
  getWebhookDelivery(id: string): Promise<WebhookDeliveryRow | undefined>;
  /** Deliveries done with (not queued) created before `before`; returns the rows removed. */
  purgeWebhookDeliveries(before: number): Promise<number>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
