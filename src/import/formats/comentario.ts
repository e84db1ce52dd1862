// Comentario's version 3 export (read through commentoSource, which tells the versions apart):
// {"version": 3, "pages": [...], "comments": [...], "commenters": [...]} with pages {id, path,
// title, createdTime}, comments {id, parentId, pageId, markdown, html, score, isSticky, isApproved,
// isPending, isDeleted, createdTime, editedTime, userCreated, authorName} and commenters {id, email,
// name, websiteUrl, isModerator}. The export names no domain: pages are known by path.
import type { CommentStatus } from '../../core/records.ts';
import type { ImportItem } from '../../core/import/source.ts';
import { isObject, rfc3339, shown, text } from './json-source.ts';
import { type Entry, inReplyOrder } from './reply-order.ts';

/** What a comment by a commenter the file does not list is reported as (it is imported all the same). */
export const MISSING_COMMENTER = 'commenter (not in the file: imported as Anonymous)';

/** Comentario's anonymous user, the author of every comment left without an account. */
const ANONYMOUS = '00000000-0000-0000-0000-000000000000';

type Commenter = { name: string | null; email: string | null; website: string | null; moderator: boolean };

function commenters(list: unknown): Map<string, Commenter> {
  const byId = new Map<string, Commenter>();
  for (const c of Array.isArray(list) ? list : []) {
    if (!isObject(c) || !text(c.id) || byId.has(c.id as string)) continue;
    byId.set(c.id as string, {
      name: text(c.name),
      email: text(c.email),
      website: text(c.websiteUrl),
      moderator: c.isModerator === true,
    });
  }
  return byId;
}

// A comment neither approved nor pending was rejected by a moderator: kept out of sight, as spam is.
function status(c: Record<string, unknown>): CommentStatus {
  if (c.isDeleted === true) return 'deleted';
  if (c.isApproved === true) return 'approved';
  return c.isPending === true ? 'pending' : 'spam';
}

function problem(c: Record<string, unknown>, pages: Set<string>): string | null {
  if (!text(c.id)) return 'a comment without an id';
  if (typeof c.pageId !== 'string' || !pages.has(c.pageId))
    return `a comment on page ${shown(c.pageId)}, not among the pages read`;
  if (c.parentId != null && typeof c.parentId !== 'string') return 'a comment with a bad parentId';
  if (rfc3339(c.createdTime) === null) return `a comment with a bad createdTime ${shown(c.createdTime)}`;
  if (c.markdown != null && typeof c.markdown !== 'string') return 'a comment whose markdown is not text';
  if (c.userCreated != null && typeof c.userCreated !== 'string') return 'a comment with a bad userCreated';
  return null;
}

function entry(c: unknown, at: string, pages: Set<string>, people: Map<string, Commenter>): Entry {
  if (!isObject(c)) return { at, wrong: 'not a comment', key: null };
  const wrong = problem(c, pages);
  if (wrong) return { at, wrong, key: text(c.id) };
  // No userCreated: its author's account was deleted since (Comentario keeps the comment). One not
  // among the commenters: no longer a user of the domain. Both are kept, under the name they left.
  const user = text(c.userCreated);
  const who = user ? people.get(user) : undefined;
  const unused = [
    ...(who || !user || user === ANONYMOUS ? [] : [MISSING_COMMENTER]),
    ...(typeof c.score === 'number' && c.score !== 0 ? ['comment.votes'] : []),
    ...(c.isSticky === true ? ['comment.isSticky'] : []),
    ...(c.editedTime ? ['comment.editedTime'] : []),
    ...(who?.moderator ? ['commenter.isModerator'] : []),
  ];
  return {
    at,
    thread: null,
    comment: {
      key: c.id as string,
      threadKey: c.pageId as string,
      parentKey: text(c.parentId),
      createdAt: rfc3339(c.createdTime)!,
      status: status(c),
      author: {
        // An anonymous commenter's name, when they gave one, is on the comment.
        name: who?.name ?? text(c.authorName) ?? 'Anonymous',
        email: who?.email ?? null,
        website: who?.website ?? null,
        sourceId: user && user !== ANONYMOUS ? user : null,
      },
      body: { format: 'markdown', text: typeof c.markdown === 'string' ? c.markdown : '' },
      ip: null,
      userAgent: null,
      at,
    },
    unused,
  };
}

/** The pages as threads (all of them first), then the comments, replies after their parents. */
export function* comentarioV3Entries(doc: Record<string, unknown>, origin: string | undefined): Generator<ImportItem> {
  const pages = new Set<string>();
  for (const [i, p] of (Array.isArray(doc.pages) ? doc.pages : []).entries()) {
    const at = `pages[${i}]`;
    if (!isObject(p) || !text(p.id) || typeof p.path !== 'string') {
      yield { kind: 'invalid', message: 'a page without an id or path', at };
      continue;
    }
    const path = `/${p.path.replace(/^\/+/, '')}`;
    const url = origin ? `${origin.replace(/\/+$/, '')}${path}` : path;
    pages.add(p.id as string);
    yield {
      kind: 'thread',
      thread: { key: p.id as string, url, title: text(p.title), createdAt: rfc3339(p.createdTime), at },
    };
  }
  const people = commenters(doc.commenters);
  const comments = doc.comments as unknown[];
  yield* inReplyOrder(comments.map((c, i) => entry(c, `comments[${i}]`, pages, people)));
}
