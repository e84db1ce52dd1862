// Closing the app (a deploy's SIGTERM, or a test's close()) drains it: live streams are told to
// reconnect and ended, requests that still arrive are answered 503 NOT_READY in our envelope, and
// every response says `Connection: close` so no client reuses a connection that is going away.
// Fastify's own 503 during close is switched off (return503OnClosing) as it has another body.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { StreamRegistry } from '../streams.ts';

/** Seconds a client turned away during shutdown is asked to wait: another server or this one, restarted. */
export const DRAIN_RETRY_AFTER = 5;

export function registerDrain(app: FastifyInstance, streams: StreamRegistry): void {
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    const told = streams.drain();
    app.log.info({ streams: told }, 'closing: live streams told to reconnect');
    done();
  });
  app.addHook('onRequest', (_req, _reply, done) => {
    if (!draining) return done();
    done(new AppError('NOT_READY', { headers: { 'retry-after': String(DRAIN_RETRY_AFTER) } }));
  });
  // A callback hook like the security headers': it runs on every response.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}
