// A deploy's SIGTERM: stop taking connections, tell live streams to reconnect (plugins/drain.ts
// does that when the app closes), let in-flight requests finish, close the store, exit. Within
// PARLEY_SHUTDOWN_SECONDS whatever happens: an orchestrator kills what outstays its grace period,
// and a request that never finishes must not hold the process (or a SQLite file) open until then.
import type { FastifyInstance } from 'fastify';

/** Kept back from the deadline for closing the store once connections are cut. */
const CLOSE_RESERVE_MS = 1000;
/** The forced exit comes this early, so the process is gone by the deadline, not just leaving. */
const EXIT_MARGIN_MS = 250;

export type ShutdownOptions = {
  app: FastifyInstance;
  seconds: number;
  /** Runs first: stops what starts new work (the scheduled jobs). */
  before?: () => void;
  /** Runs once the server has closed, or its last connections were cut: the store, the render pool. */
  after: () => Promise<void>;
  exit?: (code: number) => void;
};

/** The signal handler: the first call shuts down, later ones (a second Ctrl-C) are ignored. */
export function gracefulShutdown(opts: ShutdownOptions): (signal: string) => Promise<void> {
  const { app } = opts;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let started = false;
  return async (signal) => {
    if (started) return;
    started = true;
    const begun = Date.now();
    const budget = opts.seconds * 1000;
    app.log.info({ signal, seconds: opts.seconds }, 'shutting down');
    const cut = setTimeout(
      () => {
        app.server.getConnections((_err, open) =>
          app.log.warn({ connections: open }, 'shutdown: cutting connections still open at the deadline'),
        );
        app.server.closeAllConnections();
      },
      Math.max(budget / 2, budget - CLOSE_RESERVE_MS),
    );
    // Exit 0 even then: the shutdown was asked for, and what was cut is in the log above.
    const deadline = setTimeout(() => {
      app.log.warn({ ms: Date.now() - begun }, 'shutdown: deadline reached, exiting with work unfinished');
      exit(0);
    }, budget - EXIT_MARGIN_MS);
    opts.before?.();
    try {
      await app.close();
    } catch (err) {
      app.log.error({ err }, 'shutdown: closing the server failed');
    }
    clearTimeout(cut);
    try {
      await opts.after();
    } catch (err) {
      app.log.error({ err }, 'shutdown: closing the store failed');
    }
    clearTimeout(deadline);
    app.log.info({ ms: Date.now() - begun }, 'shut down');
    exit(0);
  };
}
