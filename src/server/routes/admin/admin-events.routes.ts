// The queues, live: a server-sent stream of a site's queue counts, sent on connect and after
// every change moderators would want to see (a held comment, a report, a decision), so the
// dashboard reloads the open queue only when it changed. Changes made on other servers
// arrive through the coordinator (PostgreSQL NOTIFY) like every other event.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { QueueChanged, ThreadChanged } from '../../../core/events.ts';
import type { AppContext } from '../../app-context.ts';
import { roleOn } from './admin-request.ts';

/** Bursts (a bulk action, a flood of posts) become one counts query per connection. */
const SETTLE_MS = 250;
const HEARTBEAT_MS = 25_000;

export function adminEventsRoute(
  app: FastifyInstance,
  ctx: AppContext,
  session: (token: string | undefined) => Promise<unknown>,
  cookieOf: (req: FastifyRequest) => string | undefined,
): void {
  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/events', async (req, reply) => {
    const siteId = req.params.site;
    roleOn(req, siteId);
    const token = cookieOf(req);
    let timer: NodeJS.Timeout | null = null;
    let heartbeat: NodeJS.Timeout | undefined;
    const changed = (e: ThreadChanged | QueueChanged) => {
      if (e.siteId === siteId && !timer && !stream.closed) timer = setTimeout(() => void send(), SETTLE_MS);
    };
    const missed = () => changed({ siteId });
    // Counts toward the same caps as readers' streams: 429 before anything is sent when full.
    const stream = ctx.streams.open(
      req,
      reply,
      { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
      () => {
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        ctx.events.off('thread.changed', changed);
        ctx.events.off('queue.changed', changed);
        ctx.events.off('events.missed', missed);
      },
    );
    stream.write('retry: 3000\n\n');
    const send = async () => {
      timer = null;
      try {
        const counts = await ctx.store.countsByStatus(siteId);
        stream.write(
          `event: counts\ndata: ${JSON.stringify({ counts: { pending: counts.pending, reported: counts.reported, spam: counts.spam, approved: counts.approved, deleted: counts.deleted } })}\n\n`,
        );
      } catch {
        // The next change or heartbeat tries again; a stream is not worth failing for.
      }
    };
    ctx.events.on('thread.changed', changed);
    ctx.events.on('queue.changed', changed);
    ctx.events.on('events.missed', missed);
    // A signed-out or expired session ends the stream at the next heartbeat.
    heartbeat = setInterval(async () => {
      if (!(await session(token).catch(() => null))) return stream.end();
      stream.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    await send();
  });
}
