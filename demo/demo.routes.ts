// The demo newsroom served by `npm start`: a front page with comment counts, article pages
// with their server-rendered comment sections, all on the comment server's own origin.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/server/app-context.ts';
import { feedLinks } from '../src/server/pages/feed-links.ts';
import { layout, PAGE_CSP } from '../src/server/pages/layout.ts';
import { sectionFor, type PageWrapper } from '../src/server/routes/pages/section-page.ts';
import { resolveSite } from '../src/server/request-site.ts';
import { AppError } from '../src/core/errors.ts';
import { UI } from '../src/contracts/ui-strings.ts';
import { escapeHtml as e } from '../src/render/escape.ts';
import type { Query } from '../src/server/routes/public/query.ts';
import { ARTICLES, type Article } from './articles.ts';

const MASTHEAD = `<header class="masthead"><a href="/">The Parley Courier</a><nav>A demo newsroom · comments by Parley · <a href="/privacy">Privacy</a></nav></header>`;

export function articleThread(ctx: AppContext, a: Article): string {
  return `${ctx.config.publicUrl}/news/${a.slug}`;
}

function articleHtml(a: Article, section: string): string {
  return (
    `<article class="article"><p class="dateline">${e(a.dateline)} · <time datetime="${a.date}">${a.date}</time></p>` +
    `<h1>${e(a.title)}</h1><p><strong>${e(a.standfirst)}</strong></p>` +
    a.paragraphs.map((p, i) => `<p>${i === 0 ? `<b>${e(a.dateline)} —</b> ` : ''}${e(p)}</p>`).join('') +
    // The widget enhances the server-rendered section below (no-JS readers keep the form).
    `</article>${section}<script src="/embed.js" async></script>`
  );
}

export function demoWrapper(ctx: AppContext): PageWrapper {
  return (path) => {
    const m = /^\/news\/([a-z0-9-]+)$/.exec(path);
    const a = m && ARTICLES.find((x) => x.slug === m[1]);
    if (!a) return null;
    return {
      thread: articleThread(ctx, a),
      title: a.title,
      wrap: (section, o) =>
        layout({
          title: a.title,
          body: articleHtml(a, section),
          lang: o.site.lang,
          noindex: o.noindex,
          canonical: articleThread(ctx, a),
          header: MASTHEAD,
          feeds: o.feeds,
        }),
    };
  };
}

export function demoRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', { config: { public: true, html: true } }, async (req, reply) => {
    const site = await resolveSite(req, reply, ctx.sites, { write: false });
    const counts = await ctx.comments.counts(
      site,
      ARTICLES.map((a) => articleThread(ctx, a)),
    );
    const items = ARTICLES.map(
      (a) =>
        `<li><a href="/news/${a.slug}"><strong>${e(a.title)}</strong></a><br><span class="dateline">${e(a.dateline)} · ${a.date}</span> · ` +
        `<a class="count" href="/news/${a.slug}#comments"><span data-parley-count="${e(articleThread(ctx, a))}">${e(UI[site.lang].comments(counts[articleThread(ctx, a)] ?? 0))}</span></a></li>`,
    ).join('');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-cache')
      .send(
        layout({
          title: 'The Parley Courier',
          body: `<section class="front"><h1>Latest</h1><ol>${items}</ol></section><script src="/count.js" async></script>`,
          lang: site.lang,
          header: MASTHEAD,
          feeds: feedLinks(site.lang, site.site, null),
        }),
      );
  });

  app.get('/news/:slug', { config: { public: true, html: true } }, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const a = ARTICLES.find((x) => x.slug === slug);
    if (!a) throw new AppError('NOT_FOUND');
    const site = await resolveSite(req, reply, ctx.sites, { write: false });
    const s = await sectionFor(ctx, {
      site,
      thread: articleThread(ctx, a),
      pagePath: `/news/${a.slug}${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}`,
      query: req.query as Query,
      title: a.title,
    });
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', s.noindex ? 'private, no-store' : 'no-cache')
      .send(demoWrapper(ctx)(`/news/${a.slug}`)!.wrap(s.html, { noindex: s.noindex, site, feeds: s.feeds }));
  });
}
