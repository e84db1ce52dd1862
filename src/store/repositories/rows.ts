// Row normalizers shared by the repositories: drivers return some numbers as strings or
// bigints, and the rows' shapes promise numbers.
import type { ThreadRow } from '../../core/ports.ts';
import { num } from './context.ts';

/** In place: rows are fresh objects, and hot read paths should not copy them. */
export function commentFromRow<T extends { depth: number; created_at: number; edited_at: number | null }>(r: T): T {
  if (typeof r.depth !== 'number') r.depth = num(r.depth);
  if (typeof r.created_at !== 'number') r.created_at = num(r.created_at);
  if (r.edited_at != null && typeof r.edited_at !== 'number') r.edited_at = num(r.edited_at);
  const m = r as { moderator?: unknown; moderator_edited_at?: unknown };
  if (m.moderator != null && typeof m.moderator !== 'number') m.moderator = num(m.moderator);
  if (m.moderator_edited_at != null && typeof m.moderator_edited_at !== 'number')
    m.moderator_edited_at = num(m.moderator_edited_at);
  return r;
}
export function threadFromRow(r: ThreadRow): ThreadRow {
  return {
    ...r,
    closed: num(r.closed),
    comment_count: num(r.comment_count),
    version: num(r.version),
    created_at: num(r.created_at),
    reopened_at: r.reopened_at == null ? null : num(r.reopened_at),
  };
}
