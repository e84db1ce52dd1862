// What the server-rendered pages share: a thread's comment section, the wrappers of pages that
// embed one (the demo newsroom's articles), the standalone page, and how a page is sent.
import type { FastifyReply } from 'fastify';
import type { ThreadPage } from '../../../contracts/api.ts';
import { UI } from '../../../contracts/ui-strings.ts';
import type { SiteContext } from '../../../core/comments/comment-service.ts';
import { AppError } from '../../../core/errors.ts';
import { issueFormToken } from '../../../core/tokens.ts';
import { escapeHtml as e } from '../../../render/escape.ts';
import type { AppContext } from '../../app-context.ts';
import { type FeedLink, feedLinks } from '../../pages/feed-links.ts';
import { layout, PAGE_CSP } from '../../pages/layout.ts';
import { findComment, renderThreadSection, type FormState } from '../../pages/thread-section.ts';
import { one, type Query } from '../public/query.ts';

/** A page that embeds a thread (the demo article, say) wraps the section in its own HTML. */
export type PageWrapper = (path: string) => {
  thread: string;
  title?: string;
  /** `feeds`: the Atom feeds to name in the page's <head>. */
  wrap: (section: string, o: { noindex: boolean; site: SiteContext; feeds?: readonly FeedLink[] }) => string;
} | null;

export type SectionRequest = {
  site: SiteContext;
  thread: string;
  pagePath: string;
  query: Query;
  form?: FormState;
  title?: string | null;
};

export async function sectionFor(
  ctx: AppContext,
  r: SectionRequest,
): Promise<{ html: string; noindex: boolean; page: ThreadPage; feeds: FeedLink[] }> {
  const lang = r.site.lang;
  const preview = one(r.query, 'preview', lang);
  const cursor = one(r.query, 'cpage', lang);
  let page: ThreadPage;
  try {
    page = await ctx.comments.threadPage(r.site, r.thread, { cursor, viewToken: preview });
  } catch (err) {
    if (err instanceof AppError && err.code === 'BAD_CURSOR')
      page = await ctx.comments.threadPage(r.site, r.thread, { viewToken: preview });
    else throw err;
  }
  const replyToId = one(r.query, 'replyto', lang);
  const replyTo = replyToId ? findComment(page.comments, replyToId) : null;
  const posted = one(r.query, 'posted', lang);
  const html = renderThreadSection({
    page,
    lang,
    pagePath: r.pagePath,
    thread: r.thread,
    siteId: r.site.site.id,
    formToken: issueFormToken(ctx.secrets.form, r.site.site.id, ctx.clock.now()),
    replyTo: replyTo && !replyTo.pending ? replyTo : null,
    form: r.form,
    notice: preview ? 'held' : posted ? 'published' : null,
    title: r.title ?? page.thread.title,
    notify: ctx.notifications.enabled,
  });
  const feeds = feedLinks(lang, r.site.site, { key: page.thread.key, title: r.title ?? page.thread.title });
  // A page showing a pending comment must never be indexed or shared by a cache.
  return { html, noindex: !!preview, page, feeds };
}

export function sendPage(reply: FastifyReply, html: string, status = 200, privateView = false): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', privateView ? 'private, no-store' : 'no-cache')
    .send(html);
}

/** The standalone page of a thread (for sites that do not embed it), with its site named. */
export function standaloneUrl(thread: string, siteId: string): string {
  return `/comments?thread=${encodeURIComponent(thread)}&site=${encodeURIComponent(siteId)}`;
}

export function standalonePage(
  site: SiteContext,
  page: ThreadPage,
  section: string,
  noindex: boolean,
  feeds: readonly FeedLink[] = [],
): string {
  return layout({
    title: `${UI[site.lang].comments(page.thread.count)} · ${page.thread.title ?? page.thread.key}`,
    body: `<p class="dateline"><a href="${e(page.thread.url ?? '/')}">${e(page.thread.title ?? page.thread.key)}</a></p>${section}`,
    lang: site.lang,
    noindex,
    canonical: null,
    feeds,
  });
}

/** The first wrapper that claims a path (an embedding page), or null. */
export function wrapperFor(wrappers: readonly PageWrapper[], path: string): ReturnType<PageWrapper> {
  for (const w of wrappers) {
    const hit = w(path);
    if (hit) return hit;
  }
  return null;
}
