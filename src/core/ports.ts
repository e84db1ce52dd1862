// What the service layer needs from storage. One interface; SQLite implements it now,
// PostgreSQL later, and one behaviour suite (test/store-contract) runs against each.
import type { SiteSettings } from './sites/settings.ts';
import type {
  ApiKeyRow,
  AuditRow,
  BanRow,
  MembershipRow,
  ReportReason,
  ReportRow,
  Role,
  SessionRow,
  UserRow,
  CommentRow,
  CommentStatus,
  PublicRow,
  SiteRow,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  ThreadRow,
} from './records.ts';

export type {
  ApiKeyRow,
  AuditRow,
  BanRow,
  MembershipRow,
  ReportReason,
  ReportRow,
  Role,
  SessionRow,
  UserRow,
  CommentRow,
  CommentStatus,
  PublicRow,
  SiteRow,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  ThreadRow,
};

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
  | 'spamFacts'
  | 'updateComment'
  | 'recordDiscard'
>;
/** The Akismet-compatible API keeps only what it drops, in the discard log. */
export type AkismetStore = Pick<Store, 'recordDiscard'>;
/** A commenter's data across the tables that keep it (export and erase). */
export type CommenterDataStore = Pick<
  Store,
  'commentsByEmail' | 'discardsByEmail' | 'correctionsByEmail' | 'eraseAuthor' | 'getThread' | 'updateComment'
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

// The spam policy, as core sees it. The engine (src/spam/engine.ts) implements it; core hands it
// a plain description of a comment and reads back a verdict, and never needs the checks.

export type Outcome = 'approve' | 'hold' | 'spam' | 'discard';
export type Reason = { check: string; reason: string; score: number };
export type Verdict = { outcome: Outcome; score: number; reasons: Reason[] };

/** What the classifier reads besides the text: where the comment points, and what its page is about. */
export type SpamTextExtras = {
  readonly authorUrl?: string | null;
  readonly permalink?: string | null;
  readonly context?: string | null;
};

/** A comment to judge, described plainly; src/spam/check-context.ts turns it into what the checks read. */
export type SpamCheckRequest = {
  readonly site: { readonly id: string; readonly lang: string };
  /** The site's settings, with its bans already applied when the caller applies them. */
  readonly settings: SiteSettings;
  readonly comment: {
    readonly name: string;
    readonly email: string;
    readonly website: string | null;
    readonly body: string;
    readonly ipHash: string | null;
    readonly userAgent: string | null;
  };
  /** Set when the comment came through our server-rendered form (or names a honeypot field). */
  readonly form?: { honeypotFilled: boolean } | null;
  /** The signed form token's age; null when the request carried no valid token. */
  readonly formAgeMs?: number | null;
  /** What the site's history says; absent when nothing was gathered (every count zero). */
  readonly facts?: SpamFacts | null;
  /** Languages expected, when the caller knows better than the site's setting (an Akismet client's `blog_lang`). */
  readonly languages?: readonly string[] | null;
  /** Checks with nothing to judge on this path (an edit is not a new post), switched off on top of the site's. */
  readonly skipChecks?: readonly string[];
  readonly extras?: SpamTextExtras;
  readonly now: number;
};

export type SpamSample = { text: string; extras?: SpamTextExtras };
/** One feature's push on a text's score, readable by a moderator ("the word 'casino'", +1.2). */
export type Contribution = { readonly description: string; readonly contribution: number };
export type SpamCorrectionMeta = { source: string; commentId?: string | null; authorEmail?: string | null };

export interface SpamPolicy {
  judge(request: SpamCheckRequest): Promise<Verdict>;
  /** Learns a moderator's (or an Akismet client's) verdict on a text; returns its score before and after. */
  learn(
    siteId: string,
    label: 0 | 1,
    sample: SpamSample,
    meta: SpamCorrectionMeta,
  ): Promise<{ before: number; after: number }>;
  /** Folds what was learned before `before` into the site's snapshot, dropping the texts; returns how many. */
  compact(siteId: string, before: number, everything?: boolean): Promise<number>;
  /** The features that pushed a text's score most on this site, strongest first, for moderators. */
  explainText(siteId: string, text: string, extras: SpamTextExtras): Promise<Contribution[]>;
}

export type NewCommentRecord = {
  comment: CommentRow;
  /** The thread to create with the first comment; ignored when it exists. */
  thread: { id: string; siteId: string; key: string; url: string | null; title: string | null; createdAt: number };
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

/** What the spam checks need to know from a site's history, gathered before they run. */
export type SpamFacts = {
  /** Earlier approved comments under the same name and email. */
  priorApproved: number;
  /** The same text in other threads since `repeatSince`. */
  repeats: number;
  /** Comments from this network, and from this email, since `hourSince`. */
  recentByIp: number;
  recentByEmail: number;
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
  /** Which facts the enabled checks read; the others are answered 0 without a query. */
  need: { prior: boolean; repeats: boolean; recent: boolean };
};

export type CommentPatch = {
  body?: string;
  bodyHtml?: string;
  editedAt?: number;
  status?: CommentStatus;
  verdict?: { score: number; reasons: string };
  moderatorEditedAt?: number;
};

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
  /** Most recent creation time of a comment from this IP hash or email on the site, since `since`. */
  lastPostTime(siteId: string, ipHash: string | null, email: string, since: number): Promise<number | null>;
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
  setCommentVerdict(id: string, score: number | null, reasons: string | null): Promise<void>;

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

  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What servers of one install share beyond the database: events fan out to every server
 * (live streams, read-cache invalidation) and scheduled jobs run on one server at a time.
 * In-process for a single server; PostgreSQL LISTEN/NOTIFY and advisory locks for a cluster.
 */
export interface Coordinator {
  readonly kind: string;
  start(events: import('./events.ts').ParleyEvents, store: Store): Promise<void>;
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
>;
