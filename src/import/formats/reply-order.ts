// For exports read whole (Commento, Comentario): their comments come in database order, a reply
// possibly before the comment it answers. inReplyOrder() yields them in file order except that a
// reply waits for its parent, each thread before its first comment, and refuses (as `invalid`,
// the rest going on) a second comment with the same id, a reply to a comment on another page, and
// replies that answer each other in a loop. A reply whose parent is not in the file, could not be
// read or was refused is yielded still: the import keeps it at its thread's top level, as an orphan.
import type { ImportComment, ImportItem, ImportThread, SourcePosition } from '../../core/import/source.ts';
import { clip } from './json-source.ts';

export type Entry =
  /** A record that cannot be read; its id, when it has one, tells its replies why they cannot be placed. */
  | { readonly at: SourcePosition; readonly wrong: string; readonly key: string | null }
  | {
      readonly at: SourcePosition;
      readonly comment: ImportComment;
      /** The comment's thread, yielded before it unless already yielded (or yielded by the caller). */
      readonly thread: ImportThread | null;
      /** Fields of the record that carry something Parley does not import. */
      readonly unused: readonly string[];
    };

type Good = Extract<Entry, { comment: ImportComment }>;

/** Keys of the comments that are not imported: unreadable records, and replies refused for their parent. */
type Refused = { readonly unreadable: Set<string>; readonly unplaced: Set<string> };

/** Why a reply cannot be kept at all, 'orphan' when its parent will never come, or null. */
function parentProblem(e: Good, readable: Map<string, Good>): string | 'orphan' | null {
  const parent = e.comment.parentKey;
  if (parent === null) return null;
  const p = readable.get(parent);
  if (p)
    return p.comment.threadKey === e.comment.threadKey ? null : `a reply to ${clip(parent)}, a comment on another page`;
  return 'orphan';
}

export function* inReplyOrder(entries: readonly Entry[]): Generator<ImportItem> {
  // First pass: which comments can be read, by key (the first of two with one key wins).
  const readable = new Map<string, Good>();
  const refused: Refused = { unreadable: new Set(), unplaced: new Set() };
  const duplicates = new Set<Entry>();
  for (const e of entries) {
    if ('wrong' in e) {
      if (e.key) refused.unreadable.add(e.key);
    } else if (readable.has(e.comment.key)) duplicates.add(e);
    else readable.set(e.comment.key, e);
  }
  const threads = new Set<string>();
  const done = new Set<string>();
  const waiting = new Map<string, Good[]>();
  // Depth first, a reply right after its parent; a stack rather than recursion, for long chains.
  function* emit(first: Good): Generator<ImportItem> {
    const stack = [first];
    while (stack.length) {
      const e = stack.pop()!;
      if (e.thread && !threads.has(e.thread.key)) {
        threads.add(e.thread.key);
        yield { kind: 'thread', thread: { ...e.thread, at: e.at } };
      }
      yield { kind: 'comment', comment: e.comment };
      for (const field of e.unused) yield { kind: 'unknown', field, at: e.at };
      done.add(e.comment.key);
      const replies = waiting.get(e.comment.key) ?? [];
      waiting.delete(e.comment.key);
      for (let i = replies.length - 1; i >= 0; i--) stack.push(replies[i]);
    }
  }
  for (const e of entries) {
    if ('wrong' in e) yield { kind: 'invalid', message: e.wrong, at: e.at };
    else if (duplicates.has(e))
      yield { kind: 'invalid', message: `a second comment with the id ${clip(e.comment.key)}`, at: e.at };
    else {
      const wrong = parentProblem(e, readable);
      const parent = e.comment.parentKey;
      if (wrong === 'orphan') yield* emit(e);
      else if (wrong) {
        yield { kind: 'invalid', message: wrong, at: e.at };
        // Its own replies cannot be placed either: they are reported below as waiting for it.
        refused.unplaced.add(e.comment.key);
        readable.delete(e.comment.key);
      } else if (parent === null || done.has(parent)) yield* emit(e);
      else {
        const list = waiting.get(parent);
        if (list) list.push(e);
        else waiting.set(parent, [e]);
      }
    }
  }
  // Left waiting: replies under a comment that was refused (orphans, kept), or in a loop (refused).
  const left = [...waiting.values()].flat();
  const loops = new Set(inLoops(left, refused));
  const index = new Map<Entry, number>(entries.map((e, i) => [e, i]));
  const leftKeys = new Set(left.map((e) => e.comment.key));
  for (const e of left.sort((a, b) => index.get(a)! - index.get(b)!)) {
    if (loops.has(e))
      yield { kind: 'invalid', message: `a reply to ${clip(e.comment.parentKey!)}, in a loop of replies`, at: e.at };
    // The top of each waiting chain; emit() brings its replies after it.
    else if (!leftKeys.has(e.comment.parentKey!)) yield* emit(e);
  }
}

/** The replies still waiting whose chain of parents never reaches a refused comment: a loop. */
function inLoops(left: Good[], refused: Refused): Good[] {
  const byKey = new Map(left.map((e) => [e.comment.key, e]));
  const isRefused = (key: string) => refused.unreadable.has(key) || refused.unplaced.has(key);
  const reachesRefused = (e: Good): boolean => {
    const seen = new Set<string>();
    for (let parent = e.comment.parentKey; parent !== null && !seen.has(parent); ) {
      if (isRefused(parent) || !byKey.has(parent)) return true;
      seen.add(parent);
      parent = byKey.get(parent)?.comment.parentKey ?? null;
    }
    return false;
  };
  return left.filter((e) => !reachesRefused(e));
}
