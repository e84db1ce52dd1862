// A site's webhooks, for its admins: endpoints (a secret is answered on creation and rotation,
// never again), the delivery log with the receivers' status codes, and sending one again.
// Changes are audited without secrets or URLs (a URL may carry the receiver's token).
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { WEBHOOK_EVENTS } from '../../../contracts/webhooks.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import type { AppContext } from '../../app-context.ts';
import { auditActor, body, boundedInt, roleOn } from './admin-request.ts';

type SiteParams = { Params: { site: string } };
type HookParams = { Params: { site: string; hook: string } };

/** An endpoint of a site the caller administers; ids that cannot be one answer 404 before any query. */
function hookOf(req: { params: { site: string; hook: string } }): string {
  if (!isId(req.params.hook)) throw new AppError('NOT_FOUND');
  return req.params.hook;
}

export function adminWebhookRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  const base = '/admin/api/sites/:site/webhooks';
  const record = (req: Parameters<typeof auditActor>[0], siteId: string, action: string, target: string) =>
    audit.record({ actor: auditActor(req), siteId, action, target });

  app.get<SiteParams>(base, async (req) => {
    roleOn(req, req.params.site, 'admin');
    return { events: WEBHOOK_EVENTS, endpoints: await ctx.webhooks.list(req.params.site) };
  });

  app.post<SiteParams>(base, async (req, reply) => {
    roleOn(req, req.params.site, 'admin');
    const b = body(req, ['url', 'events', 'enabled']);
    const created = await ctx.webhooks.create(req.params.site, b);
    await record(req, req.params.site, 'webhook.create', created.endpoint.id);
    return reply.code(201).send(created);
  });

  app.patch<HookParams>(`${base}/:hook`, async (req) => {
    roleOn(req, req.params.site, 'admin');
    const b = body(req, ['url', 'events', 'enabled']);
    const view = await ctx.webhooks.update(req.params.site, hookOf(req), b);
    await record(req, req.params.site, 'webhook.update', view.id);
    return view;
  });

  app.post<HookParams>(`${base}/:hook/rotate`, async (req) => {
    roleOn(req, req.params.site, 'admin');
    const rotated = await ctx.webhooks.rotate(req.params.site, hookOf(req));
    await record(req, req.params.site, 'webhook.rotate', rotated.endpoint.id);
    return rotated;
  });

  app.delete<HookParams>(`${base}/:hook`, async (req, reply) => {
    roleOn(req, req.params.site, 'admin');
    const removed = await ctx.webhooks.remove(req.params.site, hookOf(req));
    await record(req, req.params.site, 'webhook.delete', removed.id);
    return reply.code(204).send();
  });

  app.get<HookParams & { Querystring: { limit?: string } }>(`${base}/:hook/deliveries`, async (req) => {
    roleOn(req, req.params.site, 'admin');
    return {
      deliveries: await ctx.webhooks.deliveries(req.params.site, hookOf(req), boundedInt(req.query.limit, 50, 200)),
    };
  });

  app.post<HookParams & { Params: { delivery: string } }>(
    `${base}/:hook/deliveries/:delivery/redeliver`,
    async (req, reply) => {
      roleOn(req, req.params.site, 'admin');
      if (!isId(req.params.delivery)) throw new AppError('NOT_FOUND');
      const view = await ctx.webhooks.redeliver(req.params.site, hookOf(req), req.params.delivery);
      await record(req, req.params.site, 'webhook.redeliver', view.id);
      return reply.code(202).send(view);
    },
  );
}
