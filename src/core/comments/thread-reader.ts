// Reading threads as the public sees them: a page of top-level comments with their first
// replies (pinned comments first), more replies of one comment, and comment counts by thread.
import type { PublicComment, PublicThread, RepliesPage, ThreadPage } from '../../contracts/api.ts';
import type { Language } from '../../contracts/messages.ts';
import type { Clock } from '../clock.ts';
import { decodeCursor, encodeCursor, type Sort } from '../cursor.ts';
import { AppError } from '../errors.ts';
import type { CommentRow, PublicRow, ThreadRow } from '../ports.ts';
import { PUBLIC_COLUMNS } from '../records.ts';
import { isClosed } from '../threads/closing.ts';
import { pinnedIds } from '../threads/pins.ts';
import { threadKey, threadUrl } from '../threads/thread-key.ts';
import { readViewToken } from '../tokens.ts';
import type { CommentDeps, SiteContext } from './comment-deps.ts';
import { nestReplies, ownPendingComment, toPublicComment } from './public-comment.ts';
import { FieldErrors } from './validate-comment.ts';

export type ThreadPageOptions = {
  cursor?: string;
  limit?: number;
  sort?: Sort;
  viewToken?: string;
  found?: { key: string; thread: ThreadRow | undefined };
};

/** The rows a page is made of: the thread, its top-level comments, and their first replies. */
type PageRows = { thread: ThreadRow | undefined; top: PublicRow[]; hasMore: boolean; replies: PublicRow[] };

/** What a page read asks for, worked out from the options and the site's settings. */
type PageQuery = { key: string; sort: Sort; limit: number; afterId: string | null; perRoot: number };

/** A thread's key, or a validation error naming the `thread` field. */
export function parseThread(raw: string, lang: Language): string {
  const key = threadKey(raw);
  if (!key) {
    const errors = new FieldErrors(lang);
    errors.add('thread', 'INVALID_VALUE');
    throw new AppError('VALIDATION', { fields: errors.fields });
  }
  return key;
}

export function publicThread(
  clock: Clock,
  key: string,
  thread: ThreadRow | undefined,
  closeAfterDays = 0,
): PublicThread {
  return {
    id: thread?.id ?? null,
    key,
    title: thread?.title ?? null,
    url: thread?.url ?? threadUrl(key),
    count: thread?.comment_count ?? 0,
    closed: thread ? isClosed(thread, closeAfterDays, clock.now()) : false,
  };
}

/** A page with the thread row it was read from (whose version names the page in an ETag). */
export async function readThread(
  deps: CommentDeps,
  ctx: SiteContext,
  rawThread: string,
  opts: ThreadPageOptions,
): Promise<{ thread: ThreadRow | undefined; page: ThreadPage }> {
  const q = pageQuery(ctx, rawThread, opts);
  const { thread, top, hasMore, replies } = await readPageRows(deps, ctx, q, opts.found);
  if (!thread)
    return { thread, page: { thread: publicThread(deps.clock, q.key, undefined), comments: [], nextCursor: null } };
  const byRoot = groupByRoot(replies);
  const hidden = await hiddenParents(deps, top, replies);
  const withReplies = (row: PublicRow, pinned = false) => {
    const node = toPublicComment(row, row.parent_id, row.depth, pinned);
    let rows = byRoot.get(row.id) ?? [];
    if (rows.length > q.perRoot) {
      rows.pop();
      node.moreReplies = encodeCursor(rows[rows.length - 1].id, 'oldest');
    }
    // Placeholders are added after the count of replies shown: they take no reply's place.
    const above = hidden.get(row.id);
    if (above) rows = [...rows, ...above].sort((a, b) => (a.id < b.id ? -1 : 1));
    nestReplies(node, rows, ctx.settings.maxDepth);
    return node;
  };
  const pins = pinnedIds(thread);
  // Pinned comments open the first page and are left out of the pages where time puts them.
  // The cursor still follows the rows read, so no page skips or repeats a comment.
  const comments = (pins.length ? top.filter((row) => !pins.includes(row.id)) : top).map((row) => withReplies(row));
  if (pins.length && !opts.cursor)
    comments.unshift(...(await pinnedRows(deps, thread, pins, q.perRoot, byRoot)).map((row) => withReplies(row, true)));
  if (opts.viewToken && !opts.cursor) await addOwnPending(deps, comments, thread, opts.viewToken, q.sort);
  return {
    thread,
    page: {
      thread: publicThread(deps.clock, q.key, thread, ctx.settings.closeAfterDays),
      comments,
      nextCursor: hasMore ? encodeCursor(top[top.length - 1].id, q.sort) : null,
    },
  };
}

