// The retention job: what a site keeps only for a while is erased once its time is up.
import type { Store } from '../ports.ts';
import { resolveSettings } from '../sites/settings.ts';
import { siteDefaults, type InstallDefaults } from '../sites/install-defaults.ts';
import { CONFIRM_TOKEN_MS } from '../mail/mail-tokens.ts';

const DAY = 86_400_000;
/** The log of sent notification mails, and confirmed subscriptions with no activity (see /privacy). */
export const MAIL_LOG_DAYS = 30;
export const SUBSCRIPTION_IDLE_DAYS = 365;
/** The webhook delivery log (the dashboard's), for every site. */
export const WEBHOOK_LOG_DAYS = 30;

export type Purged = {
  clientData: number;
  heldAndSpam: number;
  discards: number;
  corrections: number;
  mail: number;
  webhooks: number;
};

/** The part of the spam engine the job needs: folding old corrections into the learned layer. */
export type SpamCompactor = { compact(siteId: string, before: number): Promise<number> };

/**
 * IP hashes and user agents past their time; held and spam comments and discarded ones past
 * the spam retention, and moderators' corrections past it, whose texts are dropped once folded
 * into the site's learned layer (what the filter learned stays, the text goes). Notification
 * mail: the log of sent mails after 30 days, unconfirmed addresses once their link has expired
 * (48 hours), confirmed ones idle for a year. Webhook deliveries done with, after 30 days.
 */
export async function purgeExpired(
  store: Store,
  install: InstallDefaults,
  now: number,
  spam: SpamCompactor,
): Promise<Purged> {
  const out: Purged = { clientData: 0, heldAndSpam: 0, discards: 0, corrections: 0, mail: 0, webhooks: 0 };
  const defaults = siteDefaults(install);
  for (const site of await store.listSites()) {
    const s = resolveSettings(defaults, site.settings);
    out.clientData += await store.purgeClientData(site.id, now - s.ipRetentionDays * 86_400_000);
    out.heldAndSpam += await store.purgeHeldAndSpam(site.id, now - s.spamRetentionDays * 86_400_000);
    out.discards += await store.purgeDiscards(site.id, now - s.spamRetentionDays * 86_400_000);
    out.corrections += await spam.compact(site.id, now - s.spamRetentionDays * 86_400_000);
    out.mail += await store.purgeMail(site.id, {
      doneBefore: now - MAIL_LOG_DAYS * DAY,
      unconfirmedBefore: now - CONFIRM_TOKEN_MS,
      idleBefore: now - SUBSCRIPTION_IDLE_DAYS * DAY,
    });
  }
  out.webhooks = await store.purgeWebhookDeliveries(now - WEBHOOK_LOG_DAYS * DAY);
  return out;
}
