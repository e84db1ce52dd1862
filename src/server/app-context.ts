// Everything a route needs, built once by buildApp().
import type { Renderer } from '../core/comments/comment-deps.ts';
import type { Clock } from '../core/clock.ts';
import type { CommentService, Secrets } from '../core/comments/comment-service.ts';
import type { ParleyEvents } from '../core/events.ts';
import type { FloodGuard, Store } from '../core/ports.ts';
import type { ApiKeys } from '../core/keys/api-keys.ts';
import type { SpamReview } from '../core/moderation/spam-review.ts';
import type { Bans } from '../core/moderation/bans.ts';
import type { SpamEngine } from '../spam/engine.ts';
import type { Config } from '../config/config.ts';
import type { Notifications } from '../core/mail/notifications.ts';
import type { ReplyNotifier } from '../core/mail/reply-notifier.ts';
import type { MailSender } from '../core/jobs/mail-sender.ts';
import type { ModeratorAlerts } from '../core/mail/moderator-alerts.ts';
import type { Mailer } from '../core/mail/mailer.ts';
import type { WebhookSender } from '../core/jobs/webhook-sender.ts';
import type { Webhooks } from '../core/webhooks/webhooks.ts';
import type { ReadCache } from './read-cache.ts';
import type { SiteRegistry } from './site-registry.ts';
import type { StreamRegistry } from './streams.ts';

export type AppContext = {
  config: Config;
  store: Store;
  clock: Clock;
  secrets: Secrets;
  /** Markdown to sanitized HTML, as every comment is rendered (imports too). */
  render: Renderer;
  events: ParleyEvents;
  comments: CommentService;
  sites: SiteRegistry;
  cache: ReadCache;
  spam: SpamEngine;
  keys: ApiKeys;
  review: SpamReview;
  bans: Bans;
  /** The live streams held open, their caps, and their end at shutdown. */
  streams: StreamRegistry;
  /** Shared flood counters (Redis), when configured: readiness reports when they are away. */
  flood: FloodGuard | null;
  /** Readers' reply notifications; `enabled` is false when mail is not configured. */
  notifications: Notifications;
  /** Tells readers of published replies, in batches (markers left by the posts); idle without mail. */
  replies: ReplyNotifier;
  /** The outbox sender, when mail is configured. */
  mailSender: MailSender | null;
  /** Key of the signed links in notification emails. */
  mailKey: string;
  /** Moderators' email alerts (held comments, reports); `enabled` is false when mail is not configured. */
  alerts: ModeratorAlerts;
  /** The relay, when mail is configured: the dashboard's test email goes straight to it. */
  mailer: Mailer | null;
  /** A site's webhook endpoints, and the recording of lifecycle steps as deliveries. */
  webhooks: Webhooks;
  webhookSender: WebhookSender;
};
