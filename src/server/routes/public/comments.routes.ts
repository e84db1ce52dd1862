// Public writes through the JSON API: post, edit and delete one's own comment.
// JSON only (a cross-site HTML form cannot send application/json, which blocks CSRF),
// strict UTF-8, and the Origin must be one the site allows.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import { validateNewComment } from '../../../core/comments/validate-comment.ts';
import { isId } from '../../../core/ids.ts';
import { issueFormToken } from '../../../core/tokens.ts';
import { hashIp } from '../../../core/privacy/ip.ts';
import type { AppContext } from '../../app-context.ts';
import { resolveSite } from '../../request-site.ts';
import { one, type Query } from './query.ts';

export const COMMENT_BODY_LIMIT = 1024 * 1024; // 65,525 code points, escaped, fit well inside

export function commentsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/v1/comments', { config: { public: true }, bodyLimit: COMMENT_BODY_LIMIT }, async (req, reply) => {
    const q = req.query as Query;
    const body = req.body as Record<string, unknown> | undefined;
    const thread = typeof body?.thread === 'string' ? body.thread : undefined;
    const site = await resolveSite(req, reply, ctx.sites, { write: true, thread, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const input = validateNewComment(body, site.lang);
    if (!input.ok) throw new AppError('VALIDATION', { fields: input.fields });
    const ua = req.headers['user-agent'];
    const result = await ctx.comments.create(site, input.value, {
      ip: req.ip,
      userAgent: typeof ua === 'string' ? ua : null,
    });
    await ctx.notifications.afterPost(
      site,
      { ...input.value, threadId: result.threadId, commentId: result.id, outcome: result.verdict.outcome },
      hashIp(req.ip, ctx.secrets.ip),
    );
    const { threadKey: _k, threadId: _t, verdict: _v, ...publicResult } = result;
    req.log.info({ comment: result.id, outcome: result.verdict.outcome }, 'comment received');
    return reply
      .code(result.status === 'published' ? 201 : 202)
      .header('cache-control', 'no-store')
      .send(publicResult);
  });

  app.patch('/api/v1/comments/:id', { config: { public: true }, bodyLimit: COMMENT_BODY_LIMIT }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const site = await resolveSite(req, reply, ctx.sites, { write: true, site: one(req.query as Query, 'site', 'en') });
    req.parleyLang = site.lang;
    if (!isId(id)) throw new AppError('NOT_FOUND');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(body).filter((k) => k !== 'body' && k !== 'editToken');
    if (unknown.length)
      throw new AppError('VALIDATION', {
        fields: Object.fromEntries(
          unknown.map((k) => [
            k.slice(0, 64),
            { code: 'UNKNOWN_FIELD' as const, message: `${k.slice(0, 64)} is not a known field.` },
          ]),
        ),
      });
    const token = req.headers['x-parley-edit-token'] ?? body.editToken;
    const comment = await ctx.comments.edit(site, id, token, body.body);
    return reply.header('cache-control', 'no-store').send({ comment });
  });

  app.delete('/api/v1/comments/:id', { config: { public: true } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const site = await resolveSite(req, reply, ctx.sites, { write: true, site: one(req.query as Query, 'site', 'en') });
    req.parleyLang = site.lang;
    if (!isId(id)) throw new AppError('NOT_FOUND');
    await ctx.comments.remove(site, id, req.headers['x-parley-edit-token']);
    return reply.code(204).send();
  });

  app.get('/api/v1/form-token', { config: { public: true } }, async (req, reply) => {
    const site = await resolveSite(req, reply, ctx.sites, {
      write: false,
      site: one(req.query as Query, 'site', 'en'),
    });
    return reply.header('cache-control', 'no-store').send({
      formToken: issueFormToken(ctx.secrets.form, site.site.id, ctx.clock.now()),
      // Whether to offer reply emails: only when this server sends mail.
      ...(ctx.notifications.enabled ? { notify: true } : {}),
    });
  });

  // CORS preflight for the JSON API: answered for origins some site allows.
  app.options('/api/v1/*', { config: { public: true } }, async (req, reply) => {
    const origin = req.headers.origin;
    if (typeof origin === 'string' && (await ctx.sites.byOrigin(origin))) {
      reply
        .header('access-control-allow-origin', origin)
        .header('vary', 'Origin')
        .header('access-control-allow-methods', 'GET, POST, PATCH, DELETE')
        .header('access-control-allow-headers', 'content-type, x-parley-edit-token')
        .header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
