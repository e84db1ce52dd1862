// Live updates: one server-sent event per newly published comment of a thread.
import type { FastifyInstance } from 'fastify';
import type { CommentPublished } from '../../../core/events.ts';
import type { AppContext } from '../../app-context.ts';
import { resolveSite } from '../../request-site.ts';
import { one, type Query } from './query.ts';

export function streamRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/stream', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Query;
    const thread = one(q, 'thread', 'en', true)!;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, thread, site: one(q, 'site', 'en') });
    const key = ctx.comments.parseThread(thread, site.lang);
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    };
    for (const h of ['access-control-allow-origin', 'vary']) {
      const v = reply.getHeader(h);
      if (typeof v === 'string') headers[h] = v;
    }
    const onPublished = (e: CommentPublished) => {
      if (e.siteId === site.site.id && e.threadKey === key)
        stream.write(`id: ${e.comment.id}\nevent: comment\ndata: ${JSON.stringify(e.comment)}\n\n`);
    };
    let heartbeat: NodeJS.Timeout | undefined;
    // Throws 429 before anything is sent when this network or the server holds too many streams.
    const stream = ctx.streams.open(req, reply, headers, () => {
      clearInterval(heartbeat);
      ctx.events.off('comment.published', onPublished);
    });
    stream.write(': connected\n\nretry: 3000\n\n');
    ctx.events.on('comment.published', onPublished);
    heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
  });
}
