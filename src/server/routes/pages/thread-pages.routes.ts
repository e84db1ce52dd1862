// Server-rendered threads and the classic form: the comment section works without
// JavaScript and is indexable. POST, then redirect back (303): to the new comment when
// published; when held, with a signed view token (10 minutes) that shows the author their
// own pending comment on a page marked noindex.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ThreadPage } from '../../../contracts/api.ts';
import { UI } from '../../../contracts/ui-strings.ts';
import type { SiteContext } from '../../../core/comments/comment-service.ts';
import { validateNewComment } from '../../../core/comments/validate-comment.ts';
import { AppError } from '../../../core/errors.ts';
import { issueFormToken } from '../../../core/tokens.ts';
import { errorMessage, type Language } from '../../../contracts/messages.ts';
import { escapeHtml as e } from '../../../render/escape.ts';
import type { AppContext } from '../../app-context.ts';
import { formParser } from '../../body-parsers.ts';
import { layout, PAGE_CSP } from '../../pages/layout.ts';
import { STYLES } from '../../pages/styles.ts';
import { findComment, renderThreadSection, type FormState } from '../../pages/thread-section.ts';
import { resolveSite } from '../../request-site.ts';
import { one, type Query } from '../public/query.ts';
import { COMMENT_BODY_LIMIT } from '../public/comments.routes.ts';

/** A page that embeds a thread (the demo article, say) wraps the section in its own HTML. */
export type PageWrapper = (
  path: string,
) => {
  thread: string;
  title?: string;
  wrap: (section: string, o: { noindex: boolean; site: SiteContext }) => string;
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
): Promise<{ html: string; noindex: boolean; page: ThreadPage }> {
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
  });
  // A page showing a pending comment must never be indexed or shared by a cache.
  return { html, noindex: !!preview, page };
}

function sendPage(reply: FastifyReply, html: string, status = 200, privateView = false): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', privateView ? 'private, no-store' : 'no-cache')
    .send(html);
}

function safeReturn(path: unknown): string | null {
  return typeof path === 'string' && /^\/(?!\/)[^\s\\]{0,500}$/.test(path) && !path.includes('?') ? path : null;
}

