// WordPress's export (WXR 1.0 to 1.2: Tools → Export, `wp export`, or `parley export --format
// wxr`) as an ImportSource. Each post, page or other post type is an <item>; its comments are its
// <wp:comment> children. The file is streamed (src/import/formats/xml-stream.ts): one comment in
// memory at a time, and the fields of the item it belongs to.
//
// What is read, and the choices where WordPress and Parley differ:
// - The thread: the item's wp:post_id is its key, its <link> (the permalink) its address, or our
//   own key when the file was written by Parley (post meta parley_thread_key), or its <guid> when
//   it has no link. A link given as a path alone (Squarespace's export) is read against the
//   channel's address. An item without a post id (Disqus's import format, some converters) is
//   keyed by its dsq:thread_identifier, else its address. Items without comments yield no thread,
//   whatever their post type (attachments have comments; menu items, none).
// - A comment's key is its wp:comment_id, its parent wp:comment_parent (0: none). Those ids are
//   only unique within one WordPress install, so the blog's address (wp:base_blog_url, else
//   wp:base_site_url, else the channel's <link>) is yielded first as the file's origin: two blogs
//   merged into one site must not take each other's comments for already imported. On a
//   multisite network base_site_url is the network's address, the same for every blog of it,
//   whose comment ids each start from 1: the blog's own base_blog_url tells them apart. Dates are
//   comment_date_gmt; when that is empty or zero (old imports, some plugins), comment_date is read
//   as UTC and an `unknown` says so, since the site's time zone is not in the file.
// - comment_approved: 1 approved, 0 pending, spam, trash and post-trashed deleted; any other
//   value makes the comment `invalid`. comment_type '' or 'comment' is a comment; pingbacks and
//   trackbacks are not imported (an `unknown` each, so a dry run counts them), nor other types
//   (WordPress 6.9's editorial notes, WooCommerce's reviews and order notes…). What other
//   generators write differently (no id, no status) is read by ./wxr-comment.ts.
// - The file is decoded in the encoding its declaration names (an old blog's ISO-8859-1).
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
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { clip } from './json-source.ts';
import { countWxrComments } from './wxr-check.ts';
import { commentFields, commentItems, mysqlDate } from './wxr-comment.ts';
import { xmlEvents } from './xml-stream.ts';

export { mysqlDate, wpCommentHtml } from './wxr-comment.ts';

const WXR_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;
const WHAT = 'a WordPress export (WXR)';

/** The channel's fields that name the blog: its address, or its front page. */
const isOriginField = (name: string) =>
  name === 'link' || local(name) === 'base_site_url' || local(name) === 'base_blog_url';

const ABSOLUTE = /^https?:\/\//i;

/**
 * An item's <link> or <guid> as an address: Squarespace's export (and other generators) write
 * the path alone ("/blog/a-post"), which is resolved against the channel's address.
 */
export function resolveLink(link: string, base: string | undefined): string {
  if (!link || ABSOLUTE.test(link) || !base) return link;
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

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
  /** Its <wp:comment> records read so far. */
  comments: number;
};

// The fields of an item a thread is made of: the rest (the post's content above all) is passed
// over unread. Matched on the local name since the role is asked before the prefix is known.
// thread_identifier is what Disqus's import format (WXR with a dsq: namespace) names a thread by.
const ITEM_FIELDS = new Set([
  'title',
  'link',
  'guid',
  'post_id',
  'post_date_gmt',
  'postmeta',
  'comment',
  'thread_identifier',
]);
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
      // The channel's own addresses, by local name, read before the first <item> (where WordPress
      // puts them): the blog the file comes from, and what an item's relative <link> is read against.
      const channel = new Map<string, string>();
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
              item = { line: e.line, fields: new Map(), meta: new Map(), thread: null, comments: 0 };
              if (!items++) {
                const origin = originOf(originUrl(channel));
                if (origin) yield { kind: 'origin', origin };
              }
            } else notRss(e);
            continue;
          }
          if (e.kind === 'close') {
            item = null;
            continue;
          }
          if (!item) {
            const name = local(e.record.name);
            const value = e.record.values.get('')?.trim() ?? '';
            if (!channel.has(name)) channel.set(name, value);
            continue;
          }
          const r = e.record;
          if (r.name === f.comment) {
            item.comments++;
            if (item.thread === null) {
              const { keyField, ...t } = threadOf(item, wp, baseOf(channel));
              const wrong = !t.key
                ? `an <item> with comments and no ${wp}:post_id, <link> or <guid>`
                : seen.has(t.key)
                  ? `a second <item> with the ${keyField} ${clip(t.key)}`
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
            if (item.thread) yield* commentItems(r, f, item.thread, item.comments);
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

/** The blog's address, whose comment ids the file's are (see above): its own, else its network's, else the front page. */
function originUrl(channel: ReadonlyMap<string, string>): string {
  return channel.get('base_blog_url') || channel.get('base_site_url') || channel.get('link') || '';
}

/** The address an item's relative <link> is read against: the channel's <link>, else the blog's. */
function baseOf(channel: ReadonlyMap<string, string>): string | undefined {
  return ['link', 'base_blog_url', 'base_site_url'].map((n) => channel.get(n) ?? '').find((u) => ABSOLUTE.test(u));
}

function threadOf(item: Item, wp: string, base: string | undefined) {
  const f = item.fields;
  const at = `line ${item.line}, <item>`;
  // Our own WXR carries the thread's key (an explicit data-parley-thread or the page's address):
  // keeping it keeps the widget's thread the same after the move.
  const url =
    item.meta.get('parley_thread_key')?.trim() ||
    resolveLink(f.get('link')?.trim() || f.get('guid')?.trim() || '', base);
  // Without a post id (Disqus's import format, some converters): the thread's identifier, else its address.
  const postId = f.get(`${wp}:post_id`)?.trim();
  const identifier = [...f].find(([n]) => local(n) === 'thread_identifier');
  const [keyField, key] = postId
    ? [`${wp}:post_id`, postId]
    : identifier?.[1].trim()
      ? [identifier[0], identifier[1].trim()]
      : ['<link>', url];
  const title = f.get('title')?.trim() || null;
  const date = mysqlDate(f.get(`${wp}:post_date_gmt`));
  return { key, keyField, url, title, createdAt: date === null || Number.isNaN(date) ? null : date, at };
}
