// A moderator's own email alerts on a site (held comments, reports: never, immediately, hourly,
// daily), and the admins' "send a test email": one email at once through the configured relay,
// not through the outbox, answered with the relay's own words (as `parley mail test` prints).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  ALERT_FREQUENCIES,
  type AlertFrequency,
  type AlertSettings,
  type TestMailReply,
} from '../../../contracts/admin-api.ts';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { composeTest } from '../../../core/mail/compose.ts';
import { mailDomain, normalizeEmail } from '../../../core/mail/mailer.ts';
import type { AppContext } from '../../app-context.ts';
import { actor, auditActor, body, invalid, roleOn } from './admin-request.ts';

type SiteParams = { Params: { site: string } };

const frequency = (v: unknown): v is AlertFrequency => ALERT_FREQUENCIES.some((f) => f === v);

export function adminAlertRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  app.get<SiteParams>('/admin/api/sites/:site/alerts', async (req): Promise<AlertSettings> => {
    roleOn(req, req.params.site);
    const value = await ctx.alerts.settings(actor(req).id, req.params.site);
    return { ...value, mailConfigured: ctx.alerts.enabled };
  });

  app.patch<SiteParams>('/admin/api/sites/:site/alerts', async (req): Promise<AlertSettings> => {
    roleOn(req, req.params.site);
    const b = body(req, ['held', 'reports']);
    const value = await ctx.alerts.settings(actor(req).id, req.params.site);
    for (const key of ['held', 'reports'] as const) {
      if (b[key] === undefined) continue;
      if (!frequency(b[key])) throw invalid(key, 'INVALID_VALUE');
      value[key] = b[key];
    }
    await ctx.alerts.save(actor(req).id, req.params.site, value);
    return { ...value, mailConfigured: ctx.alerts.enabled };
  });

  app.post<SiteParams>('/admin/api/sites/:site/mail/test', async (req): Promise<TestMailReply> => {
    roleOn(req, req.params.site, 'admin');
    const b = body(req, ['to']);
    if (b.to !== undefined && typeof b.to !== 'string') throw invalid('to', 'INVALID_TYPE');
    const to = normalizeEmail(typeof b.to === 'string' && b.to.trim() ? b.to : actor(req).email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to) || to.length > 254) throw invalid('to', 'INVALID_VALUE');
    const mailer = ctx.mailer;
    if (!mailer) throw new AppError('MAIL_NOT_CONFIGURED');
    const outcome = await mailer.send({
      to,
      ...composeTest('en'),
      messageId: `<test.${randomBytes(9).toString('hex')}@${mailDomain(mailer.from)}>`,
      date: new Date(ctx.clock.now()),
    });
    // Audited without the address, like the other mail actions.
    await audit.record({
      actor: auditActor(req),
      siteId: req.params.site,
      action: 'mail.test',
      target: null,
      after: { ok: outcome.ok },
    });
    return { ok: outcome.ok, to, response: outcome.response };
  });
}
