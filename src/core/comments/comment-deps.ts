// What every part of CommentService shares: its collaborators, and the shapes the transports
// hand it. The service is split by responsibility (posting, editing, reading threads); each part
// is a set of functions over these dependencies, so none of them needs the class to be tested.
import type { CreatedComment } from '../../contracts/api.ts';
import type { Language } from '../../contracts/messages.ts';
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import type { Bans } from '../moderation/bans.ts';
import type { CommentRow, CommentStore, SiteRow, SpamPolicy, Verdict } from '../ports.ts';
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
 * Readers' reply emails for a comment published as it is posted (the reply notifier,
 * src/core/mail/reply-notifier.ts): the comment is stored with a marker, told later in a batch.
 */
export type PublishedMail = {
  /** Whether it needs the marker: mail is on and someone follows its thread or parent. */
  toTell(comment: Pick<CommentRow, 'thread_id' | 'parent_id'>): Promise<boolean>;
  /** Once a marked comment is stored: the notifier runs soon. */
  marked(): void;
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

/** Whether a comment published as it is stored carries the reply notifier's marker. */
export async function markToTell(deps: CommentDeps, row: CommentRow): Promise<boolean> {
  return row.status === 'approved' && deps.mail !== null && (await deps.mail.toTell(row));
}
