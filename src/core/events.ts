// In-process events. Live updates and cache invalidation listen here; the PostgreSQL
// cluster work forwards them between servers.
import { EventEmitter } from 'node:events';
import type { PublicComment } from '../contracts/api.ts';
import type { WebhookEvent } from '../contracts/webhooks.ts';

// `remote` marks an event that another server published: it is not forwarded again.
export type ThreadChanged = { siteId: string; threadId: string; threadKey: string; remote?: boolean };
export type CommentPublished = ThreadChanged & {
  comment: PublicComment;
  /** Published as it was posted: it was marked for the reply notifier then, if anyone follows. */
  mailQueued?: boolean;
};
/** Something moderators' queues show changed on a site (a held comment, a report, a decision). */
export type QueueChanged = { siteId: string; remote?: boolean };

/**
 * A comment now waits for a moderator: held by the filter (`held`), or reported by a reader
 * (`report`). Moderators' email alerts listen; it stays on the server that saw it (the outbox
 * in the database is what every server shares).
 */
export type ModerationAlert = { siteId: string; kind: 'held' | 'report'; commentId: string };

/**
 * Events from other servers may have been lost (the link between servers was down for a while):
 * whatever is derived from them (cached pages, queue counts) must be read afresh.
 */
export type EventsMissed = { reason: string };

/**
 * A step in a comment's life, as the services take it (never the store or an import): posted,
 * published, held, taken for spam, deleted, reported. Webhooks follow these. `type` is the
 * webhook event's name; `reportReason` comes with report.created.
 */
export type CommentLifecycle = {
  type: WebhookEvent;
  siteId: string;
  commentId: string;
  reportReason?: string;
  remote?: boolean;
};

/**
 * Something kept of lifecycle steps (webhook deliveries): awaited before the request is answered.
 * Steps of one act (a comment created and published) come together, to be kept in one write.
 */
export type LifecycleRecorder = (steps: CommentLifecycle[]) => Promise<void>;

export class ParleyEvents extends EventEmitter<{
  'thread.changed': [ThreadChanged];
  'comment.published': [CommentPublished];
  'queue.changed': [QueueChanged];
  'moderation.alert': [ModerationAlert];
  'events.missed': [EventsMissed];
  'comment.lifecycle': [CommentLifecycle];
}> {
  readonly #recorders = new Set<LifecycleRecorder>();
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  /** Adds a recorder of lifecycle steps; returns what removes it. */
  recordLifecycle(recorder: LifecycleRecorder): () => void {
    this.#recorders.add(recorder);
    return () => this.#recorders.delete(recorder);
  }

  /**
   * Announces lifecycle steps and waits for their recorders, so that what they keep (delivery
   * rows) is stored when the request that caused them is answered: a crash just after loses
   * nothing. A recorder's failure is its own to report; the steps themselves have happened.
   */
  async lifecycle(...steps: CommentLifecycle[]): Promise<void> {
    for (const e of steps) this.emit('comment.lifecycle', e);
    await Promise.allSettled([...this.#recorders].map((r) => r(steps)));
  }
}

/** The coordinator of a single server: events stay in the process, jobs just run. */
export class LocalCoordinator {
  readonly kind = 'local';
  async start(): Promise<void> {}
  async runExclusive(_job: string, fn: () => Promise<void>): Promise<boolean> {
    await fn();
    return true;
  }
  async close(): Promise<void> {}
}
