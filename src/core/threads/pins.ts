// Pinned comments: a thread keeps the ids of its pinned top-level comments, in pin order.

/** Pinned comments per thread: a handful, or pinning stops meaning "read this first". */
export const MAX_PINS = 3;

export function pinnedIds(thread: { pinned: string | null } | undefined): string[] {
  if (!thread?.pinned) return [];
  try {
    const ids = JSON.parse(thread.pinned);
    return Array.isArray(ids) ? ids.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