function pageQuery(ctx: SiteContext, rawThread: string, opts: ThreadPageOptions): PageQuery {
  const key = opts.found?.key ?? parseThread(rawThread, ctx.lang);
  const sort = opts.sort ?? 'oldest';
  const limit = Math.min(Math.max(1, opts.limit ?? ctx.settings.pageSize), 200);
  let afterId: string | null = null;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (!c || c.sort !== sort) throw new AppError('BAD_CURSOR');
    afterId = c.after;
  }
  return { key, sort, limit, afterId, perRoot: ctx.settings.repliesPerPage };
}

/** The page's rows; one more reply per root than shown tells whether more remain. */
async function readPageRows(
  deps: CommentDeps,
  ctx: SiteContext,
  q: PageQuery,
  found: ThreadPageOptions['found'],
): Promise<PageRows> {
  const { key, afterId, sort, limit, perRoot } = q;
  // Thread, top-level comments and replies in one database round trip.
  if (!found) return deps.store.threadPage({ siteId: ctx.site.id, key, afterId, sort, limit, perRoot: perRoot + 1 });
  const thread = found.thread;
  if (!thread) return { thread, top: [], hasMore: false, replies: [] };
  const top = await deps.store.listTopLevel({ threadId: thread.id, afterId, sort, limit: limit + 1 });
  const hasMore = top.length > limit;
  if (hasMore) top.pop();
  const replies = await deps.store.listReplies({ rootIds: top.map((c) => c.id), perRoot: perRoot + 1 });
  return { thread, top, hasMore, replies };
}

/** How many held parents above one another a page looks up (a reply's depth is bounded too). */
const HIDDEN_HOPS = 8;

/**
 * The held or spam replies that published replies on the page answer, by root: they stand as
 * placeholders ("not shown") above them, so a reply keeps its place in the conversation instead
 * of moving up to the top-level comment. Read by id, and only when a page has such a reply.
 */
async function hiddenParents(
  deps: CommentDeps,
  top: readonly PublicRow[],
  replies: readonly PublicRow[],
): Promise<Map<string, PublicRow[]>> {
  const known = new Set([...top, ...replies].map((r) => r.id));
  const out = new Map<string, PublicRow[]>();
  const missing = (rows: readonly PublicRow[]) =>
    new Set(rows.flatMap((r) => (r.parent_id && !known.has(r.parent_id) ? [r.parent_id] : [])));
  let wanted = missing(replies);
  for (let hop = 0; wanted.size > 0 && hop < HIDDEN_HOPS; hop++) {
    const found: PublicRow[] = [];
    for (const c of await deps.store.getComments([...wanted])) {
      if (known.has(c.id) || !c.root_id || (c.status !== 'pending' && c.status !== 'spam')) continue;
      known.add(c.id);
      const row = publicRowOf(c);
      found.push(row);
      out.set(c.root_id, [...(out.get(c.root_id) ?? []), row]);
    }
    wanted = missing(found);
  }
  return out;
}

/** Only the columns a public page reads (never the author's address or network). */
function publicRowOf(c: CommentRow): PublicRow {
  return Object.fromEntries(PUBLIC_COLUMNS.map((col) => [col, c[col]])) as PublicRow;
}

function groupByRoot(replies: PublicRow[], byRoot = new Map<string, PublicRow[]>()): Map<string, PublicRow[]> {
  for (const r of replies) {
    const list = byRoot.get(r.root_id!) ?? [];
    list.push(r);
    byRoot.set(r.root_id!, list);
  }
  return byRoot;
}

