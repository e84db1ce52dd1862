// The moderation queues under /admin/api: reading them (counts, pages, one comment, search)
// and changing comments (actions, bulk actions, a moderator's edit or reply, pins). Each route
// parses, checks the caller's role on the site and hands over to Moderation.
import type { FastifyInstance } from 'fastify';
import { ACTIONS, QUEUES, type Action, type QueueName } from '../../../contracts/admin-api.ts';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import type { Moderation } from '../../../core/moderation/moderation.ts';
import type { AppContext } from '../../app-context.ts';
import { one, type Query } from '../public/query.ts';
import { actor, auditActor, body, boundedInt, cursor, invalid, roleOn } from './admin-request.ts';

type SiteParams = { Params: { site: string } };
type ItemParams = { Params: { site: string; id: string } };
type PageQuery = { before?: string; limit?: string };
type SearchQuery = PageQuery & { q?: string; author?: string; email?: string; article?: string };

export function adminQueueRoutes(app: FastifyInstance, moderation: Moderation): void {
  app.get<SiteParams>('/admin/api/sites/:site/counts', async (req) => {
    roleOn(req, req.params.site);
    return { counts: await moderation.counts(req.params.site) };
  });

  app.get<{ Params: { site: string; queue: string }; Querystring: PageQuery }>(
    '/admin/api/sites/:site/queues/:queue',
    async (req) => {
      roleOn(req, req.params.site);
      if (!(QUEUES as readonly string[]).includes(req.params.queue)) throw new AppError('NOT_FOUND');
      const before = cursor(req.query.before);
      return moderation.queue(
        req.params.site,
        req.params.queue as QueueName,
        before,
        boundedInt(req.query.limit, 25, 100),
      );
    },
  );

  app.get<ItemParams>('/admin/api/sites/:site/comments/:id', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    return { comment: await moderation.item(req.params.site, req.params.id) };
  });

  app.get<{ Params: { site: string }; Querystring: SearchQuery }>('/admin/api/sites/:site/search', async (req) => {
    roleOn(req, req.params.site);
    // Read through one(): a name given twice arrives as an array, which is a 422, not a 500.
    const q = req.query as Query;
    const filters = {
      text: one(q, 'q', 'en')?.trim() || undefined,
      author: one(q, 'author', 'en')?.trim() || undefined,
      email: one(q, 'email', 'en')?.trim() || undefined,
      article: one(q, 'article', 'en')?.trim() || undefined,
    };
    if (!Object.values(filters).some(Boolean)) throw invalid('q', 'REQUIRED');
    for (const [k, v] of Object.entries(filters))
      if (v && v.length > 200) throw invalid(k === 'text' ? 'q' : k, 'INVALID_VALUE');
    const before = cursor(req.query.before);
    return moderation.search(req.params.site, filters, before, boundedInt(req.query.limit, 25, 100));
  });
}

export function adminCommentRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  moderation: Moderation,
  audit: AuditLog,
): void {
  app.post<ItemParams>('/admin/api/sites/:site/comments/:id/actions', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['action']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action))
      throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return { comment: await moderation.act(actor(req), req.params.site, req.params.id, b.action as Action) };
  });

  // A moderator edits a comment's text (re-rendered, marked as edited by a moderator) or replies
  // under their own name with a badge. Both are audited.
  app.patch<ItemParams>('/admin/api/sites/:site/comments/:id', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['body']);
    const site = await ctx.sites.byId(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const { before, after } = await ctx.comments.moderatorEdit(ctx.sites.context(site), req.params.id, b.body);
    await audit.record({
      actor: auditActor(req),
      siteId: site.id,
      action: 'comment.edit',
      target: before.id,
      before: { body: before.body },
      after: { body: after.body },
    });
    return { comment: await moderation.item(site.id, after.id) };
  });

  app.post<ItemParams>('/admin/api/sites/:site/comments/:id/replies', async (req, reply) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['body', 'name']);
    if (b.name !== undefined && (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100))
      throw invalid('name', 'INVALID_VALUE');
    const site = await ctx.sites.byId(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const me = req.adminSession!.user;
    const name = typeof b.name === 'string' ? b.name.trim() : me.email.split('@')[0];
    const row = await ctx.comments.moderatorReply(
      ctx.sites.context(site),
      req.params.id,
      { name, email: me.email },
      b.body,
    );
    await audit.record({
      actor: auditActor(req),
      siteId: site.id,
      action: 'comment.reply',
      target: row.id,
      after: { parent: req.params.id },
    });
    return reply.code(201).send({ comment: await moderation.item(site.id, row.id) });
  });

  // Pinned comments open their article's thread (at most three; see src/core/threads/pins.ts).
  app.post<ItemParams>('/admin/api/sites/:site/comments/:id/pinned', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['pinned']);
    if (typeof b.pinned !== 'boolean') throw invalid('pinned', b.pinned === undefined ? 'REQUIRED' : 'INVALID_TYPE');
    return { comment: await moderation.pin(actor(req), req.params.site, req.params.id, b.pinned) };
  });

  app.post<SiteParams>('/admin/api/sites/:site/bulk', async (req) => {
    roleOn(req, req.params.site);
    const b = body(req, ['action', 'ids']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action))
      throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    if (!Array.isArray(b.ids) || b.ids.length === 0 || b.ids.length > 200 || !b.ids.every(isId))
      throw invalid('ids', b.ids === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return {
      results: await moderation.bulk(actor(req), req.params.site, [...new Set(b.ids as string[])], b.action as Action),
    };
  });
}
