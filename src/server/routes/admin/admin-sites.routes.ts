// Sites and their moderators, for admins: create a site (its creator becomes its first admin),
// edit its name, origins and language; add accounts to it, change their role, remove them.
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../../../core/accounts/accounts.ts';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import { SiteAdmin, siteView } from '../../../core/sites/site-admin.ts';
import type { AppContext } from '../../app-context.ts';
import { actor, body, roleOn } from './admin-request.ts';

export function adminSiteRoutes(app: FastifyInstance, ctx: AppContext, accounts: Accounts, audit: AuditLog): void {
  const siteAdmin = new SiteAdmin({ store: ctx.store, clock: ctx.clock, accounts, audit });

  app.get('/admin/api/sites', async (req) => {
    const mine = new Map(req.adminSession!.sites.map((m) => [m.siteId, m.role]));
    const sites = (await ctx.store.listSites()).filter((s) => mine.has(s.id));
    return { sites: sites.map((s) => ({ ...siteView(s), role: mine.get(s.id)! })) };
  });

  app.post('/admin/api/sites', async (req, reply) => {
    if (!req.adminSession!.sites.some((m) => m.role === 'admin')) throw new AppError('FORBIDDEN');
    const site = await siteAdmin.create(actor(req), body(req, ['name', 'origins', 'lang']));
    await ctx.sites.reload();
    return reply.code(201).send({ site: { ...site, role: 'admin' } });
  });

  app.patch<{ Params: { site: string } }>('/admin/api/sites/:site', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const site = await siteAdmin.update(actor(req), req.params.site, body(req, ['name', 'origins', 'lang']));
    await ctx.sites.reload();
    return { site: { ...site, role: 'admin' } };
  });

  // Who works on a site: admins add accounts (new ones get a password to hand over), change
  // roles and remove them; a site always keeps one admin.
  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/members', async (req) => {
    roleOn(req, req.params.site, 'admin');
    return { members: await siteAdmin.members(req.params.site) };
  });

  app.post<{ Params: { site: string } }>('/admin/api/sites/:site/members', async (req, reply) => {
    roleOn(req, req.params.site, 'admin');
    return reply
      .code(201)
      .send(await siteAdmin.addMember(actor(req), req.params.site, body(req, ['email', 'role', 'password'])));
  });

  app.patch<{ Params: { site: string; user: string } }>('/admin/api/sites/:site/members/:user', async (req) => {
    roleOn(req, req.params.site, 'admin');
    if (!isId(req.params.user)) throw new AppError('NOT_FOUND');
    return { member: await siteAdmin.setRole(actor(req), req.params.site, req.params.user, body(req, ['role']).role) };
  });

  app.delete<{ Params: { site: string; user: string } }>('/admin/api/sites/:site/members/:user', async (req, reply) => {
    roleOn(req, req.params.site, 'admin');
    if (!isId(req.params.user)) throw new AppError('NOT_FOUND');
    await siteAdmin.removeMember(actor(req), req.params.site, req.params.user);
    return reply.code(204).send();
  });
}
