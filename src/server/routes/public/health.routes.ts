import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Liveness: the process answers.
  app.get('/healthz', { config: { public: true } }, async () => ({ ok: true }));
  // Readiness: the database answers too.
  app.get('/readyz', { config: { public: true } }, async (req, reply) => {
    try {
      await ctx.store.ping();
      return { ok: true, backend: ctx.store.backend };
    } catch (err) {
      req.log.error({ err }, 'readiness check failed');
      return reply.code(503).send({ ok: false });
    }
  });
}
