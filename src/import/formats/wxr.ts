// WordPress's export (WXR 1.0 to 1.2: Tools → Export, `wp export`, or `parley export --format
// wxr`) as an ImportSource. Each post, page or other post type is an <item>; its comments are its
// <wp:comment> children. The file is streamed (src/import/formats/xml-stream.ts): one comment in
// memory at a time, and the fields of the item it belongs to.
//
// What is read, and the choices where WordPress and Parley differ:
// - The thread: the item's wp:post_id is its key, its <link> (the permalink) its address, or our
//   own key when the file was written by Parley (post meta parley_thread_key), or its <guid> when
//   it has no link. Items without comments yield no thread.
// - A comment's key is its wp:comment_id, its parent wp:comment_parent (0: none). Those ids are
//   only unique within one WordPress install, so the blog's address (wp:base_site_url, or the
//   channel's <link>) is yielded first as the file's origin: two blogs merged into one site must
//   not take each other's comments for already imported. Dates are
//   comment_date_gmt; when that is empty or zero (old imports, some plugins), comment_date is read
//   as UTC and an `unknown` says so, since the site's time zone is not in the file.
// - comment_approved: 1 approved, 0 pending, spam, trash and post-trashed deleted; any other
//   value makes the comment `invalid`. comment_type '' or 'comment' is a comment; pingbacks and
//   trackbacks are not imported (an `unknown` each, so a dry run counts them), nor other types.
// - comment_content is HTML as WordPress stores it: line breaks typed by the commenter, turned
//   into paragraphs only when shown (wpautop). So a body with no block-level tag gets them here:
//   a blank line starts a paragraph, a single line break is a <br>. A body that already has
//   block tags (<p>, <pre>, lists: the HTML Parley's own WXR holds) is kept as it is, since
//   splitting it on blank lines would break a <pre>.
// - comment_user_id, comment meta (Akismet history…) and comment_agent have no place: `unknown`.
//
// Items are yielded as they are read. A file that turns out to be malformed or cut short raises
// ImportFormatError after the items before the damage were yielded: the pipeline treats that
// error as fatal for the whole import (a --dry-run reports it before anything is written).
import type { CommentStatus } from '../../core/records.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { clip, shown } from './json-source.ts';
import { countWxrComments } from './wxr-check.ts';
import { type XmlRecord, xmlEvents } from './xml-stream.ts';

const WXR_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;
const WHAT = 'a WordPress export (WXR)';

const STATUS: Readonly<Record<string, CommentStatus>> = {
  '1': 'approved',
  '0': 'pending',
  spam: 'spam',
  trash: 'deleted',
  'post-trashed': 'deleted',
};

/** The fields of a comment read into an ImportComment; the rest are `unknown`. */
const READ = new Set([
  'comment_id',
  'comment_author',
  'comment_author_email',
  'comment_author_url',
  'comment_author_IP',
  'comment_date',
  'comment_date_gmt',
  'comment_content',
  'comment_approved',
  'comment_type',
  'comment_parent',
]);

const BLOCK = /<(p|div|pre|blockquote|ul|ol|li|h[1-6]|table|figure|hr)[\s/>]/i;

/** WordPress's comment text as the HTML it shows: paragraphs and line breaks (see above). */
export function wpCommentHtml(text: string): string {
  const t = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
  if (!t || BLOCK.test(t)) return t;
  if (!t.includes('\n')) return `<p>${t}</p>`;
  return t
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.trim().replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** A MySQL datetime ("2026-03-02 09:12:00") as UTC ms; null when empty or zero; NaN when not a date. */
export function mysqlDate(v: string | undefined): number | null {
  const t = v?.trim() ?? '';
  if (!t || t.startsWith('0000-00-00')) return null;
  // Read digit by digit: a million comments make a regex and its groups show in a profile.
  if (t.length !== 19 || (t[10] !== ' ' && t[10] !== 'T')) return Number.NaN;
  const n = (from: number, to: number) => {
    let x = 0;
    for (let i = from; i < to; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      x = x * 10 + d;
    }
    return x;
  };
  const [y, mo, d, h, mi, s] = [n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)];
  if (t[4] !== '-' || t[7] !== '-' || t[13] !== ':' || t[16] !== ':') return Number.NaN;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return Number.NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2026-02-31 over into March: a day the month does not have is not a date.
  return new Date(ms).getUTCDate() === d ? ms : Number.NaN;
}

/** The channel's fields that name the blog: its address, or its front page. */
const isOriginField = (name: string) => name === 'link' || local(name) === 'base_site_url';

