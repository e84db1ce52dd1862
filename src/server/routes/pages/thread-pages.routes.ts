// Server-rendered threads: the comment section works without JavaScript and is indexable. The
// classic form that posts to it is in comment-form.routes.ts.
import type { FastifyInstance } from 'fastify';
import type { PublicComment } from '../../../contracts/api.ts';
import { UI } from '../../../contracts/ui-strings.ts';
import type { SiteContext } from '../../../core/comments/comment-service.ts';
import { escapeHtml as e } from '../../../render/escape.ts';
import type { AppContext } from '../../app-context.ts';
import { layout } from '../../pages/layout.ts';
import { STYLES } from '../../pages/styles.ts';
import { resolveSite } from '../../request-site.ts';
import { one, type Query } from '../public/query.ts';
import { commentFormRoutes } from './comment-form.routes.ts';
import { type PageWrapper, sectionFor, sendPage, standalonePage, standaloneUrl } from './section-page.ts';

export type { PageWrapper } from './section-page.ts';

export function threadPageRoutes(app: FastifyInstance, ctx: AppContext, wrappers: PageWrapper[]): void {
  app.get('/static/parley.css', { config: { public: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLES),
  );

  app.get('/comments', { config: { public: true, html: true } }, async (req, reply) => {
    const q = req.query as Query;
    const thread = one(q, 'thread', 'en', true)!;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, thread, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const s = await sectionFor(ctx, { site, thread, pagePath: standaloneUrl(thread, site.site.id), query: q });
    return sendPage(reply, standalonePage(site, s.page, s.html, s.noindex, s.feeds), 200, s.noindex);
  });

  app.get('/comments/replies', { config: { public: true, html: true } }, async (req, reply) => {
    const q = req.query as Query;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const comment = one(q, 'comment', site.lang, true)!;
    const page = await ctx.comments.moreReplies(site, comment, one(q, 'cursor', site.lang));
    return sendPage(reply, repliesPage(site, comment, page.comments, page.nextCursor));
  });

  commentFormRoutes(app, ctx, wrappers);
}

/** More replies to one comment, as a plain list with a link to the next page of them. */
function repliesPage(site: SiteContext, comment: string, comments: PublicComment[], nextCursor: string | null): string {
  const t = UI[site.lang];
  const items = comments
    .map(
      (c) =>
        `<li id="comment-${e(c.id)}"><article class="parley-comment"><header><b class="parley-author">${e(c.author?.name ?? '')}</b> <time datetime="${e(c.createdAt)}">${e(c.createdAt.slice(0, 16).replace('T', ' '))} UTC</time></header><div class="parley-body">${c.html ?? ''}</div></article></li>`,
    )
    .join('');
  const more = nextCursor
    ? `<p><a href="/comments/replies?comment=${e(comment)}&amp;cursor=${e(nextCursor)}&amp;site=${e(site.site.id)}">${e(t.moreReplies)}</a></p>`
    : '';
  return layout({
    title: t.moreReplies,
    body: `<section class="parley"><ol>${items}</ol>${more}</section>`,
    lang: site.lang,
  });
}
