// Commento's data export (Dashboard → General → "Export data": a gzipped JSON file) and its fork
// Comentario's (Domain → Operations → Export), read as an ImportSource; which of them a file is
// shows in its content. Commento writes {"version": 1, "comments": [...], "commenters": [...]}:
// comments {commentHex, domain, url (the page's path), commenterHex ("anonymous" for anonymous),
// markdown, parentHex ("root" at the top), score, state, creationDate, deleted?}, commenters
// {commenterHex, email, name, link, photo, provider, joinDate, isModerator}. Comentario wrote the
// same shape as its version 1 (with host, path, websiteUrl); its version 3 is read by comentario.ts.
//
// These files are one JSON document: it is read whole, which is why it is refused above
// MAX_EXPORT_BYTES (a JavaScript string cannot hold much more). Such exports are megabytes.
import { stat } from 'node:fs/promises';
import type { CommentStatus } from '../../core/records.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { comentarioV3Entries, MISSING_COMMENTER } from './comentario.ts';
import { isGzipped, isObject, openMaybeGzipped, rfc3339, shown, text } from './json-source.ts';
import { type Entry, inReplyOrder } from './reply-order.ts';

/** 500 MB, after gunzipping: the largest export read (V8's strings stop at about 512 MB). */
export const MAX_EXPORT_BYTES = 500 * 2 ** 20;

export type CommentoOptions = {
  /** Comentario's version 3 names pages by path only: "https://news.example" makes their URLs absolute. */
  readonly origin?: string;
  /** The size refused, after gunzipping; MAX_EXPORT_BYTES unless lower (tests use a few bytes). */
  readonly maxBytes?: number;
};

/** Commento's states: "flagged" is what its Akismet check marks as spam, held back like it. */
const STATES: Record<string, CommentStatus> = { approved: 'approved', unapproved: 'pending', flagged: 'spam' };
/** The commenter of anonymous comments: Commento's "anonymous", Comentario's all-zero id. */
const ANONYMOUS = new Set(['anonymous', '0'.repeat(64)]);
// Commento++ files anonymous commenters who typed a name with the address and link "undefined".
const given = (v: unknown) => (text(v) === 'undefined' ? null : text(v));

const tooLarge = (max: number) =>
  new ImportFormatError(
    `larger than ${max >= 2 ** 20 ? `${Math.floor(max / 2 ** 20)} MB` : `${max} bytes`} once gunzipped: too large to read as one JSON document`,
    'file',
  );

