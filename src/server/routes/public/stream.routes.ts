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
      connection: 'keep-alive',
    };
    for (const h of ['access-control-allow-origin', 'vary']) {
      const v = reply.getHeader(h);
      if (typeof v === 'string') headers[h] = v;
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, headers);
    res.write(': connected\n\nretry: 3000\n\n');
    const onPublished = (e: CommentPublished) => {
      if (e.siteId === site.site.id && e.threadKey === key)
        res.write(`id: ${e.comment.id}\nevent: comment\ndata: ${JSON.stringify(e.comment)}\n\n`);
    };
    ctx.events.on('comment.published', onPublished);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      ctx.events.off('comment.published', onPublished);
    };
    req.raw.on('close', stop);
    res.on('error', stop);
  });
}
