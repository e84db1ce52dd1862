// The SQL store: one object satisfying the Store port (src/core/ports.ts) for SQLite and
// PostgreSQL, composed of one repository per aggregate (./repositories/). Reads go through
// Kysely directly; writes are compiled by the repositories and handed to the backend's
// WriteRunner as atomic units, which lets SQLite batch them into group commits and
// PostgreSQL run them as transactions.
//
// Each Store method below forwards to the repository that owns it, spelled out one by one
// so that `implements Store` checks every signature and a reader sees where each lives; those
// of the outboxes (notification mail, webhooks) are in ./sql-store-outboxes.ts, which this extends.
import { type Kysely, sql } from 'kysely';
import type { Store } from '../core/ports.ts';
import type { Database } from './schema.ts';
import type { WriteRunner } from './write-runner.ts';
import { WriteHealth, readinessProbe } from './health.ts';
import { QueryMemo } from './query-memo.ts';
import { storeContext } from './repositories/context.ts';
import { SiteRepository } from './repositories/sites.ts';
import { ThreadRepository } from './repositories/threads.ts';
import { CommentRepository } from './repositories/comments.ts';
import { ThreadPageRepository } from './repositories/thread-pages.ts';
import { ModerationRepository } from './repositories/moderation.ts';
import { AccountRepository } from './repositories/accounts.ts';
import { SpamMemoryRepository } from './repositories/spam-memory.ts';
import { ApiKeyRepository } from './repositories/api-keys.ts';
import { PrivacyRepository } from './repositories/privacy.ts';
import { MailSubscriptionRepository } from './repositories/mail-subscriptions.ts';
import { MailOutboxRepository } from './repositories/mail-outbox.ts';
import { ImportRepository } from './repositories/imports.ts';
import { ModeratorAlertRepository } from './repositories/moderator-alerts.ts';
import { WebhookRepository } from './repositories/webhooks.ts';
import { SqlStoreOutboxes } from './sql-store-outboxes.ts';

type Args<K extends keyof Store> = Store[K] extends (...args: infer A) => unknown ? A : never;

export type SqlStoreOptions = {
  /** Read a thread page in one statement rather than three (see ThreadPageRepository). */
  pageInOneStatement?: boolean;
};

export class SqlStore extends SqlStoreOutboxes implements Store {
  readonly backend: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  readonly #writer: WriteRunner;
  readonly #health: WriteHealth;
  readonly #onClose: () => Promise<void>;
  readonly #sites: SiteRepository;
  readonly #threads: ThreadRepository;
  readonly #comments: CommentRepository;
  readonly #pages: ThreadPageRepository;
  readonly #moderation: ModerationRepository;
  readonly #accounts: AccountRepository;
  readonly #spam: SpamMemoryRepository;
  readonly #apiKeys: ApiKeyRepository;
  readonly #privacy: PrivacyRepository;
  readonly #imports: ImportRepository;
  readonly #alerts: ModeratorAlertRepository;

  constructor(
    backend: 'sqlite' | 'postgres',
    db: Kysely<Database>,
    writer: WriteRunner,
    onClose: () => Promise<void>,
    options: SqlStoreOptions = {},
  ) {
    // Every write goes through the health watch, so that readiness knows when writes fail.
    const health = new WriteHealth(writer, readinessProbe(db));
    // One context, hence one query memo and one write runner, for every repository.
    const ctx = storeContext(backend, db, health.runner, new QueryMemo());
    super(new MailSubscriptionRepository(ctx), new MailOutboxRepository(ctx), new WebhookRepository(ctx));
    this.backend = backend;
    this.db = db;
    this.#health = health;
    this.#writer = health.runner;
    this.#onClose = onClose;
    this.#sites = new SiteRepository(ctx);
    this.#threads = new ThreadRepository(ctx);
    this.#comments = new CommentRepository(ctx);
    this.#pages = new ThreadPageRepository(ctx, this.#threads, options.pageInOneStatement ?? false);
    this.#moderation = new ModerationRepository(ctx);
    this.#accounts = new AccountRepository(ctx);
    this.#spam = new SpamMemoryRepository(ctx);
    this.#apiKeys = new ApiKeyRepository(ctx);
    this.#privacy = new PrivacyRepository(ctx);
    this.#imports = new ImportRepository(ctx);
    this.#alerts = new ModeratorAlertRepository(ctx);
  }

  // sites, their settings, the install's secrets
  loadOrCreateSecrets(...a: Args<'loadOrCreateSecrets'>) {
    return this.#sites.loadOrCreateSecrets(...a);
  }
  createSite(...a: Args<'createSite'>) {
    return this.#sites.createSite(...a);
  }
  listSites(...a: Args<'listSites'>) {
    return this.#sites.listSites(...a);
  }
  getSite(...a: Args<'getSite'>) {
    return this.#sites.getSite(...a);
  }
  updateSite(...a: Args<'updateSite'>) {
    return this.#sites.updateSite(...a);
  }

