// In-process events. Live updates and cache invalidation listen here; the PostgreSQL
// cluster work forwards them between servers.
import { EventEmitter } from 'node:events';
import type { PublicComment } from '../contracts/api.ts';

// `remote` marks an event that another server published: it is not forwarded again.
export type ThreadChanged = { siteId: string; threadId: string; threadKey: string; remote?: boolean };
export type CommentPublished = ThreadChanged & { comment: PublicComment };
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

export class ParleyEvents extends EventEmitter<{
  'thread.changed': [ThreadChanged];
  'comment.published': [CommentPublished];
  'queue.changed': [QueueChanged];
  'moderation.alert': [ModerationAlert];
  'events.missed': [EventsMissed];
}> {
  constructor() {
    super();
    this.setMaxListeners(0);
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
