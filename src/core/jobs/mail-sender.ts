// The outbox sender. It claims due rows for a while (so a crash lets another server take them
// over: at-least-once), sends each group of rows as one email, and records the outcome: sent;
// retried later with backoff on a temporary failure (4xx, connection errors); failed for good
// on a 5xx, which also puts the address on the site's suppression list.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { SiteContext } from '../comments/comment-deps.ts';
import { composeConfirm, composeReplies, type Composed, type LinkBase, type MailSite } from '../mail/compose.ts';
import type { Mailer, SendOutcome } from '../mail/mailer.ts';
import { confirmToken } from '../mail/mail-tokens.ts';
import { repliesOf } from '../mail/reply-notifier.ts';
import type { MailRow, MailStore } from '../ports.ts';
import type { JobLog } from './scheduler.ts';

const BATCH = 100;
/** Tries before a mail that keeps being deferred (4xx, connection errors) is failed for good. */
export const MAX_ATTEMPTS = 8;
const HOUR = 3_600_000;

/** 1, 2, 4 … minutes, at most 4 hours, so a relay down for a night is retried through it. */
export function backoffMs(attempts: number): number {
  return Math.min(4 * HOUR, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export type MailSenderDeps = {
  store: MailStore;
  clock: Clock;
  mailer: Mailer;
  links: LinkBase;
  perRecipientHour: number;
  /** How long a claim holds the rows it took (PARLEY_MAIL_CLAIM_SECONDS): a dead server's rows wait this long. */
  claimMs: number;
  site(id: string): Promise<SiteContext | undefined>;
  /** Composes moderators' alert emails (src/core/mail/moderator-alerts.ts). */
  alerts?: { compose(group: MailRow[], site: MailSite): Promise<Composed | null> } | null;
  log: JobLog;
};

export class MailSender {
  readonly #d: MailSenderDeps;
  readonly #claimer = randomBytes(9).toString('base64url');
  #running: Promise<number> | null = null;
  #again = false;
  constructor(deps: MailSenderDeps) {
    this.#d = deps;
  }

  /** Resolves once no run is going (the app waits for it before closing the database). */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  close(): void {
    this.#d.mailer.close();
  }

  /** Sends what is due; a call while a run is going makes that run go round once more. */
  run(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let sent = 0;
      do {
        this.#again = false;
        sent += await this.#batch();
      } while (this.#again);
      return sent;
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #batch(): Promise<number> {
    const now = this.#d.clock.now();
    const rows = await this.#d.store.claimMail(this.#claimer, now, now + this.#d.claimMs, BATCH);
    const groups = new Map<string, MailRow[]>();
    for (const r of rows) {
      const k = r.group_key ?? r.id;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    // As many mails in flight as the relay takes at once; one recipient's mails one after the
    // other, so that the per-recipient cap counts each before the next is weighed.
    const byRecipient = new Map<string, MailRow[][]>();
    for (const group of groups.values()) {
      const to = group[0].recipient;
      byRecipient.set(to, [...(byRecipient.get(to) ?? []), group]);
    }
    const queues = [...byRecipient.values()];
    let sent = 0;
    const lane = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const group of queue) {
          try {
            if (await this.#send(group)) sent++;
          } catch (err) {
            // A bug or a lost database: let the claim run out and the rows be tried again later.
            this.#d.log.error({ err, job: 'mail' }, 'sending a mail failed');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#d.mailer.connections ?? 1) }, lane));
    if (rows.length === BATCH) this.#again = true;
    return sent;
  }

  async #send(group: MailRow[]): Promise<boolean> {
    const { store, clock } = this.#d;
    const [first] = group;
    const ids = group.map((r) => r.id);
    const now = clock.now();
    if (await store.isMailSuppressed(first.site_id, first.recipient)) {
      await store.finishMail(ids, { state: 'dropped', last_error: 'suppressed' });
      return false;
    }
    const since = now - HOUR;
    if (
      (await store.countMail({ siteId: first.site_id, since, recipient: first.recipient, sent: true })) >=
      this.#d.perRecipientHour
    ) {
      await store.finishMail(ids, { next_attempt_at: now + HOUR / 4 });
      return false;
    }
    const composed = await this.#compose(group);
    if (!composed) {
      await store.finishMail(ids, { state: 'dropped', last_error: 'nothing to send' });
      return false;
    }
    const outcome = await this.#d.mailer.send({
      to: first.recipient,
      ...composed,
      messageId: first.message_id,
      date: new Date(now),
    });
    await this.#record(group, outcome, now);
    return outcome.ok;
  }

  async #record(group: MailRow[], outcome: SendOutcome, now: number): Promise<void> {
    const { store } = this.#d;
    const [first, ...rest] = group;
    const attempts = first.attempts + 1;
    const last_error = outcome.ok ? null : outcome.response.slice(0, 300);
    if (outcome.ok) {
      await store.finishMail([first.id], { state: 'sent', sent_at: now, attempts, last_error });
      await store.finishMail(
        rest.map((r) => r.id),
        { state: 'merged', sent_at: now },
      );
    } else if (outcome.permanent || attempts >= MAX_ATTEMPTS) {
      await store.finishMail(
        group.map((r) => r.id),
        { state: 'failed', attempts, last_error },
      );
      if (outcome.permanent)
        await store.addMailSuppression({
          id: `${first.site_id}:${first.recipient}`,
          site_id: first.site_id,
          email: first.recipient,
          reason: last_error ?? 'refused',
          created_at: now,
        });
    } else {
      await store.finishMail(
        group.map((r) => r.id),
        { attempts, next_attempt_at: now + backoffMs(attempts), last_error },
      );
    }
    this.#d.log.info(
      { job: 'mail', mail: first.id, kind: first.kind, ok: outcome.ok, attempts },
      outcome.ok ? 'mail sent' : 'mail not accepted',
    );
  }

  /** The email for a group, or null when nothing in it is still to be sent (a reply deleted since). */
  async #compose(group: MailRow[]): Promise<Composed | null> {
    const [first] = group;
    const site = await this.#d.site(first.site_id);
    if (!site) return null;
    const mailSite: MailSite = { id: site.site.id, name: site.site.name, lang: site.lang };
    const addressId = String(first.data.addressId ?? '');
    if (first.kind === 'confirm') {
      const address = await this.#d.store.getMailAddress({ id: addressId });
      if (!address || address.confirmed_at !== null) return null;
      return composeConfirm(
        mailSite,
        this.#d.links,
        addressId,
        confirmToken(this.#d.links.key, addressId, first.created_at),
      );
    }
    if (first.kind === 'alert') return (await this.#d.alerts?.compose(group, mailSite)) ?? null;
    if (first.kind !== 'reply') return null;
    const thread = await this.#d.store.getThread(String(first.data.threadId));
    const replies = group.flatMap(repliesOf);
    const byId = new Map((await this.#d.store.getComments(replies.map((r) => r.commentId))).map((c) => [c.id, c]));
    const items = replies
      .map((r) => ({ comment: byId.get(r.commentId), toMe: r.toMe }))
      .filter((x): x is { comment: NonNullable<typeof x.comment>; toMe: boolean } => x.comment?.status === 'approved');
    if (!thread || !items.length) return null;
    return composeReplies(mailSite, this.#d.links, addressId, thread, items);
  }
}
