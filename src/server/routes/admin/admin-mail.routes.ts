// The addresses mail servers refused for good (suppressed: nothing more is sent to them from
// the site), for moderators to see and, once the reader has fixed their mailbox, clear.
import type { FastifyInstance } from 'fastify';
import type { MailSuppressionsReply } from '../../../contracts/admin-api.ts';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { normalizeEmail } from '../../../core/mail/mailer.ts';
import type { AppContext } from '../../app-context.ts';
import { auditActor, body, invalid, roleOn } from './admin-request.ts';

type SiteParams = { Params: { site: string } };

export function adminMailRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  app.get<SiteParams>('/admin/api/sites/:site/mail/suppressions', async (req): Promise<MailSuppressionsReply> => {
    roleOn(req, req.params.site);
    const rows = await ctx.store.mailSuppressions(req.params.site);
    return {
      mailConfigured: ctx.notifications.enabled,
      suppressions: rows.map((r) => ({
        email: r.email,
        reason: r.reason,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  });

  // A POST with the address in the body: a path or query would put it in request logs.
  app.post<SiteParams>('/admin/api/sites/:site/mail/suppressions/clear', async (req, reply) => {
    roleOn(req, req.params.site);
    const b = body(req, ['email']);
    const email = typeof b.email === 'string' ? normalizeEmail(b.email) : '';
    if (!email.includes('@') || email.length > 254) throw invalid('email', email ? 'INVALID_VALUE' : 'REQUIRED');
    const removed = await ctx.store.removeMailSuppression(req.params.site, email);
    // Audited without the address, like the privacy requests.
    if (removed)
      await audit.record({
        actor: auditActor(req),
        siteId: req.params.site,
        action: 'mail.unsuppress',
        target: null,
      });
    return reply.code(204).send();
  });
}