  // threads
  getThreadByKey(...a: Args<'getThreadByKey'>) {
    return this.#threads.getThreadByKey(...a);
  }
  getThread(...a: Args<'getThread'>) {
    return this.#threads.getThread(...a);
  }
  getThreads(...a: Args<'getThreads'>) {
    return this.#threads.getThreads(...a);
  }
  countsByKeys(...a: Args<'countsByKeys'>) {
    return this.#threads.countsByKeys(...a);
  }
  listThreads(...a: Args<'listThreads'>) {
    return this.#threads.listThreads(...a);
  }
  exportThreads(...a: Args<'exportThreads'>) {
    return this.#threads.exportThreads(...a);
  }
  setThreadClosed(...a: Args<'setThreadClosed'>) {
    return this.#threads.setThreadClosed(...a);
  }
  closeAgedThreads(...a: Args<'closeAgedThreads'>) {
    return this.#threads.closeAgedThreads(...a);
  }
  setThreadPins(...a: Args<'setThreadPins'>) {
    return this.#threads.setThreadPins(...a);
  }

  // comments one by one
  insertComment(...a: Args<'insertComment'>) {
    return this.#comments.insertComment(...a);
  }
  getComment(...a: Args<'getComment'>) {
    return this.#comments.getComment(...a);
  }
  getComments(...a: Args<'getComments'>) {
    return this.#comments.getComments(...a);
  }
  updateComment(...a: Args<'updateComment'>) {
    return this.#comments.updateComment(...a);
  }
  commentIdByDedupeKey(...a: Args<'commentIdByDedupeKey'>) {
    return this.#comments.commentIdByDedupeKey(...a);
  }
  lastPostTime(...a: Args<'lastPostTime'>) {
    return this.#comments.lastPostTime(...a);
  }
  exportComments(...a: Args<'exportComments'>) {
    return this.#comments.exportComments(...a);
  }

  // thread pages as readers see them
  listTopLevel(...a: Args<'listTopLevel'>) {
    return this.#pages.listTopLevel(...a);
  }
  listReplies(...a: Args<'listReplies'>) {
    return this.#pages.listReplies(...a);
  }
  threadPage(...a: Args<'threadPage'>) {
    return this.#pages.threadPage(...a);
  }
  listMoreReplies(...a: Args<'listMoreReplies'>) {
    return this.#pages.listMoreReplies(...a);
  }
  latestComments(...a: Args<'latestComments'>) {
    return this.#pages.latestComments(...a);
  }

  // moderation: queues, reports, bans, audit, statistics
  listByStatus(...a: Args<'listByStatus'>) {
    return this.#moderation.listByStatus(...a);
  }
  listReported(...a: Args<'listReported'>) {
    return this.#moderation.listReported(...a);
  }
  countsByStatus(...a: Args<'countsByStatus'>) {
    return this.#moderation.countsByStatus(...a);
  }
  authorHistories(...a: Args<'authorHistories'>) {
    return this.#moderation.authorHistories(...a);
  }
  searchComments(...a: Args<'searchComments'>) {
    return this.#moderation.searchComments(...a);
  }
  dailyStats(...a: Args<'dailyStats'>) {
    return this.#moderation.dailyStats(...a);
  }
  addReport(...a: Args<'addReport'>) {
    return this.#moderation.addReport(...a);
  }
  openReports(...a: Args<'openReports'>) {
    return this.#moderation.openReports(...a);
  }
  resolveReports(...a: Args<'resolveReports'>) {
    return this.#moderation.resolveReports(...a);
  }
  addBan(...a: Args<'addBan'>) {
    return this.#moderation.addBan(...a);
  }
  activeBans(...a: Args<'activeBans'>) {
    return this.#moderation.activeBans(...a);
  }
  deleteBan(...a: Args<'deleteBan'>) {
    return this.#moderation.deleteBan(...a);
  }
  addAudit(...a: Args<'addAudit'>) {
    return this.#moderation.addAudit(...a);
  }
  listAudit(...a: Args<'listAudit'>) {
    return this.#moderation.listAudit(...a);
  }

  // moderators' accounts, memberships, sessions
  createUser(...a: Args<'createUser'>) {
    return this.#accounts.createUser(...a);
  }
  getUser(...a: Args<'getUser'>) {
    return this.#accounts.getUser(...a);
  }
  findUserByEmail(...a: Args<'findUserByEmail'>) {
    return this.#accounts.findUserByEmail(...a);
  }
  setUserLogin(...a: Args<'setUserLogin'>) {
    return this.#accounts.setUserLogin(...a);
  }
  addMembership(...a: Args<'addMembership'>) {
    return this.#accounts.addMembership(...a);
  }
  membershipsOf(...a: Args<'membershipsOf'>) {
    return this.#accounts.membershipsOf(...a);
  }
  siteMembers(...a: Args<'siteMembers'>) {
    return this.#accounts.siteMembers(...a);
  }
  removeMembership(...a: Args<'removeMembership'>) {
    return this.#accounts.removeMembership(...a);
  }
  addInvitation(...a: Args<'addInvitation'>) {
    return this.#accounts.addInvitation(...a);
  }
  siteInvitations(...a: Args<'siteInvitations'>) {
    return this.#accounts.siteInvitations(...a);
  }
  removeInvitation(...a: Args<'removeInvitation'>) {
    return this.#accounts.removeInvitation(...a);
  }
  acceptInvitations(...a: Args<'acceptInvitations'>) {
    return this.#accounts.acceptInvitations(...a);
  }
  createSession(...a: Args<'createSession'>) {
    return this.#accounts.createSession(...a);
  }
  getSession(...a: Args<'getSession'>) {
    return this.#accounts.getSession(...a);
  }
  deleteSessions(...a: Args<'deleteSessions'>) {
    return this.#accounts.deleteSessions(...a);
  }

