// The classic comment form, without JavaScript: POST, then redirect back (303): to the new
// comment when published; when held, with a signed view token (10 minutes) that shows the
// author their own pending comment on a page marked noindex. Refusals come back as the page
// with the form filled in and the errors beside their fields.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorMessage, type Language } from '../../../contracts/messages.ts';
import type { CreateResult, SiteContext } from '../../../core/comments/comment-service.ts';
import { validateNewComment } from '../../../core/comments/validate-comment.ts';
import { AppError } from '../../../core/errors.ts';
import { hashIp } from '../../../core/privacy/ip.ts';
import { escapeHtml as e } from '../../../render/escape.ts';
import type { AppContext } from '../../app-context.ts';
import { formParser } from '../../body-parsers.ts';
import { layout } from '../../pages/layout.ts';
import type { FormState } from '../../pages/thread-section.ts';
import { resolveSite } from '../../request-site.ts';
import { COMMENT_BODY_LIMIT } from '../public/comments.routes.ts';
import type { Query } from '../public/query.ts';
import { type PageWrapper, sectionFor, sendPage, standalonePage, standaloneUrl, wrapperFor } from './section-page.ts';

const FORM_FIELDS = ['thread', 'parent', 'title', 'name', 'email', 'website', 'body', 'formToken', 'notify'] as const;
type Form = Record<string, string>;

function safeReturn(path: unknown): string | null {
  return typeof path === 'string' && /^\/(?!\/)[^\s\\]{0,500}$/.test(path) && !path.includes('?') ? path : null;
}

export function commentFormRoutes(app: FastifyInstance, ctx: AppContext, wrappers: PageWrapper[]): void {
  // Its parser is registered in this scope only: the JSON API keeps accepting nothing but application/json.
  // And this form takes nothing but a form: a JSON body would hand it numbers and objects where
  // every field is read as a string (a numeric `parent` broke the refusal page with a 500).
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    formParser(scope);
    scope.post('/comments', { config: { public: true, html: true }, bodyLimit: COMMENT_BODY_LIMIT }, (req, reply) =>
      handleForm(ctx, wrappers, req, reply),
    );
  });
}

async function handleForm(ctx: AppContext, wrappers: PageWrapper[], req: FastifyRequest, reply: FastifyReply) {
  const form = (req.body ?? {}) as Form;
  let site: SiteContext;
  try {
    site = await resolveSite(req, reply, ctx.sites, { write: true, thread: form.thread, site: form.site || undefined });
  } catch (err) {
    if (err instanceof AppError && err.code === 'ORIGIN_HIDDEN') return originHiddenPage(reply, req.parleyLang ?? 'en');
    throw err;
  }
  req.parleyLang = site.lang;
  const returnPath = safeReturn(form.return);
  const returnWrapper = returnPath ? wrapperFor(wrappers, returnPath) : null;
  const refused = (status: number, state: FormState) =>
    refusalPage(
      ctx,
      reply,
      { site, form, returnPath: returnWrapper ? returnPath : null, returnWrapper },
      status,
      state,
    );
  const values = {
    name: form.name,
    email: form.email,
    website: form.website,
    body: form.body,
    notify: form.notify,
    notifyScope: form.notifyScope,
  };
  const valid = validateNewComment(formInput(form, returnWrapper), site.lang);
  if (!valid.ok) return refused(422, { values, errors: valid.fields });
  try {
    const result = await ctx.comments.create(site, valid.value, {
      ip: req.ip,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
      honeypot: form.hp_website ?? '',
    });
    await ctx.notifications.afterPost(
      site,
      { ...valid.value, threadId: result.threadId, commentId: result.id, outcome: result.verdict.outcome },
      hashIp(req.ip, ctx.secrets.ip),
    );
    req.log.info({ comment: result.id, outcome: result.verdict.outcome }, 'comment received (form)');
    const target = redirectTarget(result, site, returnWrapper ? returnPath : null);
    return reply.code(303).header('location', target).header('cache-control', 'no-store').send();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    for (const [k, v] of Object.entries(err.headers ?? {})) reply.header(k, v);
    const formError = err.fields ? undefined : errorMessage(err.code, site.lang);
    return refused(err.status, { values, errors: err.fields ?? {}, formError });
  }
}

/** The form's known fields only; an embedding page's title goes with the first comment of its thread. */
function formInput(form: Form, wrapper: ReturnType<PageWrapper>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of FORM_FIELDS) if (form[f] !== undefined) input[f] = form[f];
  // The ticked box says "notify"; the radio next to it says about what.
  if (input.notify !== undefined && form.notifyScope === 'thread') input.notify = 'thread';
  if (input.title === undefined && wrapper?.title && wrapper.thread === form.thread) input.title = wrapper.title;
  return input;
}

/** Back to the page the reader came from (an embedding page, else the standalone one), at the comment. */
function redirectTarget(result: CreateResult, site: SiteContext, returnPath: string | null): string {
  const base = returnPath ?? standaloneUrl(result.threadKey, site.site.id);
  const sep = base.includes('?') ? '&' : '?';
  return result.status === 'published'
    ? `${base}${sep}posted=1#comment-${result.id}`
    : `${base}${sep}preview=${encodeURIComponent(result.viewToken!)}#comment-${result.id}`;
}

type Refusal = { site: SiteContext; form: Form; returnPath: string | null; returnWrapper: ReturnType<PageWrapper> };

/** The page again, with what the reader typed and why it was refused. */
async function refusalPage(ctx: AppContext, reply: FastifyReply, r: Refusal, status: number, state: FormState) {
  const { site, form } = r;
  const thread = typeof form.thread === 'string' && form.thread ? form.thread : null;
  if (!thread) {
    const message = errorMessage('VALIDATION', site.lang);
    const body = `<p role="alert">${e(state.formError ?? message)}</p>`;
    return sendPage(reply, layout({ title: message, body, lang: site.lang }), status);
  }
  const wrapper = r.returnWrapper;
  const pagePath = wrapper && r.returnPath ? r.returnPath : standaloneUrl(thread, site.site.id);
  const query: Query = form.parent ? { replyto: form.parent } : {};
  const s = await sectionFor(ctx, { site, thread: wrapper?.thread ?? thread, pagePath, query, form: state });
  const html = wrapper
    ? wrapper.wrap(s.html, { noindex: false, site, feeds: s.feeds })
    : standalonePage(site, s.page, s.html, false, s.feeds);
  return sendPage(reply, html, status);
}

/** The form came from a page that hides its origin (no-referrer, a sandboxed frame): say why, as a page. */
function originHiddenPage(reply: FastifyReply, lang: Language): FastifyReply {
  const message = errorMessage('ORIGIN_HIDDEN', lang);
  return sendPage(reply, layout({ title: message, body: `<p role="alert">${e(message)}</p>`, lang }), 403);
}
