// Notification mail for one app: the relay (SMTP when configured, or what a test passes), the
// outbox sender and its timer, and the listeners that queue mail: readers' when a comment is
// published, moderators' alerts when one is held or reported.
import type { FastifyBaseLogger } from 'fastify';
import { MailSender } from '../core/jobs/mail-sender.ts';
import { Notifications } from '../core/mail/notifications.ts';
import { ReplyNotifier } from '../core/mail/reply-notifier.ts';
import { ModeratorAlerts } from '../core/mail/moderator-alerts.ts';
import { keyedHash } from '../core/tokens.ts';
import { mailConfigured, smtpMailer } from '../mail/smtp.ts';
import type { AppContext } from './app-context.ts';
import type { BuildOptions } from './app.ts';
import type { SiteRegistry } from './site-registry.ts';

const POLL_MS = 30_000;

export function mailContext(
  opts: BuildOptions,
  sites: SiteRegistry,
  log: FastifyBaseLogger,
): Pick<AppContext, 'notifications' | 'replies' | 'mailSender' | 'mailKey' | 'alerts' | 'mailer'> {
  const { config, store, clock } = opts;
  const mailer = opts.mailer !== undefined ? opts.mailer : mailConfigured(config) ? smtpMailer(config) : null;
  const mailKey = keyedHash(opts.secrets.form, 'mail-links');
  const site = async (id: string) => {
    const row = await sites.byId(id);
    return row && sites.context(row);
  };
  const links = { publicUrl: config.publicUrl, key: mailKey };
  const kick = () => void mailSender?.run().catch((err) => log.error({ err }, 'mail sender failed'));
  const alerts = new ModeratorAlerts({ store, clock, from: mailer?.from ?? null, links, kick });
  const mailSender = mailer
    ? new MailSender({
        store,
        clock,
        mailer,
        links,
        perRecipientHour: config.mailPerRecipientHour,
        claimMs: config.mailClaimSeconds * 1000,
        site,
        alerts,
        log,
      })
    : null;
  const notifications = new Notifications({ store, clock, from: mailer?.from ?? null, site, kick });
  const replies = new ReplyNotifier({
    store,
    clock,
    from: mailer?.from ?? null,
    site,
    kick,
    onError: (err) => log.error({ err }, 'telling readers of replies failed'),
    delayMs: opts.replyDelayMs,
  });
  return { notifications, replies, mailSender, mailKey, alerts, mailer };
}

/** Listens for what queues mail and polls the outbox; returns what stops them. */
export function startMail(opts: BuildOptions, ctx: AppContext, log: FastifyBaseLogger): { stop(): Promise<void> } {
  const unlistenReaders = ctx.replies.listen(ctx.events);
  const unlistenAlerts = ctx.alerts.listen(ctx.events, (err) => log.error({ err }, 'queueing moderator alerts failed'));
  const every = opts.mailPollMs ?? POLL_MS;
  const timer =
    ctx.mailSender && every > 0
      ? setInterval(() => {
          // Markers a server left (it died before telling them, or its run failed) are told by any.
          ctx.replies.marked();
          ctx.mailSender?.run().catch((err) => log.error({ err }, 'mail sender failed'));
        }, every)
      : null;
  timer?.unref();
  return {
    stop: async () => {
      unlistenReaders();
      unlistenAlerts();
      if (timer) clearInterval(timer);
      await ctx.replies.close();
      await ctx.alerts.idle();
      await ctx.mailSender?.idle();
      ctx.mailSender?.close();
    },
  };
}
