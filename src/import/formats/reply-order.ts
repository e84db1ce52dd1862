// For exports read whole (Commento, Comentario): their comments come in database order, a reply
// possibly before the comment it answers. inReplyOrder() yields them in file order except that a
// reply waits for its parent, each thread before its first comment, and refuses (as `invalid`,
// the rest going on) a second comment with the same id, a reply whose parent is missing, unreadable
// or on another page, and replies that answer each other in a loop.
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

/** Why a reply cannot be placed under its parent, or null. */
function parentProblem(e: Good, readable: Map<string, Good>, refused: Refused): string | null {
  const parent = e.comment.parentKey;
  if (parent === null) return null;
  const p = readable.get(parent);
  if (p)
    return p.comment.threadKey === e.comment.threadKey ? null : `a reply to ${clip(parent)}, a comment on another page`;
  if (refused.unreadable.has(parent)) return `a reply to ${clip(parent)}, which could not be read`;
  if (refused.unplaced.has(parent)) return `a reply to ${clip(parent)}, which could not be placed`;
  return `a reply to ${clip(parent)}, not in the file`;
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
      const wrong = parentProblem(e, readable, refused);
      const parent = e.comment.parentKey;
      if (wrong) {
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
  yield* stillWaiting([...waiting.values()].flat(), entries, refused);
}

/** Replies still waiting at the end, in file order, each with why: its parent (or one above it) was refused, or a loop. */
function* stillWaiting(left: Good[], entries: readonly Entry[], refused: Refused): Generator<ImportItem> {
  const index = new Map<Entry, number>(entries.map((e, i) => [e, i]));
  const byKey = new Map(left.map((e) => [e.comment.key, e]));
  const isRefused = (key: string) => refused.unreadable.has(key) || refused.unplaced.has(key);
  const reachesRefused = (e: Good): boolean => {
    const seen = new Set<string>();
    for (let parent = e.comment.parentKey; parent !== null && !seen.has(parent); ) {
      if (isRefused(parent)) return true;
      seen.add(parent);
      parent = byKey.get(parent)?.comment.parentKey ?? null;
    }
    return false;
  };
  for (const e of left.sort((a, b) => index.get(a)! - index.get(b)!)) {
    const parent = e.comment.parentKey!;
    const message = refused.unreadable.has(parent)
      ? `a reply to ${clip(parent)}, which could not be read`
      : reachesRefused(e)
        ? `a reply to ${clip(parent)}, which could not be placed`
        : `a reply to ${clip(parent)}, in a loop of replies`;
    yield { kind: 'invalid', message, at: e.at };
  }
}
