// Where a thread's and a site's Atom feeds are, and how pages name them in their <head>
// (<link rel="alternate" type="application/atom+xml">), so that browsers and feed readers find
// them from the article or the comments page.
import type { Language } from '../../contracts/messages.ts';
import { escapeHtml as e } from '../../render/escape.ts';

/** A feed's words, per language; its entries are the readers' own. */
export const FEED_WORDS: Record<Language, { latest: string }> = {
  en: { latest: 'Latest comments' },
  fr: { latest: 'Derniers commentaires' },
  ru: { latest: 'Последние комментарии' },
};

export type FeedLink = { title: string; href: string };

export const threadFeedPath = (siteId: string, threadKey: string) =>
  `/feeds/threads.atom?site=${encodeURIComponent(siteId)}&thread=${encodeURIComponent(threadKey)}`;

export const siteFeedPath = (siteId: string) => `/feeds/site.atom?site=${encodeURIComponent(siteId)}`;

/** The feeds a page offers: its thread's (when it shows one), then the whole site's. */
export function feedLinks(
  lang: Language,
  site: { id: string; name: string },
  thread: { key: string; title: string | null } | null,
): FeedLink[] {
  const latest = FEED_WORDS[lang].latest;
  const links: FeedLink[] = [];
  if (thread)
    links.push({ title: `${latest}: ${thread.title ?? thread.key}`, href: threadFeedPath(site.id, thread.key) });
  links.push({ title: `${latest}: ${site.name}`, href: siteFeedPath(site.id) });
  return links;
}

export function feedLinkTags(links: readonly FeedLink[]): string {
  return links
    .map((l) => `<link rel="alternate" type="application/atom+xml" title="${e(l.title)}" href="${e(l.href)}">`)
    .join('');
}
