// Pinned comments: a thread keeps the ids of its pinned top-level comments, in pin order.

/** Pinned comments per thread: a handful, or pinning stops meaning "read this first". */
export const MAX_PINS = 3;

/** A thread's pins, in pin order; none for a thread not (or no longer) there. */
export function pinnedIds(thread: { pinned: readonly string[] } | undefined): string[] {
  return thread ? [...thread.pinned] : [];
}