/** A blog's address as a key prefix: host and path, lower-case, without scheme or trailing slash. */
export function originOf(url: string): string {
  const t = url.trim().slice(0, 2048);
  let o: string;
  try {
    const u = new URL(t);
    o = `${u.host}${u.pathname}`;
  } catch {
    o = t.replace(/^[a-z]+:\/\//i, '');
  }
  // Cut first, then trim slashes by hand: /\/+$/ over a long run of slashes backtracks.
  o = o.slice(0, 200).toLowerCase();
  let end = o.length;
  while (end > 0 && o[end - 1] === '/') end--;
  return o.slice(0, end);
}

type Item = {
  line: number;
  fields: Map<string, string>;
  meta: Map<string, string>;
  /** Its thread's key once yielded (before its first comment); '' when it could not be. */
  thread: string | null;
};

// The fields of an item a thread is made of: the rest (the post's content above all) is passed
// over unread. Matched on the local name since the role is asked before the prefix is known.
const ITEM_FIELDS = new Set(['title', 'link', 'guid', 'post_id', 'post_date_gmt', 'postmeta', 'comment']);
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** WordPress's export as an ImportSource. */
export function wxrSource(file: string): ImportSource {
  return {
    format: 'wxr',
    check: (onCount) => wxrCheck(file, onCount),
    async *items(): AsyncGenerator<ImportItem> {
      // The prefix the file binds to WordPress's namespace: "wp" in every export seen, but it
      // is the namespace that says what an element is.
      let wp = 'wp';
      let f = commentFields(wp);
      let item: Item | null = null;
      const seen = new Set<string>();
      // The blog the file comes from, once read (before the first <item>, where WordPress puts it).
      let origin = '';
      let items = 0;
      const events = xmlEvents(
        file,
        WHAT,
        (name, containers) => {
          if (containers.length === 1) return name === 'channel' ? 'container' : 'skip';
          if (containers.length === 2)
            return name === 'item' ? 'container' : !items && isOriginField(name) ? 'record' : 'skip';
          return ITEM_FIELDS.has(local(name)) ? 'record' : 'skip';
        },
        true,
      );
      for await (const batch of events)
        for (const e of batch) {
          if (e.kind === 'open') {
            if (e.name === 'rss') {
              wp = wxrPrefix(e);
              f = commentFields(wp);
            } else if (e.name === 'item') {
              item = { line: e.line, fields: new Map(), meta: new Map(), thread: null };
              if (!items++ && origin) yield { kind: 'origin', origin };
            } else notRss(e);
            continue;
          }
          if (e.kind === 'close') {
            item = null;
            continue;
          }
          if (!item) {
            // base_site_url names the blog better than <link> (the front page, maybe a subfolder).
            if (!items && (!origin || local(e.record.name) === 'base_site_url'))
              origin = originOf(e.record.values.get('') ?? '');
            continue;
          }
          const r = e.record;
          if (r.name === f.comment) {
            if (item.thread === null) {
              const t = threadOf(item, wp);
              const wrong = !t.key
                ? `an <item> with comments and no ${wp}:post_id`
                : seen.has(t.key)
                  ? `a second <item> with the ${wp}:post_id ${clip(t.key)}`
                  : !t.url
                    ? `an <item> with comments and no <link> or <guid>`
                    : null;
              item.thread = wrong ? '' : t.key;
              if (wrong) yield { kind: 'invalid', message: wrong, at: t.at };
              else {
                seen.add(t.key);
                yield { kind: 'thread', thread: t };
              }
            }
            if (item.thread) yield* commentItems(r, f, item.thread);
            else
              yield {
                kind: 'invalid',
                message: 'a comment of an <item> that could not be read',
                at: `line ${r.line}, <${f.comment}>`,
              };
          } else if (r.name === `${wp}:postmeta`) {
            const key = r.values.get(`${wp}:meta_key`);
            if (key && !item.meta.has(key)) item.meta.set(key, r.values.get(`${wp}:meta_value`) ?? '');
          } else if (!item.fields.has(r.name)) item.fields.set(r.name, r.values.get('') ?? '');
        }
    },
  };
}

/** The prefix <rss> binds to WordPress's namespace; a file whose root declares none is not WXR. */
function wxrPrefix(e: { attrs: Readonly<Record<string, string>>; line: number }): string {
  const prefix = Object.keys(e.attrs).find((a) => a.startsWith('xmlns:') && WXR_NAMESPACE.test(e.attrs[a]));
  if (!prefix)
    throw new ImportFormatError(
      `not ${WHAT}: <rss> declares no WordPress export namespace (http://wordpress.org/export/1.2/)`,
      `line ${e.line}`,
    );
  return prefix.slice('xmlns:'.length);
}

/** Any root but <rss> (opened before anything else is read): not WXR. */
function notRss(e: { name: string; line: number }): void {
  if (e.name !== 'channel')
    throw new ImportFormatError(`not ${WHAT}: the document is <${clip(e.name)}>, not <rss>`, `line ${e.line}`);
}

/**
 * The import's first pass over a WXR file (ImportSource.check): the same parser and mending as
 * items(), so the same files are refused, but every element below an <item> is passed over
 * unkept; only the <wp:comment> elements are counted (by ./wxr-check.ts, a large file on two
 * threads). A third of the cost of reading the items.
 */
export async function wxrCheck(
  file: string,
  onCount?: (comments: number) => void,
  splitAbove?: number,
): Promise<number> {
  let wp = 'wp';
  // By prefix: elements are counted as they are parsed, before <rss>'s event names WordPress's.
  const counts = await countWxrComments(
    file,
    WHAT,
    (e) => {
      if (e.name === 'rss') wp = wxrPrefix(e);
      else if (e.name !== 'item') notRss(e);
    },
    (c) => onCount?.(c.get(wp) ?? 0),
    splitAbove,
  );
  return counts.get(wp) ?? 0;
}

function threadOf(item: Item, wp: string) {
  const f = item.fields;
  const at = `line ${item.line}, <item>`;
  const key = f.get(`${wp}:post_id`)?.trim() ?? '';
  // Our own WXR carries the thread's key (an explicit data-parley-thread or the page's address):
  // keeping it keeps the widget's thread the same after the move.
  const url = item.meta.get('parley_thread_key')?.trim() || f.get('link')?.trim() || f.get('guid')?.trim() || '';
  const title = f.get('title')?.trim() || null;
  const date = mysqlDate(f.get(`${wp}:post_date_gmt`));
  return { key, url, title, createdAt: date === null || Number.isNaN(date) ? null : date, at };
}

/** The names of a comment's fields with the file's prefix, made once per file. */
function commentFields(wp: string) {
  const name = (f: string) => `${wp}:${f}`;
  return {
    comment: name('comment'),
    id: name('comment_id'),
    author: name('comment_author'),
    email: name('comment_author_email'),
    url: name('comment_author_url'),
    ip: name('comment_author_IP'),
    agent: name('comment_agent'),
    date: name('comment_date'),
    dateGmt: name('comment_date_gmt'),
    content: name('comment_content'),
    approved: name('comment_approved'),
    type: name('comment_type'),
    parent: name('comment_parent'),
    userId: name('comment_user_id'),
    read: new Set([...READ, 'comment_agent'].map(name)),
  };
}

type Fields = ReturnType<typeof commentFields>;

function* commentItems(r: XmlRecord, f: Fields, threadKey: string): Generator<ImportItem> {
  const at = `line ${r.line}, <${f.comment}>`;
  const v = (name: string) => r.values.get(name)?.trim() ?? '';
  const type = v(f.type);
  if (type && type !== 'comment') {
    yield { kind: 'unknown', field: `${f.type} ${clip(type)}`, at };
    return;
  }
  const key = v(f.id);
  if (!/^\d+$/.test(key) || key === '0') {
    yield { kind: 'invalid', message: `${f.id} ${shown(key)} is not a comment id`, at };
    return;
  }
  const approved = v(f.approved);
  const status = Object.hasOwn(STATUS, approved) ? STATUS[approved] : undefined;
  if (!status) {
    yield { kind: 'invalid', message: `${f.approved} ${shown(approved)} is not 1, 0, spam, trash or post-trashed`, at };
    return;
  }
  const parent = v(f.parent);
  if (parent && !/^\d+$/.test(parent)) {
    yield { kind: 'invalid', message: `${f.parent} ${shown(parent)} is not a comment id`, at };
    return;
  }
  let dateField = f.dateGmt;
  let date = mysqlDate(v(dateField));
  if (date === null) {
    dateField = f.date;
    date = mysqlDate(v(dateField));
  }
  if (date === null || Number.isNaN(date)) {
    yield { kind: 'invalid', message: `${dateField} ${shown(v(dateField))} is not a date`, at };
    return;
  }
  const email = v(f.email);
  const website = v(f.url);
  yield {
    kind: 'comment',
    comment: {
      key,
      threadKey,
      parentKey: parent && parent !== '0' ? parent : null,
      createdAt: date,
      status,
      author: {
        name: v(f.author),
        email: email || null,
        website: website && website !== 'http://' ? website : null,
        sourceId: null,
      },
      body: { format: 'html', text: wpCommentHtml(r.values.get(f.content) ?? '') },
      ip: v(f.ip) || null,
      userAgent: v(f.agent) || null,
      at,
    },
  };
  if (dateField === f.date) yield { kind: 'unknown', field: `${f.dateGmt} empty: ${f.date} read as UTC`, at };
  for (const child of r.children) {
    if (f.read.has(child)) continue;
    if (child === f.userId && (v(f.userId) === '0' || !v(f.userId))) continue;
    yield { kind: 'unknown', field: child, at };
  }
}
