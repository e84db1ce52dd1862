// Remark42's backup (the `backup` admin command, or the daily files in its backup folder, gzipped)
// read as an ImportSource. The file is JSON Lines: a meta record first ({version, users, posts}),
// then one comment a line: {id, pid, text (HTML), user {name, id, picture, ip, admin, block},
// locator {site, url}, score, votes, time, edit, pin, delete, title}. Threads are the locators'
// URLs. The file is read a line at a time, gunzipped on the way, whatever its size.
//
// Remark42 writes each page's comments together, oldest first (it exports page by page). Replies
// are yielded with their parent's id as the file has it: the import links a parent that comes
// later and keeps a reply whose parent never comes at its thread's top (an orphan). Nothing of the
// file is held in memory but the set of pages seen.
import { type ImportComment, type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { boundedLines, isObject, openMaybeGzipped, rfc3339, shown, text } from './json-source.ts';

const BACKUP_VERSION = 1;

/** 32 M characters: far above a comment line or the meta line of a site with 100,000 pages. */
export const MAX_LINE_CHARS = 32 * 2 ** 20;

export type Remark42Options = {
  /** The longest line read (MAX_LINE_CHARS unless lower; tests use a few characters). */
  readonly maxLineChars?: number;
};

type Meta = { readonly titles: Map<string, string>; readonly unused: string[] };

function readMeta(line: string): Meta {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    v = null;
  }
  if (!isObject(v) || 'locator' in v || !('version' in v || 'posts' in v || 'users' in v))
    throw new ImportFormatError(
      'not a Remark42 backup (the first line must be its {"version", "posts"} record)',
      'line 1',
    );
  // Remark42 reads version 0 (the field missing) as well as 1.
  const version = v.version ?? 0;
  if (typeof version !== 'number' || version > BACKUP_VERSION)
    throw new ImportFormatError(
      `backup version ${shown(version)}: this Parley reads up to ${BACKUP_VERSION}`,
      'line 1',
    );
  const titles = new Map<string, string>();
  const unused: string[] = [];
  for (const p of Array.isArray(v.posts) ? v.posts : []) {
    if (!isObject(p) || typeof p.url !== 'string') continue;
    const title = text(p.title);
    if (title) titles.set(p.url, title);
    if (p.read_only === true && !unused.includes('post.read_only')) unused.push('post.read_only');
  }
  // Blocked and verified users are Remark42's own moderation state: not carried over.
  if (Array.isArray(v.users) && v.users.length) unused.push('users');
  return { titles, unused };
}

/** What is wrong with a comment line, or null. */
function problem(c: Record<string, unknown>): string | null {
  if (!text(c.id)) return 'a comment without an id';
  if (!isObject(c.locator) || !text(c.locator.url)) return 'a comment without a locator url';
  if (!isObject(c.user) || !text(c.user.id) || typeof c.user.name !== 'string') return 'a comment with a bad user';
  if (c.pid != null && typeof c.pid !== 'string') return 'a comment with a bad pid';
  if (rfc3339(c.time) === null) return `a comment with a bad time ${shown(c.time)}`;
  if (typeof c.text !== 'string') return 'a comment without its text';
  if (c.delete != null && typeof c.delete !== 'boolean') return 'a comment with a bad delete flag';
  return null;
}

function toComment(c: Record<string, unknown>, at: string): ImportComment {
  const user = c.user as Record<string, unknown>;
  return {
    key: c.id as string,
    threadKey: (c.locator as Record<string, unknown>).url as string,
    parentKey: text(c.pid),
    createdAt: rfc3339(c.time)!,
    // Remark42 has no moderation queue: a comment is shown or deleted.
    status: c.delete === true ? 'deleted' : 'approved',
    // Remark42 asks for no address; its user id ("github_…", "email_…") is what identifies a commenter.
    author: {
      name: text(user.name) ?? 'Anonymous',
      email: null,
      website: null,
      // "deleted" is the placeholder a hard delete leaves, shared by every erased commenter.
      sourceId: user.id === 'deleted' ? null : (user.id as string),
    },
    body: { format: 'html', text: c.text as string },
    // user.ip is Remark42's keyed hash of the address, not the address: nothing to hash again.
    ip: null,
    userAgent: null,
    at,
  };
}

/** Fields of a comment that carry something Parley does not import. */
function unusedFields(c: Record<string, unknown>): string[] {
  const user = c.user as Record<string, unknown>;
  const fields: string[] = [];
  if ((typeof c.score === 'number' && c.score !== 0) || (isObject(c.votes) && Object.keys(c.votes).length))
    fields.push('comment.votes');
  if (c.pin === true) fields.push('comment.pin');
  if (isObject(c.edit)) fields.push('comment.edit');
  if (user.admin === true) fields.push('user.admin');
  if (user.block === true) fields.push('user.block');
  return fields;
}

function parse(line: string): Record<string, unknown> | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isObject(v)) return 'not a comment record';
  return problem(v) ?? v;
}

/** The lines of the (maybe gzipped) file, numbered; a damaged gzip stream is the file's fault. */
async function* numberedLines(path: string, maxChars: number): AsyncGenerator<{ n: number; line: string }> {
  let n = 0;
  try {
    for await (const l of boundedLines(await openMaybeGzipped(path), maxChars)) {
      n = l.n;
      yield n === 1 ? { n, line: l.line.replace(/^\uFEFF/, '') } : l;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code?.startsWith('Z_')) throw new ImportFormatError(`the gzip stream is damaged (${code})`, `line ${n + 1}`);
    throw e;
  }
  if (n === 0) throw new ImportFormatError('the file is empty', 'line 1');
}

export function remark42Source(path: string, options: Remark42Options = {}): ImportSource {
  return {
    format: 'remark42',
    async *items(): AsyncGenerator<ImportItem> {
      let meta: Meta | null = null;
      const threads = new Set<string>();
      const maxChars = Math.min(options.maxLineChars ?? MAX_LINE_CHARS, MAX_LINE_CHARS);
      for await (const { n, line } of numberedLines(path, maxChars)) {
        const at = `line ${n}`;
        if (!meta) {
          meta = readMeta(line);
          for (const field of meta.unused) yield { kind: 'unknown', field, at };
          continue;
        }
        if (!line.trim()) continue;
        const c = parse(line);
        if (typeof c === 'string') {
          yield { kind: 'invalid', message: c, at };
          continue;
        }
        const comment = toComment(c, at);
        const page = comment.threadKey;
        if (!threads.has(page)) {
          threads.add(page);
          const title = meta.titles.get(page) ?? text(c.title);
          yield { kind: 'thread', thread: { key: page, url: page, title, createdAt: null, at } };
        }
        yield { kind: 'comment', comment };
        for (const field of unusedFields(c)) yield { kind: 'unknown', field, at };
      }
    },
  };
}
