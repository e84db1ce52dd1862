// What a thread page should show once a fixture is imported, worked out from the reader's items
// and the rows written, by the rules the public page follows (src/core/comments/public-comment.ts):
// every comment hangs from its parent (the top-level comment when the parent is not in the thread)
// and shows when published, or as a placeholder (removed, or held or spam: hidden) when a shown
// comment hangs below it; placeholders with nothing shown below them go.
import type { PublicComment } from '../../src/contracts/api.ts';
import type { ImportComment, ImportItem } from '../../src/core/import/source.ts';
import type { CommentRow } from '../../src/core/ports.ts';

/** A page's shape: ids, placeholders (removed, or hidden: held or spam) and nesting, nothing else. */
export type Shape = { id: string; placeholder: boolean; replies: Shape[] };

export const shapeOf = (comments: PublicComment[]): Shape[] =>
  comments.map((c) => ({ id: c.id, placeholder: !!(c.deleted || c.hidden), replies: shapeOf(c.replies) }));

/**
 * The comments an import keeps, by source key: in a thread the file named (and could read)
 * before them, with a readable date, the first of a repeated id.
 */
export function keptComments(items: ImportItem[], threadOk: (url: string) => boolean): Map<string, ImportComment> {
  const threads = new Map<string, boolean>();
  const kept = new Map<string, ImportComment>();
  for (const item of items) {
    if (item.kind === 'thread') threads.set(item.thread.key, threadOk(item.thread.url));
    if (item.kind !== 'comment') continue;
    const c = item.comment;
    if (threads.get(c.threadKey) && Number.isFinite(c.createdAt) && !kept.has(c.key)) kept.set(c.key, c);
  }
  return kept;
}

/** Where a kept comment is stored: under its parent when the file has it in the same thread; else at the top. */
export function expectedParent(c: ImportComment, kept: Map<string, ImportComment>): string | null {
  const p = c.parentKey && c.parentKey !== c.key ? kept.get(c.parentKey) : undefined;
  return p && p.threadKey === c.threadKey ? p.key : null;
}

/** The page a thread's rows (all of them, any status) should give. */
export function expectedPage(rows: CommentRow[]): Shape[] {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
  const byId = new Map(sorted.map((r) => [r.id, r]));
  const rootOf = (r: CommentRow): CommentRow => {
    let at = r;
    while (at.parent_id && byId.has(at.parent_id)) at = byId.get(at.parent_id)!;
    return at;
  };
  const top: Shape[] = [];
  const nodes = new Map<string, Shape>();
  for (const r of sorted) {
    const root = rootOf(r);
    const node: Shape = { id: r.id, placeholder: r.status !== 'approved', replies: [] };
    if (root === r) top.push(node);
    else (nodes.get(r.parent_id!) ?? nodes.get(root.id)!).replies.push(node);
    nodes.set(r.id, node);
  }
  const prune = (list: Shape[]): Shape[] =>
    list.filter((n) => {
      n.replies = prune(n.replies);
      return !n.placeholder || n.replies.length > 0;
    });
  return prune(top);
}

export const idsOf = (shapes: Shape[]): string[] => shapes.flatMap((s) => [s.id, ...idsOf(s.replies)]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of a text or HTML body: tags dropped, entities read. */
export function wordsOf(text: string): string[] {
  const plain = text
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? m),
    );
  return plain.match(/[\p{L}\p{N}\p{Extended_Pictographic}]+/gu) ?? [];
}
