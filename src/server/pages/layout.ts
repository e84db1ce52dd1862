import type { Language } from '../../contracts/messages.ts';
import { escapeHtml as e } from '../../render/escape.ts';
import { type FeedLink, feedLinkTags } from './feed-links.ts';

export function layout(o: {
  title: string;
  body: string;
  lang: Language;
  noindex?: boolean;
  canonical?: string | null;
  header?: string;
  /** Atom feeds the page offers (its thread's, its site's). */
  feeds?: readonly FeedLink[];
}): string {
  return (
    `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${e(o.title)}</title>` +
    (o.noindex ? `<meta name="robots" content="noindex">` : '') +
    (o.canonical ? `<link rel="canonical" href="${e(o.canonical)}">` : '') +
    feedLinkTags(o.feeds ?? []) +
    `<link rel="stylesheet" href="/static/parley.css"></head><body>` +
    (o.header ?? '') +
    `<main class="page">${o.body}</main></body></html>`
  );
}

/** Security headers for our HTML pages: no inline script can run on them. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'";
