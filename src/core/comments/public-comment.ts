// Turns stored rows into what the public sees. The allow-list of fields lives here: no
// email, no IP hash, no user agent, no token hash ever leaves through this function.
import type { PublicComment } from '../../contracts/api.ts';
import type { PublicRow } from '../records.ts';

export type { PublicRow };

export function toPublicComment(
  row: PublicRow,
  parent: string | null = row.parent_id,
  depth = row.depth,
  pinned = false,
): PublicComment {
  // A thread page reads held and spam comments only as the top of published replies: there they
  // stand in as placeholders. (The author's own view of a held comment is ownPendingComment.)
  const hidden = row.status === 'pending' || row.status === 'spam';
  const removed = row.status === 'deleted' || hidden;
  const out: PublicComment = {
    id: row.id,
    parent,
    depth,
    author: removed ? null : { name: row.author_name, website: row.author_website, avatar: row.avatar },
    html: removed ? null : row.body_html,
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: row.edited_at == null ? null : new Date(row.edited_at).toISOString(),
    replies: [],
    moreReplies: null,
  };
  if (row.status === 'deleted') out.deleted = true;
  if (hidden) out.hidden = true;
  if (pinned && !removed) out.pinned = true;
  if (!removed && row.moderator) out.moderator = true;
  if (!removed && row.moderator_edited_at) out.editedByModerator = true;
  return out;
}

/**
 * Nests the replies of one top-level comment. Rows arrive in id (= time) order, so a parent
 * always precedes its replies. Replies deeper than the display depth attach to the deepest
 * allowed ancestor. Removed comments stay only as placeholders above visible replies.
 */
export function nestReplies(root: PublicComment, rows: PublicRow[], maxDepth: number): void {
  const nodes = new Map<string, PublicComment>([[root.id, root]]);
  const deepest = Math.max(1, maxDepth - 1);
  for (const row of rows) {
    let parent = nodes.get(row.parent_id ?? '') ?? root;
    while (parent.depth >= deepest && parent.parent && nodes.has(parent.parent)) parent = nodes.get(parent.parent)!;
    const node = toPublicComment(row, parent.id, Math.min(parent.depth + 1, deepest));
    parent.replies.push(node);
    nodes.set(node.id, node);
  }
  prunePlaceholders(root);
}

function prunePlaceholders(node: PublicComment): boolean {
  node.replies = node.replies.filter(prunePlaceholders);
  return !(node.deleted || node.hidden) || node.replies.length > 0;
}

/** A held (or spam) comment as its author sees it through a view token: its text, marked pending. */
export function ownPendingComment(row: PublicRow): PublicComment {
  const out = toPublicComment({ ...row, status: 'approved' });
  out.pending = true;
  return out;
}