async function readWhole(path: string, max: number): Promise<string> {
  if (!(await isGzipped(path)) && (await stat(path)).size > max) throw tooLarge(max);
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = await openMaybeGzipped(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        stream.destroy();
        throw tooLarge(max);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code?.startsWith('Z_')) throw new ImportFormatError(`the gzip stream is damaged (${code})`, 'file');
    throw e;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

type Commenter = { name: string | null; email: string | null; website: string | null; unused: string[] };

function commenters(list: unknown): Map<string, Commenter> {
  const byHex = new Map<string, Commenter>();
  // Commento writes a commenter once per comment of theirs: the first is kept.
  for (const c of Array.isArray(list) ? list : []) {
    if (!isObject(c) || !text(c.commenterHex) || byHex.has(c.commenterHex as string)) continue;
    byHex.set(c.commenterHex as string, {
      name: given(c.name),
      email: given(c.email),
      website: given(c.link) ?? given(c.websiteUrl),
      unused: c.isModerator === true ? ['commenter.isModerator'] : [],
    });
  }
  return byHex;
}

/** The page's address: Commento files its path under "url", Comentario 1 under "path" (a full address in some files). */
function pageUrl(c: Record<string, unknown>, domain: string): string {
  const where = text(c.path) ?? text(c.url) ?? '';
  if (/^https?:\/\//i.test(where)) return where;
  return `https://${domain}/${where.replace(/^\/+/, '')}`;
}

/** What is wrong with a comment, or null. */
function problem(c: Record<string, unknown>): string | null {
  if (!text(c.commentHex)) return 'a comment without a commentHex';
  if (!text(c.domain) && !text(c.host)) return 'a comment without a domain';
  if (!text(c.parentHex)) return 'a comment without a parentHex';
  if (rfc3339(c.creationDate) === null) return `a comment with a bad creationDate ${shown(c.creationDate)}`;
  if (c.deleted !== true && !Object.hasOwn(STATES, String(c.state)))
    return `a comment with the state ${shown(c.state)}`;
  if (typeof c.markdown !== 'string') return 'a comment without its markdown';
  if (!text(c.commenterHex)) return `a comment by ${shown(c.commenterHex)}, not a commenterHex`;
  return null;
}

function commentoEntry(c: unknown, at: string, people: Map<string, Commenter>): Entry {
  if (!isObject(c)) return { at, wrong: 'not a comment', key: null };
  const wrong = problem(c);
  if (wrong) return { at, wrong, key: text(c.commentHex) };
  const domain = (text(c.domain) ?? text(c.host)) as string;
  const url = pageUrl(c, domain);
  const threadKey = url;
  const hex = c.commenterHex as string;
  const who = people.get(hex);
  // Commento keeps a deleted comment that has replies, its text replaced by "[deleted]" (or emptied).
  const deleted = c.deleted === true || c.markdown === '[deleted]' || c.markdown === '';
  return {
    at,
    thread: { key: threadKey, url, title: null, createdAt: null, at },
    comment: {
      key: c.commentHex as string,
      threadKey,
      parentKey: c.parentHex === 'root' ? null : (c.parentHex as string),
      createdAt: rfc3339(c.creationDate)!,
      status: deleted ? 'deleted' : STATES[c.state as string],
      author: {
        name: who?.name ?? 'Anonymous',
        email: who?.email ?? null,
        website: who?.website ?? null,
        sourceId: ANONYMOUS.has(hex) ? null : hex,
      },
      body: { format: 'markdown', text: c.markdown === '[deleted]' ? '' : (c.markdown as string) },
      ip: null,
      userAgent: null,
      at,
    },
    unused: [
      ...(typeof c.score === 'number' && c.score !== 0 ? ['comment.votes'] : []),
      ...(who?.unused ?? []),
      // Commento exports the commenters it still has: one who was removed since is not in the
      // file, and their comments are kept, under "Anonymous".
      ...(who || ANONYMOUS.has(hex) ? [] : [MISSING_COMMENTER]),
    ],
  };
}

function* commentoItems(doc: Record<string, unknown>): Generator<ImportItem> {
  if (!Array.isArray(doc.comments)) throw new ImportFormatError('no "comments" list', 'file');
  const people = commenters(doc.commenters);
  yield* inReplyOrder(doc.comments.map((c, i) => commentoEntry(c, `comments[${i}]`, people)));
}

function parse(json: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new ImportFormatError(`not JSON (${(e as Error).message})`, 'file');
  }
  // Go writes an empty list it never filled as null: a domain exported before its first comment.
  if (isObject(doc) && doc.comments === null && typeof doc.version === 'number') doc.comments = [];
  if (!isObject(doc) || !Array.isArray(doc.comments))
    throw new ImportFormatError('not a Commento or Comentario export (no "comments" list)', 'file');
  return doc;
}

export function commentoSource(path: string, options: CommentoOptions = {}): ImportSource {
  return {
    format: 'commento',
    async *items(): AsyncGenerator<ImportItem> {
      const max = Math.min(options.maxBytes ?? MAX_EXPORT_BYTES, MAX_EXPORT_BYTES);
      const doc = parse(await readWhole(path, max));
      if (doc.version === 1) yield* commentoItems(doc);
      else if (doc.version === 3) yield* comentarioV3Entries(doc, options.origin);
      else
        throw new ImportFormatError(
          `export version ${shown(doc.version)}: Parley reads Commento's version 1 and Comentario's 1 and 3`,
          'file',
        );
    },
  };
}
