// Readers' reports: POST /api/v1/comments/:id/reports {reason}. JSON only and from an allowed
// origin, like every public write; the answer is the same whether or not the report was new.
import type { FastifyInstance } from 'fastify';
import { FieldErrors } from '../../../core/comments/validate-comment.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import { REPORT_REASONS, Reports } from '../../../core/moderation/reports.ts';
import type { ReportReason } from '../../../core/ports.ts';
import type { AppContext } from '../../app-context.ts';
import { resolveSite } from '../../request-site.ts';
import { one, type Query } from './query.ts';

export function reportsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const reports = new Reports({ store: ctx.store, clock: ctx.clock, ipSecret: ctx.secrets.ip, events: ctx.events });
  app.post('/api/v1/comments/:id/reports', { config: { public: true }, bodyLimit: 4096 }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const site = await resolveSite(req, reply, ctx.sites, { write: true, site: one(req.query as Query, 'site', 'en') });
    req.parleyLang = site.lang;
    if (!isId(id)) throw new AppError('NOT_FOUND');
    const body = req.body as Record<string, unknown> | undefined;
    const errors = new FieldErrors(site.lang);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('BAD_JSON');
    for (const k of Object.keys(body)) if (k !== 'reason') errors.add(k, 'UNKNOWN_FIELD');
    if (body.reason === undefined) errors.add('reason', 'REQUIRED');
    else if (!REPORT_REASONS.includes(body.reason as ReportReason)) errors.add('reason', 'INVALID_VALUE');
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    await reports.report(site.site.id, id, body.reason as ReportReason, req.ip);
    return reply.code(202).header('cache-control', 'no-store').send({ received: true });
  });
}