/** The pinned comments still published, in pin order, with their replies added to `byRoot`. */
async function pinnedRows(
  deps: CommentDeps,
  thread: ThreadRow,
  pins: string[],
  perRoot: number,
  byRoot: Map<string, PublicRow[]>,
): Promise<PublicRow[]> {
  const found = new Map((await deps.store.getComments(pins)).map((r) => [r.id, r]));
  const rows = pins
    .map((id) => found.get(id))
    .filter((r): r is CommentRow => !!r && r.thread_id === thread.id && r.depth === 0 && r.status === 'approved');
  const missing = rows.filter((r) => !byRoot.has(r.id)).map((r) => r.id);
  if (missing.length) groupByRoot(await deps.store.listReplies({ rootIds: missing, perRoot: perRoot + 1 }), byRoot);
  return rows;
}

/** The author of a held (or spam) comment sees it, marked pending, for the view token's 10 minutes. */
async function addOwnPending(
  deps: CommentDeps,
  comments: PublicComment[],
  thread: ThreadRow,
  token: string,
  sort: Sort,
): Promise<void> {
  const view = readViewToken(deps.secrets.view, token, deps.clock.now());
  if (!view) return;
  const row = await deps.store.getComment(view.commentId);
  // A comment judged spam looks to its author exactly like a held one: whoever wrote it learns
  // nothing about the verdict (a bot least of all).
  if (!row || row.thread_id !== thread.id || (row.status !== 'pending' && row.status !== 'spam')) return;
  const node = ownPendingComment(row);
  if (!row.parent_id) {
    if (sort === 'oldest') comments.push(node);
    else comments.unshift(node);
    return;
  }
  const stack = [...comments];
  while (stack.length) {
    const c = stack.pop()!;
    if (c.id === row.parent_id) {
      node.depth = c.depth + 1;
      c.replies.push(node);
      return;
    }
    stack.push(...c.replies);
  }
}

export async function moreReplies(
  deps: CommentDeps,
  ctx: SiteContext,
  rootId: string,
  cursor: string | undefined,
  limit?: number,
): Promise<RepliesPage> {
  const root = await deps.store.getComment(rootId);
  if (
    !root ||
    root.site_id !== ctx.site.id ||
    root.depth !== 0 ||
    (root.status !== 'approved' && root.status !== 'deleted')
  ) {
    throw new AppError('NOT_FOUND');
  }
  let afterId: string | null = null;
  if (cursor) {
    const c = decodeCursor(cursor);
    if (!c) throw new AppError('BAD_CURSOR');
    afterId = c.after;
  }
  const n = Math.min(Math.max(1, limit ?? ctx.settings.repliesPerPage), 200);
  const rows = await deps.store.listMoreReplies({ rootId, afterId, limit: n + 1 });
  const hasMore = rows.length > n;
  if (hasMore) rows.pop();
  const deepest = Math.max(1, ctx.settings.maxDepth - 1);
  const known = new Map<string, PublicRow>();
  const out: PublicComment[] = [];
  for (const row of rows) {
    known.set(row.id, row);
    // Replies deeper than the display depth attach to their deepest allowed ancestor.
    let parent = row.parent_id;
    let depth = row.depth;
    while (depth > deepest && parent) {
      const p = known.get(parent) ?? (await deps.store.getComment(parent));
      if (!p) break;
      known.set(p.id, p);
      parent = p.parent_id;
      depth--;
    }
    if (row.status === 'deleted') continue;
    out.push(toPublicComment(row, parent, Math.min(row.depth, deepest)));
  }
  return { comments: out, nextCursor: hasMore ? encodeCursor(rows[rows.length - 1].id, 'oldest') : null };
}

export async function counts(
  deps: CommentDeps,
  ctx: SiteContext,
  rawThreads: string[],
): Promise<Record<string, number>> {
  const keys = new Map<string, string>();
  for (const raw of rawThreads) {
    const key = threadKey(raw);
    if (key) keys.set(raw, key);
  }
  const found = await deps.store.countsByKeys(ctx.site.id, [...new Set(keys.values())]);
  const out: Record<string, number> = {};
  for (const raw of rawThreads) out[raw] = found.get(keys.get(raw) ?? '') ?? 0;
  return out;
}
