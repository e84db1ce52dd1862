// Readers' reply notifications: double opt-in, then an email when a reply to their comment
// (or, if they asked, any comment in the thread) is published. Hooked on the published event,
// not on creation, so a held reply mails nobody until a moderator approves it, and spam never.
// Mails go through the outbox (./outbox.ts builds rows; src/core/jobs/mail-sender.ts sends).
import type { Clock } from '../clock.ts';
import type { SiteContext } from '../comments/comment-deps.ts';
import type { CommentPublished, ParleyEvents } from '../events.ts';
import { newId } from '../ids.ts';
import type { CommentRow, MailAddressRow, MailRow, MailStore, MailSubscriptionRow, ThreadRow } from '../ports.ts';
import { mailDomain, normalizeEmail } from './mailer.ts';
import { readConfirmToken, readManageToken, readUnsubscribeToken } from './mail-tokens.ts';
import { newMailRow } from './outbox.ts';

/** Confirmation emails: per address a day, per network an hour (a form cannot be turned into a mail cannon). */
export const CONFIRM_CAPS = { perAddressDay: 3, perNetworkHour: 20 };
const DAY = 86_400_000;
const HOUR = 3_600_000;

export type NotifyScope = 'replies' | 'thread';
export type SubscribeRequest = {
  email: string;
  threadId: string;
  commentId: string;
  scope: NotifyScope;
  ipHash: string | null;
};
export type SubscribeOutcome = 'confirmed' | 'confirmation-sent' | 'capped' | 'suppressed' | 'pending';
export type ManagedSubscription = MailSubscriptionRow & { thread: ThreadRow | undefined };

export type NotificationDeps = {
  store: MailStore;
  clock: Clock;
  /** The From address, or null: mail is not configured and nothing is offered or sent. */
  from: string | null;
  site(id: string): Promise<SiteContext | undefined>;
  /** Called after rows are queued, so the sender need not wait for its next tick. */
  kick(): void;
};

export class Notifications {
  readonly #d: NotificationDeps;
  constructor(deps: NotificationDeps) {
    this.#d = deps;
  }

  get enabled(): boolean {
    return this.#d.from !== null;
  }

  /**
   * After a post that asked for notifications: subscribes its address unless the comment went
   * to spam (a held one may still be approved, and its replies are then worth knowing about).
   */
  async afterPost(
    site: SiteContext,
    post: { email: string; notify?: NotifyScope | null; threadId: string | null; commentId: string; outcome: string },
    ipHash: string | null,
  ): Promise<SubscribeOutcome | null> {
    if (!post.notify || !post.threadId || !this.enabled) return null;
    if (post.outcome !== 'approve' && post.outcome !== 'hold') return null;
    return this.subscribe(site, {
      email: post.email,
      threadId: post.threadId,
      commentId: post.commentId,
      scope: post.notify,
      ipHash,
    });
  }

