// The admin API for machines: `POST /api/v1/admin/sites/{site}/import?format=wxr` with an admin
// key of that site (`parley admin-keys create`) as `Authorization: Bearer …`. The WordPress
// plugin's "move the comments" sends its comments here in batches of whole posts; any format
// `parley import` reads is accepted, as the request's body. The import is the command's own
// (src/core/import): keyed by the source's ids, so a batch sent twice adds nothing, and no
// notification, webhook or live event is sent. Answers hold counts only, never commenters' data.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import { runImport } from '../../../core/import/importer.ts';
import { ImportFormatError } from '../../../core/import/source.ts';
import type { ApiKeyRow } from '../../../core/ports.ts';
import { FORMATS, readerOf } from '../../../import/formats/index.ts';
import { htmlToMarkdown, textToMarkdown } from '../../../render/html-to-markdown.ts';
import type { AppContext } from '../../app-context.ts';

/** A batch is a part of a site, not a whole archive: bigger files go through `parley import`. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Problems listed in an answer; the counts cover them all. */
const LISTED = 20;

async function adminKey(ctx: AppContext, req: FastifyRequest): Promise<ApiKeyRow> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const key = m ? await ctx.keys.resolve(m[1], 'admin') : null;
  if (!key) throw new AppError('UNAUTHORIZED', { headers: { 'www-authenticate': 'Bearer realm="parley-admin"' } });
  return key;
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', { fields: { [field]: { code: 'INVALID_VALUE', message } } });
}

export function siteImportRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The body is a file, whatever its type (XML, JSON Lines, gzip): kept as bytes, written as is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.post<{ Params: { site: string }; Querystring: { format?: string; dryRun?: string } }>(
    '/api/v1/admin/sites/:site/import',
    { bodyLimit: MAX_BODY_BYTES },
    async (req) => {
      const key = await adminKey(ctx, req);
      // A key opens its own site only; another site's id is answered as if it did not exist.
      const site = key.site_id === req.params.site ? await ctx.store.getSite(req.params.site) : undefined;
      if (!site) throw new AppError('SITE_NOT_FOUND');
      const format = req.query.format ?? '';
      const reader = readerOf(format);
      if (!reader) throw invalid('format', `must be one of ${FORMATS.join(', ')}`);
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw invalid('body', 'the file to import is the request body');

      // Readers stream from a file (a reader never holds a whole export): the batch goes to one.
      const file = join(tmpdir(), `parley-import-${randomBytes(8).toString('hex')}`);
      await writeFile(file, body, { mode: 0o600 });
      try {
        const context = ctx.sites.context(site);
        const report = await runImport(
          {
            store: ctx.store,
            clock: ctx.clock,
            secrets: ctx.secrets,
            render: ctx.render,
            bodies: { html: htmlToMarkdown, text: textToMarkdown },
            spam: null,
          },
          await reader(file, {}),
          {
            site,
            settings: context.settings,
            mapUrl: [],
            dryRun: req.query.dryRun === '1' || req.query.dryRun === 'true',
            recheck: false,
            train: false,
            actor: `admin-key:${key.prefix}`,
          },
        );
        // Thread pages this server cached predate the import (it sends no event of its own).
        if (!report.dryRun) ctx.cache.invalidateAll();
        return {
          format: report.format,
          dryRun: report.dryRun,
          origin: report.origin,
          threads: report.threads.added,
          threadsRead: report.threads.read,
          comments: {
            read: report.comments.read,
            imported: report.comments.added,
            alreadyImported: report.comments.already,
            invalid: report.invalid.count,
            byStatus: report.comments.byStatus,
          },
          orphans: report.orphans,
          ips: report.ips,
          problems: report.invalid.listed.slice(0, LISTED),
        };
      } catch (err) {
        if (err instanceof ImportFormatError) throw invalid('body', err.message);
        throw err;
      } finally {
        await rm(file, { force: true });
      }
    },
  );
}
