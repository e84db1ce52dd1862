// Sites and their moderators, for admins: create a site (its creator becomes its first admin),
// edit its name, origins and language; add people to it by address, change their role, remove them.
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { SiteAdmin, siteView } from '../../../core/sites/site-admin.ts';
import type { AppContext } from '../../app-context.ts';
import { actor, body, roleOn } from './admin-request.ts';

/** A member's address as the path names it, or a 404 for anything that cannot be one. */
function memberAddress(raw: string): string {
  if (raw.length > 254 || !raw.includes('@')) throw new AppError('NOT_FOUND');
  return raw;
}

export function adminSiteRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  const siteAdmin = new SiteAdmin({ store: ctx.store, clock: ctx.clock, audit });

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

  // Who works on a site, by address: admins add people (an address without an account is
  // invited, and nothing in the answers says which), change roles and remove them; a site
  // always keeps one admin.
  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/members', async (req) => {
    roleOn(req, req.params.site, 'admin');
    return { members: await siteAdmin.members(req.params.site) };
  });

  app.post<{ Params: { site: string } }>('/admin/api/sites/:site/members', async (req, reply) => {
    roleOn(req, req.params.site, 'admin');
    return reply.code(201).send(await siteAdmin.addMember(actor(req), req.params.site, body(req, ['email', 'role'])));
  });

  app.patch<{ Params: { site: string; email: string } }>('/admin/api/sites/:site/members/:email', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const email = memberAddress(req.params.email);
    return { member: await siteAdmin.setRole(actor(req), req.params.site, email, body(req, ['role']).role) };
  });

  app.delete<{ Params: { site: string; email: string } }>(
    '/admin/api/sites/:site/members/:email',
    async (req, reply) => {
      roleOn(req, req.params.site, 'admin');
      await siteAdmin.removeMember(actor(req), req.params.site, memberAddress(req.params.email));
      return reply.code(204).send();
    },
  );
}
