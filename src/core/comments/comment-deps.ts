// What every part of CommentService shares: its collaborators, and the shapes the transports
// hand it. The service is split by responsibility (posting, editing, reading threads); each part
// is a set of functions over these dependencies, so none of them needs the class to be tested.
import type { CreatedComment } from '../../contracts/api.ts';
import type { Language } from '../../contracts/messages.ts';
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import type { Bans } from '../moderation/bans.ts';
import type { CommentRow, CommentStore, MailRow, SiteRow, SpamPolicy, Verdict } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';

export type Secrets = { ip: string; form: string; edit: string; view: string };

export type SiteContext = { site: SiteRow; settings: SiteSettings; lang: Language };

export type PostMeta = {
  ip: string;
  userAgent: string | null;
  /** Present for the server-rendered form: its honeypot field. */
  honeypot?: string | null;
};

export type Renderer = (body: string) => Promise<string>;

/** How many discarded comments a site's review log keeps (the newest). */
export const DISCARD_LOG_SIZE = 1000;

export type CreateResult = CreatedComment & { threadKey: string; threadId: string | null; verdict: Verdict };

/**
 * Readers' reply emails for a comment published as it is posted (the notifications service,
 * src/core/mail/notifications.ts, provides them): the comment is stored with its rows.
 */
export type PublishedMail = {
  /** The outbox rows telling the comment's followers: none when mail is off or nobody follows. */
  replyMails(ctx: SiteContext, comment: CommentRow, parent: CommentRow | undefined): Promise<MailRow[]>;
  /** Once they are stored: the sender is started if one is due now. */
  queued(rows: MailRow[]): void;
};

export type CommentDeps = {
  readonly store: CommentStore;
  readonly clock: Clock;
  readonly secrets: Secrets;
  readonly render: Renderer;
  readonly events: ParleyEvents;
  /** The spam policy, behind its port: the rules here stay transport- and policy-agnostic. */
  readonly spam: Pick<SpamPolicy, 'judge' | 'factLimits'>;
  readonly bans: Bans | null;
  readonly mail: PublishedMail | null;
};

/** The lifecycle step a comment's status stands for, when it is stored or changed to it. */
export function statusStep(
  status: string,
): 'comment.published' | 'comment.held' | 'comment.spam' | 'comment.deleted' | null {
  if (status === 'approved') return 'comment.published';
  if (status === 'pending') return 'comment.held';
  if (status === 'spam') return 'comment.spam';
  if (status === 'deleted') return 'comment.deleted';
  return null;
}

/** Tells live readers and caches that a thread changed. */
export async function announceChange(deps: CommentDeps, siteId: string, threadId: string): Promise<void> {
  const thread = await deps.store.getThread(threadId);
  if (thread) deps.events.emit('thread.changed', { siteId, threadId: thread.id, threadKey: thread.key });
}

/**
 * A published comment's reply emails, to store with it; null leaves them to the published
 * event's listener (no notifications service here, or it could not read the followers: the
 * listener tries again and logs what fails, and the post is not refused for it).
 */
export async function replyMailsFor(
  deps: CommentDeps,
  ctx: SiteContext,
  row: CommentRow,
  parent: CommentRow | undefined,
): Promise<MailRow[] | null> {
  if (!deps.mail) return null;
  return deps.mail.replyMails(ctx, row, parent).catch(() => null);
}
