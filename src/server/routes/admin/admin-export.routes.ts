// The dashboard's "Export comments": everything a site has, streamed to an admin's browser as a
// download (src/core/export reads the site page by page, so a large site costs no more memory
// than a small one). Admins only: the file holds every commenter's email address.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { exportFile, isExportFormat } from '../../../core/export/export-file.ts';
import { openSiteExport } from '../../../core/export/site-export.ts';
import type { AppContext } from '../../app-context.ts';
import { one, type Query } from '../public/query.ts';
import { auditActor, invalid, roleOn } from './admin-request.ts';

export function adminExportRoutes(app: FastifyInstance, ctx: AppContext, audit: AuditLog): void {
  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/export', async (req, reply) => {
    roleOn(req, req.params.site, 'admin');
    const format = one(req.query as Query, 'format', 'en') ?? 'parley';
    if (!isExportFormat(format)) throw invalid('format', 'INVALID_VALUE');
    const ex = await openSiteExport({ store: ctx.store, clock: ctx.clock }, req.params.site);
    if (!ex) throw new AppError('NOT_FOUND');
    const file = exportFile(ex, format);
    // Before the first byte: a download cut short is still on record.
    await audit.record({
      actor: auditActor(req),
      siteId: ex.site.id,
      action: 'site.export',
      target: null,
      after: { format },
    });
    const body = Readable.from(file.chunks());
    // Past the headers an error can only cut the download short (the end record is then
    // missing, which the reader reports); it is logged here, once.
    body.on('error', (err) => req.log.error({ err }, 'site export failed part way'));
    return reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(body);
  });
}