  async subscribe(site: SiteContext, req: SubscribeRequest): Promise<SubscribeOutcome> {
    if (!this.#d.from) return 'suppressed';
    const { store } = this.#d;
    const now = this.#d.clock.now();
    const email = normalizeEmail(req.email);
    if (await store.isMailSuppressed(site.site.id, email)) return 'suppressed';
    const address = await store.saveMailAddress({
      id: newId(),
      site_id: site.site.id,
      email,
      confirmed_at: null,
      created_at: now,
      active_at: now,
    });
    const commentId = req.scope === 'thread' ? null : req.commentId;
    await store.addMailSubscription({
      id: `${address.id}:${req.threadId}:${commentId ?? '*'}`,
      address_id: address.id,
      site_id: site.site.id,
      thread_id: req.threadId,
      comment_id: commentId,
      created_at: now,
    });
    if (address.confirmed_at !== null) return 'confirmed';
    return this.#requestConfirmation(site, address, req.ipHash, now);
  }

  async #requestConfirmation(
    site: SiteContext,
    address: MailAddressRow,
    ipHash: string | null,
    now: number,
  ): Promise<SubscribeOutcome> {
    const { store } = this.#d;
    const siteId = site.site.id;
    const sent = (q: { recipient?: string; ipHash?: string }, since: number) =>
      store.countMail({ siteId, kind: 'confirm', since, ...q });
    if ((await sent({ recipient: address.email }, now - DAY)) >= CONFIRM_CAPS.perAddressDay) return 'capped';
    if (ipHash && (await sent({ ipHash }, now - HOUR)) >= CONFIRM_CAPS.perNetworkHour) return 'capped';
    await store.enqueueMail(
      newMailRow({
        siteId,
        recipient: address.email,
        kind: 'confirm',
        domain: mailDomain(this.#d.from!),
        data: { addressId: address.id },
        ipHash,
        now,
      }),
    );
    this.#d.kick();
    return 'confirmation-sent';
  }

  async confirm(key: string, token: unknown): Promise<MailAddressRow | null> {
    const t = readConfirmToken(key, token, this.#d.clock.now());
    if (!t) return null;
    const address = await this.#d.store.getMailAddress({ id: t.addressId });
    if (!address) return null;
    await this.#d.store.confirmMailAddress(address.id, this.#d.clock.now());
    return address;
  }

  /** RFC 8058: one request, no further step. Unknown or erased addresses answer as done. */
  async unsubscribe(key: string, token: unknown): Promise<boolean> {
    const t = readUnsubscribeToken(key, token);
    if (!t) return false;
    await this.#d.store.removeMailSubscriptions(t.addressId, t.threadId);
    return true;
  }

  async manage(
    key: string,
    token: unknown,
  ): Promise<{ addressId: string; subscriptions: ManagedSubscription[] } | null> {
    const t = readManageToken(key, token);
    if (!t) return null;
    const subs = await this.#d.store.mailSubscriptions(t.addressId);
    const threads = new Map(
      (await this.#d.store.getThreads([...new Set(subs.map((s) => s.thread_id))])).map((x) => [x.id, x]),
    );
    return { addressId: t.addressId, subscriptions: subs.map((s) => ({ ...s, thread: threads.get(s.thread_id) })) };
  }

  /** Whether the address was confirmed on the site: the trust check counts it as verified. */
  async verified(siteId: string, email: string): Promise<boolean> {
    if (!this.#d.from) return false;
    const a = await this.#d.store.getMailAddress({ siteId, email: normalizeEmail(email) });
    return !!a?.confirmed_at;
  }

  /**
   * Listens for published comments on this server (a remote event was queued by its own
   * server): those a moderator approved or a review restored. A comment published as it was
   * posted had its mails stored with it (replyMails, through the comment service).
   */
  listen(events: ParleyEvents, onError: (err: unknown) => void): () => void {
    const handler = (e: CommentPublished) => {
      if (e.remote || e.mailQueued || !this.#d.from) return;
      this.published(e.siteId, e.comment.id).catch(onError);
    };
    events.on('comment.published', handler);
    return () => events.off('comment.published', handler);
  }

  /** Queues a mail for each confirmed follower of the comment's thread or parent, spaced by the site's interval. */
  async published(siteId: string, commentId: string): Promise<number> {
    const { store } = this.#d;
    const row = await store.getComment(commentId);
    const site = await this.#d.site(siteId);
    if (row?.status !== 'approved' || !site) return 0;
    const parent = row.parent_id ? await store.getComment(row.parent_id) : undefined;
    const rows = await this.replyMails(site, row, parent);
    // One write unit for all of them: a commit per follower cost more than the rest of the post.
    const added = await store.enqueueMails(rows);
    this.queued(rows.filter((_, i) => added[i]));
    return added.filter(Boolean).length;
  }

  /**
   * The outbox rows that tell a published comment's followers of it: one read for all of
   * them (who follows, who is refused, when each group last had mail), none without mail or
   * on a thread not created yet. Stored by the caller.
   */
  async replyMails(
    site: SiteContext,
    comment: Pick<CommentRow, 'id' | 'thread_id' | 'parent_id' | 'author_email'>,
    parent: Pick<CommentRow, 'author_email'> | undefined,
  ): Promise<MailRow[]> {
    if (!this.#d.from || !comment.thread_id) return [];
    const followers = await this.#d.store.mailFollowers(comment.thread_id, comment.parent_id);
    if (!followers.length) return [];
    const siteId = site.site.id;
    const now = this.#d.clock.now();
    const author = normalizeEmail(comment.author_email);
    const parentEmail = parent ? normalizeEmail(parent.author_email) : null;
    const interval = site.settings.notifyIntervalMinutes * 60_000;
    const domain = mailDomain(this.#d.from);
    const rows: MailRow[] = [];
    for (const a of followers) {
      if (a.email === author || a.suppressed) continue;
      rows.push(
        newMailRow({
          siteId,
          recipient: a.email,
          kind: 'reply',
          domain,
          data: { addressId: a.id, threadId: comment.thread_id, commentId: comment.id, toMe: parentEmail === a.email },
          group: `${a.id}:${comment.thread_id}`,
          dedupe: `reply:${a.id}:${comment.id}`,
          ipHash: null,
          now,
          at: a.last_sent_at === null ? now : Math.max(now, a.last_sent_at + interval),
        }),
      );
    }
    return rows;
  }

  /** Rows now in the outbox: a sender run starts if one is due now. */
  queued(rows: MailRow[]): void {
    // A reply gathered into a digest is due later, when the timer finds it: a run now would
    // only look through the outbox for nothing.
    const now = this.#d.clock.now();
    if (rows.some((r) => r.next_attempt_at <= now)) this.#d.kick();
  }
}
