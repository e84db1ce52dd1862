// The dashboard's tools beside the queues: a site's settings, closing threads, bans, privacy
// requests, stats and the audit log. Each route parses, checks the caller's role and hands over
// to the core service that holds the rule.
import type { FastifyInstance } from 'fastify';
import type { SettingsPatchReply, SettingsReply } from '../../../contracts/admin-api.ts';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import { BanAdmin } from '../../../core/moderation/bans.ts';
import { ModerationStats } from '../../../core/moderation/stats.ts';
import { CommenterData } from '../../../core/privacy/commenter-data.ts';
import { SETTING_RULES } from '../../../core/sites/settings.ts';
import { SiteSettingsService } from '../../../core/sites/site-settings.ts';
import { CHECK_NAMES } from '../../../spam/pipeline.ts';
import { ThreadClosing } from '../../../core/threads/closing.ts';
import { defaultSiteSettings } from '../../../config/config.ts';
import type { AppContext } from '../../app-context.ts';
import { one, type Query } from '../public/query.ts';
import { auditActor, body, boundedInt, cursor, invalid, roleOn } from './admin-request.ts';

type SiteParams = { Params: { site: string } };
type ItemParams = { Params: { site: string; id: string } };

export function adminSiteToolRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  siteChangeRoutes(app, ctx, audit);
  siteRecordRoutes(app, ctx, audit);
}

/** What moderators and admins change on a site: its settings, its threads' state, its bans. */
function siteChangeRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  const settings = new SiteSettingsService({
    store: ctx.store,
    audit,
    defaults: defaultSiteSettings(ctx.config),
    checks: CHECK_NAMES,
  });
  const closing = new ThreadClosing({ store: ctx.store, clock: ctx.clock, events: ctx.events, audit });
  const bans = new BanAdmin({ store: ctx.store, clock: ctx.clock, audit, bans: ctx.bans });

  // What applies (the install's defaults with the site's overrides), the overrides, the defaults.
  app.get<SiteParams>('/admin/api/sites/:site/settings', async (req): Promise<SettingsReply> => {
    roleOn(req, req.params.site, 'admin');
    return settings.show(req.params.site);
  });

  app.patch<SiteParams>('/admin/api/sites/:site/settings', async (req): Promise<SettingsPatchReply> => {
    roleOn(req, req.params.site, 'admin');
    const answer = await settings.update(auditActor(req), req.params.site, body(req, Object.keys(SETTING_RULES)));
    await ctx.sites.reload();
    return answer;
  });

  app.post<ItemParams>('/admin/api/sites/:site/threads/:id/closed', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['closed']);
    if (typeof b.closed !== 'boolean') throw invalid('closed', b.closed === undefined ? 'REQUIRED' : 'INVALID_TYPE');
    return { thread: await closing.setClosed(auditActor(req), req.params.site, req.params.id, b.closed) };
  });

  // Bans: by email address, email domain or IP hash, for some days or for good, with a reason.
  app.get<SiteParams>('/admin/api/sites/:site/bans', async (req) => {
    roleOn(req, req.params.site);
    return { bans: await bans.list(req.params.site) };
  });

  app.post<SiteParams>('/admin/api/sites/:site/bans', async (req, reply) => {
    roleOn(req, req.params.site);
    const b = body(req, ['kind', 'value', 'days', 'reason']);
    return reply
      .code(201)
      .send({ ban: await bans.add(auditActor(req), req.adminSession!.user.email, req.params.site, b) });
  });

  app.delete<ItemParams>('/admin/api/sites/:site/bans/:id', async (req, reply) => {
    roleOn(req, req.params.site);
    await bans.remove(auditActor(req), req.params.site, req.params.id);
    return reply.code(204).send();
  });
}

/** What a site keeps about people and decisions: a commenter's data, the stats, the audit log. */
function siteRecordRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  const stats = new ModerationStats({ store: ctx.store, clock: ctx.clock });
  const commenters = new CommenterData({ store: ctx.store, spam: ctx.spam, clock: ctx.clock, events: ctx.events });

  // A commenter's data on this site, for admins: everything as JSON, or erased everywhere here.
  app.get<{ Params: { site: string }; Querystring: { email?: string } }>(
    '/admin/api/sites/:site/privacy/export',
    async (req) => {
      roleOn(req, req.params.site, 'admin');
      // Through one(): an email given twice arrives as an array, which is a 422, not a 500.
      const email = one(req.query as Query, 'email', 'en')?.trim();
      if (!email?.includes('@') || email.length > 254) throw invalid('email', email ? 'INVALID_VALUE' : 'REQUIRED');
      const data = await commenters.export(email, req.params.site);
      // Audited without the address: the log must not become another copy of it.
      await audit.record({
        actor: auditActor(req),
        siteId: req.params.site,
        action: 'privacy.export',
        target: null,
        after: { comments: data.comments.length },
      });
      return data;
    },
  );

  app.post<SiteParams>('/admin/api/sites/:site/privacy/erase', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const b = body(req, ['email', 'deleteText']);
    const email = typeof b.email === 'string' ? b.email.trim() : '';
    if (!email?.includes('@') || email.length > 254) throw invalid('email', email ? 'INVALID_VALUE' : 'REQUIRED');
    if (b.deleteText !== undefined && typeof b.deleteText !== 'boolean') throw invalid('deleteText', 'INVALID_TYPE');
    const result = await commenters.erase(email, { siteId: req.params.site, deleteText: b.deleteText === true });
    // The audit keeps that an erasure happened, not whose: the address is what was erased.
    await audit.record({
      actor: auditActor(req),
      siteId: req.params.site,
      action: 'privacy.erase',
      target: null,
      after: { ...result, deleteText: b.deleteText === true },
    });
    return { erased: result };
  });

  app.get<{ Params: { site: string }; Querystring: { days?: string } }>('/admin/api/sites/:site/stats', async (req) => {
    roleOn(req, req.params.site);
    return stats.daily(req.params.site, boundedInt(req.query.days, 30, 365));
  });

  app.get<{ Params: { site: string }; Querystring: { before?: string; limit?: string } }>(
    '/admin/api/sites/:site/audit',
    async (req) => {
      roleOn(req, req.params.site, 'admin');
      const before = cursor(req.query.before);
      return audit.page(req.params.site, before, boundedInt(req.query.limit, 50, 200));
    },
  );
}
