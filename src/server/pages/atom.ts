// Atom 1.0 (RFC 4287) documents of the latest comments. Everything a commenter or a site wrote is
// escaped as XML text; comment bodies are sanitized again with the pages' policy (it is
// idempotent on what was sanitized at write time, and a feed reader is one more place they
// are shown) and travel as `type="html"` content, escaped, as the RFC has it.
import type { Language } from '../../contracts/messages.ts';
import type { FeedEntry } from '../../core/feeds/comment-feeds.ts';
import { xmlText } from '../../core/export/xml.ts';
import { sanitizeHtml } from '../../render/sanitize.ts';

export type AtomFeed = {
  /** The feed's permanent id: its canonical address. */
  id: string;
  title: string;
  self: string;
  /** The page the comments are on (an article, or the site). */
  alternate: string | null;
  lang: Language;
  /** When nothing has been published yet: when the thread or site began. */
  emptyUpdated: number;
  /** The host that names entry ids (tag URIs, RFC 4151). */
  host: string;
  entries: FeedEntry[];
  entryTitle(e: FeedEntry): string;
  entryLink(e: FeedEntry): string;
};

const time = (ms: number) => new Date(ms).toISOString();

/** tag:host,YYYY-MM-DD:comment/ID — dated the day the comment was made, so it never changes. */
export function entryId(host: string, e: FeedEntry): string {
  return `tag:${host},${time(e.published).slice(0, 10)}:comment/${e.id}`;
}

function entry(feed: AtomFeed, e: FeedEntry): string {
  return (
    '<entry>' +
    `<id>${xmlText(entryId(feed.host, e))}</id>` +
    `<title type="text">${xmlText(feed.entryTitle(e))}</title>` +
    `<link rel="alternate" type="text/html" href="${xmlText(feed.entryLink(e))}"/>` +
    `<published>${time(e.published)}</published>` +
    `<updated>${time(e.updated)}</updated>` +
    `<author><name>${xmlText(e.authorName)}</name></author>` +
    `<content type="html">${xmlText(sanitizeHtml(e.html))}</content>` +
    '</entry>\n'
  );
}

export function renderAtom(feed: AtomFeed): string {
  const updated = feed.entries.reduce((max, e) => Math.max(max, e.updated), 0) || feed.emptyUpdated;
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.lang}">\n` +
    `<id>${xmlText(feed.id)}</id>\n` +
    `<title type="text">${xmlText(feed.title)}</title>\n` +
    `<updated>${time(updated)}</updated>\n` +
    `<link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>\n` +
    (feed.alternate ? `<link rel="alternate" type="text/html" href="${xmlText(feed.alternate)}"/>\n` : '') +
    '<generator>Parley</generator>\n' +
    feed.entries.map((e) => entry(feed, e)).join('') +
    '</feed>\n'
  );
}
