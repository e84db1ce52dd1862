// "Close threads after N days": a thread takes comments for N days after it opened, or after a
// moderator last reopened it. Posting checks this exactly; a scheduled job also marks aged
// threads closed, so pages, caches and the dashboard show it without a clock in every read.
import type { ThreadState } from '../../contracts/admin-api.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { ParleyEvents } from '../events.ts';
import type { ThreadClosingStore } from '../ports.ts';
import type { ThreadRow } from '../records.ts';

const DAY_MS = 86_400_000;

export function openedBefore(closeAfterDays: number, now: number): number {
  return now - closeAfterDays * DAY_MS;
}

/** Whether the thread no longer takes comments, closed by hand or by its age. */
export function isClosed(
  thread: Pick<ThreadRow, 'closed' | 'created_at' | 'reopened_at'>,
  closeAfterDays: number,
  now: number,
): boolean {
  if (thread.closed) return true;
  if (closeAfterDays <= 0) return false;
  const since = Math.max(thread.created_at, thread.reopened_at ?? 0);
  return since < openedBefore(closeAfterDays, now);
}

/** A moderator closes a thread to new comments or reopens it; pages and caches hear of it. */
export class ThreadClosing {
  readonly #store: ThreadClosingStore;
  readonly #clock: Clock;
  readonly #events: ParleyEvents;
  readonly #audit: AuditLog;

  constructor(deps: { store: ThreadClosingStore; clock: Clock; events: ParleyEvents; audit: AuditLog }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#events = deps.events;
    this.#audit = deps.audit;
  }

  async setClosed(actor: string, siteId: string, threadId: string, closed: boolean): Promise<ThreadState> {
    const thread = await this.#store.getThread(threadId);
    // Another site's thread answers as if it did not exist.
    if (!thread || thread.site_id !== siteId) throw new AppError('NOT_FOUND');
    await this.#store.setThreadClosed(thread.id, closed, this.#clock.now());
    this.#events.emit('thread.changed', { siteId: thread.site_id, threadId: thread.id, threadKey: thread.key });
    await this.#audit.record({
      actor,
      siteId: thread.site_id,
      action: closed ? 'thread.close' : 'thread.reopen',
      target: thread.id,
      before: { closed: thread.closed },
      after: { closed },
    });
    return { id: thread.id, key: thread.key, closed };
  }
}