export function threadPageRoutes(app: FastifyInstance, ctx: AppContext, wrappers: PageWrapper[]): void {
  const standalone = (thread: string) => `/comments?thread=${encodeURIComponent(thread)}`;
  const wrapperFor = (path: string) => {
    for (const w of wrappers) {
      const hit = w(path);
      if (hit) return hit;
    }
    return null;
  };
  const standalonePage = (site: SiteContext, page: ThreadPage, section: string, noindex: boolean) =>
    layout({
      title: `${UI[site.lang].comments(page.thread.count)} · ${page.thread.title ?? page.thread.key}`,
      body: `<p class="dateline"><a href="${e(page.thread.url ?? '/')}">${e(page.thread.title ?? page.thread.key)}</a></p>${section}`,
      lang: site.lang,
      noindex,
      canonical: null,
    });

  app.get('/static/parley.css', { config: { public: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLES),
  );

  app.get('/comments', { config: { public: true, html: true } }, async (req, reply) => {
    const q = req.query as Query;
    const thread = one(q, 'thread', 'en', true)!;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, thread, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const pagePath = `${standalone(thread)}&site=${encodeURIComponent(site.site.id)}`;
    const s = await sectionFor(ctx, { site, thread, pagePath, query: q });
    return sendPage(reply, standalonePage(site, s.page, s.html, s.noindex), 200, s.noindex);
  });

  app.get('/comments/replies', { config: { public: true, html: true } }, async (req, reply) => {
    const q = req.query as Query;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const page = await ctx.comments.moreReplies(site, one(q, 'comment', site.lang, true)!, one(q, 'cursor', site.lang));
    const t = UI[site.lang];
    const items = page.comments
      .map(
        (c) =>
          `<li id="comment-${e(c.id)}"><article class="parley-comment"><header><b class="parley-author">${e(c.author?.name ?? '')}</b> <time datetime="${e(c.createdAt)}">${e(c.createdAt.slice(0, 16).replace('T', ' '))} UTC</time></header><div class="parley-body">${c.html ?? ''}</div></article></li>`,
      )
      .join('');
    const more = page.nextCursor
      ? `<p><a href="/comments/replies?comment=${e(one(q, 'comment', site.lang)!)}&amp;cursor=${e(page.nextCursor)}&amp;site=${e(site.site.id)}">${e(t.moreReplies)}</a></p>`
      : '';
    return sendPage(
      reply,
      layout({
        title: t.moreReplies,
        body: `<section class="parley"><ol>${items}</ol>${more}</section>`,
        lang: site.lang,
      }),
    );
  });

  // The no-JavaScript form. Its parser is registered in this scope only: the JSON API keeps
  // accepting nothing but application/json.
  app.register(async (scope) => {
    formParser(scope);
    scope.post(
      '/comments',
      { config: { public: true, html: true }, bodyLimit: COMMENT_BODY_LIMIT },
      async (req, reply) => handleForm(req, reply),
    );
  });

  async function handleForm(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const form = (req.body ?? {}) as Record<string, string>;
    let site: SiteContext;
    try {
      site = await resolveSite(req, reply, ctx.sites, {
        write: true,
        thread: form.thread,
        site: form.site || undefined,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'ORIGIN_HIDDEN')
        return originHiddenPage(reply, req.parleyLang ?? 'en');
      throw err;
    }
    req.parleyLang = site.lang;
    const returnPath = safeReturn(form.return);
    const fields = ['thread', 'parent', 'title', 'name', 'email', 'website', 'body', 'formToken'] as const;
    const input: Record<string, unknown> = {};
    for (const f of fields) if (form[f] !== undefined) input[f] = form[f];
    const returnWrapper = returnPath ? wrapperFor(returnPath) : null;
    if (input.title === undefined && returnWrapper?.title && returnWrapper.thread === form.thread)
      input.title = returnWrapper.title;
    const values = { name: form.name, email: form.email, website: form.website, body: form.body };

    const fail = async (status: number, state: FormState) => {
      const thread = typeof form.thread === 'string' && form.thread ? form.thread : null;
      if (!thread)
        return sendPage(
          reply,
          layout({
            title: errorMessage('VALIDATION', site.lang),
            body: `<p role="alert">${e(state.formError ?? errorMessage('VALIDATION', site.lang))}</p>`,
            lang: site.lang,
          }),
          status,
        );
      const wrapper = returnPath ? wrapperFor(returnPath) : null;
      const pagePath = wrapper ? returnPath! : `${standalone(thread)}&site=${encodeURIComponent(site.site.id)}`;
      const query: Query = form.parent ? { replyto: form.parent } : {};
      const s = await sectionFor(ctx, { site, thread: wrapper?.thread ?? thread, pagePath, query, form: state });
      const html = wrapper
        ? wrapper.wrap(s.html, { noindex: false, site })
        : standalonePage(site, s.page, s.html, false);
      return sendPage(reply, html, status);
    };

    const valid = validateNewComment(input, site.lang);
    if (!valid.ok) return fail(422, { values, errors: valid.fields });
    try {
      const result = await ctx.comments.create(site, valid.value, {
        ip: req.ip,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
        honeypot: form.hp_website ?? '',
      });
      req.log.info({ comment: result.id, outcome: result.verdict.outcome }, 'comment received (form)');
      const base =
        returnPath && wrapperFor(returnPath)
          ? returnPath
          : `${standalone(result.threadKey)}&site=${encodeURIComponent(site.site.id)}`;
      const sep = base.includes('?') ? '&' : '?';
      const target =
        result.status === 'published'
          ? `${base}${sep}posted=1#comment-${result.id}`
          : `${base}${sep}preview=${encodeURIComponent(result.viewToken!)}#comment-${result.id}`;
      return reply.code(303).header('location', target).header('cache-control', 'no-store').send();
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      for (const [k, v] of Object.entries(err.headers ?? {})) reply.header(k, v);
      return fail(err.status, {
        values,
        errors: err.fields ?? {},
        formError: err.fields ? undefined : errorMessage(err.code, site.lang),
      });
    }
  }
}

/** The form came from a page that hides its origin (no-referrer, a sandboxed frame): say why, as a page. */
function originHiddenPage(reply: FastifyReply, lang: Language): FastifyReply {
  const message = errorMessage('ORIGIN_HIDDEN', lang);
  return sendPage(reply, layout({ title: message, body: `<p role="alert">${e(message)}</p>`, lang }), 403);
}
