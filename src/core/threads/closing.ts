// "Close threads after N days": a thread takes comments for N days after it opened, or after a
// moderator last reopened it. Posting checks this exactly; a scheduled job also marks aged
// threads closed, so pages, caches and the dashboard show it without a clock in every read.
import type { ThreadRow } from '../records.ts';

const DAY_MS = 86_400_000;

export function openedBefore(closeAfterDays: number, now: number): number {
  return now - closeAfterDays * DAY_MS;
}

/** Whether the thread no longer takes comments, closed by hand or by its age. */
export function isClosed(thread: Pick<ThreadRow, 'closed' | 'created_at' | 'reopened_at'>, closeAfterDays: number, now: number): boolean {
  if (thread.closed) return true;
  if (closeAfterDays <= 0) return false;
  const since = Math.max(thread.created_at, thread.reopened_at ?? 0);
  return since < openedBefore(closeAfterDays, now);
}
