// The moderation API for the spam engine's verdicts, for tools and scripts until the
// dashboard's sessions arrive: every request carries a moderation key of one site
// (`parley moderation-keys create`) as `Authorization: Bearer …`, and sees only that site.
// These answers hold commenters' emails and IP hashes: they are never cached, never public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyRow } from '../../../core/ports.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import { FieldErrors } from '../../../core/comments/validate-comment.ts';
import type { AppContext } from '../../app-context.ts';

async function moderator(ctx: AppContext, req: FastifyRequest): Promise<ApiKeyRow> {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const key = m ? await ctx.keys.resolve(m[1], 'moderation') : null;
  if (!key) throw new AppError('UNAUTHORIZED', { headers: { 'www-authenticate': 'Bearer realm="parley-moderation"' } });
  return key;
}

export function spamModerationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get<{ Params: { id: string } }>('/api/v1/moderation/comments/:id', async (req) => {
    const key = await moderator(ctx, req);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    return { comment: await ctx.review.explain(req.params.id, key.site_id) };
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/api/v1/moderation/comments/:id/verdict', async (req) => {
    const key = await moderator(ctx, req);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const body = req.body as { verdict?: unknown } | null;
    const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'verdict') : [];
    if (!body || typeof body !== 'object' || (body.verdict !== 'spam' && body.verdict !== 'ham') || extra.length) {
      const errors = new FieldErrors('en');
      if (!body || typeof body !== 'object' || body.verdict === undefined) errors.add('verdict', 'REQUIRED');
      else if (body.verdict !== 'spam' && body.verdict !== 'ham') errors.add('verdict', 'INVALID_VALUE');
      for (const k of extra) errors.add(k, 'UNKNOWN_FIELD');
      throw new AppError('VALIDATION', { fields: errors.fields });
    }
    const result = await ctx.review.mark(req.params.id, body.verdict, {
      siteId: key.site_id,
      by: `moderation-key:${key.prefix}`,
    });
    return { id: req.params.id, ...result };
  });

  app.get<{ Querystring: { before?: string; limit?: string } }>('/api/v1/moderation/discards', async (req) => {
    const key = await moderator(ctx, req);
    const before = req.query.before;
    if (before !== undefined && !isId(before)) throw new AppError('BAD_CURSOR');
    const limit = Math.min(200, Math.max(1, Number.parseInt(req.query.limit ?? '50', 10) || 50));
    const discards = await ctx.review.discards(key.site_id, before ?? null, limit);
    return { discards, next: discards.length === limit ? discards[discards.length - 1].id : null };
  });
}
