// In-process events. Live updates and cache invalidation listen here; the PostgreSQL
// cluster work forwards them between servers.
import { EventEmitter } from 'node:events';
import type { PublicComment } from '../contracts/api.ts';

export type ThreadChanged = { siteId: string; threadId: string; threadKey: string };
export type CommentPublished = ThreadChanged & { comment: PublicComment };

export class ParleyEvents extends EventEmitter<{ 'thread.changed': [ThreadChanged]; 'comment.published': [CommentPublished] }> {
  constructor() {
    super();
    this.setMaxListeners(0);
  }
}
