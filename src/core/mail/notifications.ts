// Readers' reply notifications: double opt-in, then an email when a reply to their comment
// (or, if they asked, any comment in the thread) is published: ./reply-notifier.ts tells them,
// in batches. Mails go through the outbox (./outbox.ts builds rows; src/core/jobs/mail-sender.ts sends).
import type { Clock } from '../clock.ts';
import type { SiteContext } from '../comments/comment-deps.ts';
import { newId } from '../ids.ts';
import type { MailAddressRow, MailStore, MailSubscriptionRow, ThreadRow } from '../ports.ts';
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
}
