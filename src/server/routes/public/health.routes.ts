import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { isStorageUnavailable } from '../../../store/unavailable.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Liveness: the process answers.
  app.get('/healthz', { config: { public: true } }, async () => ({ ok: true }));
  // Readiness: the database answers, and writes get through. When healthy that is one
  // `select 1`; after a write failed as unavailable (a full disk, a database away) the store
  // also tries a small write until one commits (see src/store/health.ts). A balancer polls
  // this every few seconds, so it logs when readiness changes, not at every poll.
  let ready = true;
  app.get('/readyz', { config: { public: true } }, async (req, reply) => {
    try {
      await ctx.store.ping();
      if (!ready) req.log.warn('ready again: storage answers and takes writes');
      ready = true;
      // Redis away is reported but stays 200: flood control answers from the database meanwhile,
      // so the server is safe to send posts to, and every server shares the one Redis: a 503
      // here would take them all out of the balancer at once for a helper's outage.
      const floodAway = ctx.flood?.unavailable;
      if (floodAway)
        return { ok: true, backend: ctx.store.backend, degraded: [`flood control on fallback: ${floodAway}`] };
      return { ok: true, backend: ctx.store.backend };
    } catch (err) {
      const unavailable = isStorageUnavailable(err);
      // An outage is expected weather: its cause in one line, no stack.
      if (ready && unavailable)
        req.log.warn({ cause: String((err as Error).message ?? err).slice(0, 200) }, 'not ready: storage unavailable');
      else if (ready) req.log.error({ err }, 'not ready: storage check failed');
      ready = false;
      // The reason only, never the error: it could name a host, a path or a user.
      return reply.code(503).send({ ok: false, reason: unavailable ? 'storage unavailable' : 'storage check failed' });
    }
  });
}