  // the spam engine's memory
  spamFacts(...a: Args<'spamFacts'>) {
    return this.#spam.spamFacts(...a);
  }
  recordDiscard(...a: Args<'recordDiscard'>) {
    return this.#spam.recordDiscard(...a);
  }
  listDiscards(...a: Args<'listDiscards'>) {
    return this.#spam.listDiscards(...a);
  }
  addSpamCorrection(...a: Args<'addSpamCorrection'>) {
    return this.#spam.addSpamCorrection(...a);
  }
  spamCorrections(...a: Args<'spamCorrections'>) {
    return this.#spam.spamCorrections(...a);
  }
  spamLayer(...a: Args<'spamLayer'>) {
    return this.#spam.spamLayer(...a);
  }
  compactSpamCorrections(...a: Args<'compactSpamCorrections'>) {
    return this.#spam.compactSpamCorrections(...a);
  }
  setCommentVerdict(...a: Args<'setCommentVerdict'>) {
    return this.#spam.setCommentVerdict(...a);
  }

  // API keys and their usage
  createApiKey(...a: Args<'createApiKey'>) {
    return this.#apiKeys.createApiKey(...a);
  }
  findApiKey(...a: Args<'findApiKey'>) {
    return this.#apiKeys.findApiKey(...a);
  }
  listApiKeys(...a: Args<'listApiKeys'>) {
    return this.#apiKeys.listApiKeys(...a);
  }
  revokeApiKey(...a: Args<'revokeApiKey'>) {
    return this.#apiKeys.revokeApiKey(...a);
  }
  addApiUsage(...a: Args<'addApiUsage'>) {
    return this.#apiKeys.addApiUsage(...a);
  }
  apiUsage(...a: Args<'apiUsage'>) {
    return this.#apiKeys.apiUsage(...a);
  }

  // a commenter's data, and retention
  commentsByEmail(...a: Args<'commentsByEmail'>) {
    return this.#privacy.commentsByEmail(...a);
  }
  discardsByEmail(...a: Args<'discardsByEmail'>) {
    return this.#privacy.discardsByEmail(...a);
  }
  correctionsByEmail(...a: Args<'correctionsByEmail'>) {
    return this.#privacy.correctionsByEmail(...a);
  }
  eraseAuthor(...a: Args<'eraseAuthor'>) {
    return this.#privacy.eraseAuthor(...a);
  }
  commentsByAuthorKey(...a: Args<'commentsByAuthorKey'>) {
    return this.#privacy.commentsByAuthorKey(...a);
  }
  eraseAuthorKey(...a: Args<'eraseAuthorKey'>) {
    return this.#privacy.eraseAuthorKey(...a);
  }

  // imports from other systems
  importLookup(...a: Args<'importLookup'>) {
    return this.#imports.importLookup(...a);
  }
  setAsideImportIndexes(...a: Args<'setAsideImportIndexes'>) {
    return this.#imports.setAsideImportIndexes(...a);
  }
  restoreImportIndexes(...a: Args<'restoreImportIndexes'>) {
    return this.#imports.restoreImportIndexes(...a);
  }
  writeImportBatch(...a: Args<'writeImportBatch'>) {
    return this.#imports.writeImportBatch(...a);
  }
  pendingImportLinks(...a: Args<'pendingImportLinks'>) {
    return this.#imports.pendingImportLinks(...a);
  }
  linkImportedReply(...a: Args<'linkImportedReply'>) {
    return this.#imports.linkImportedReply(...a);
  }
  purgeClientData(...a: Args<'purgeClientData'>) {
    return this.#privacy.purgeClientData(...a);
  }
  purgeHeldAndSpam(...a: Args<'purgeHeldAndSpam'>) {
    return this.#privacy.purgeHeldAndSpam(...a);
  }
  purgeDiscards(...a: Args<'purgeDiscards'>) {
    return this.#privacy.purgeDiscards(...a);
  }

  // moderators' email alerts
  saveModeratorAlerts(...a: Args<'saveModeratorAlerts'>) {
    return this.#alerts.saveModeratorAlerts(...a);
  }
  moderatorAlerts(...a: Args<'moderatorAlerts'>) {
    return this.#alerts.moderatorAlerts(...a);
  }
  alertRecipients(...a: Args<'alertRecipients'>) {
    return this.#alerts.alertRecipients(...a);
  }

  /** The database answers; and, after writes failed as unavailable, a probe write commits. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
    await this.#health.check();
  }

  async close(): Promise<void> {
    await this.#writer.close();
    await this.#onClose();
  }
}
