// The server's scheduled jobs: each runs once at start-up, then on its interval. On a cluster
// the coordinator lets one server at a time run a job; a failed run is logged and retried on
// the next tick rather than stopping the server.
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import type { Coordinator, Store } from '../ports.ts';
import type { InstallDefaults } from '../sites/install-defaults.ts';
import { closeAgedThreads } from './close-threads.ts';
import { purgeExpired, type SpamCompactor } from './retention.ts';

/** Pino's shape (the server passes its logger); kept structural so jobs need no logging package. */
export type JobLog = { info(obj: object, msg: string): void; error(obj: object, msg: string): void };

export type JobDeps = {
  store: Store;
  install: InstallDefaults;
  clock: Clock;
  coordinator: Coordinator;
  events: ParleyEvents;
  spam: SpamCompactor;
  log: JobLog;
};

export type Jobs = { stop(): void };

const HOUR = 3_600_000;

async function retention(d: JobDeps): Promise<void> {
  try {
    const ran = await d.coordinator.runExclusive('retention', async () => {
      const purged = await purgeExpired(d.store, d.install, d.clock.now(), d.spam);
      d.log.info({ job: 'retention', purged }, 'purged data past retention');
    });
    if (!ran) d.log.info({ job: 'retention' }, 'retention purge running on another server');
  } catch (err) {
    d.log.error({ err, job: 'retention' }, 'retention purge failed');
  }
}

async function closeThreads(d: JobDeps): Promise<void> {
  try {
    await d.coordinator.runExclusive('close-threads', async () => {
      const closed = await closeAgedThreads(d.store, d.install, d.clock.now(), d.events);
      if (closed) d.log.info({ job: 'close-threads', closed }, "closed threads past their site's comment period");
    });
  } catch (err) {
    d.log.error({ err, job: 'close-threads' }, 'closing aged threads failed');
  }
}

/** Runs every job once (awaited, so a fresh server starts clean), then schedules them. */
export async function startJobs(deps: JobDeps): Promise<Jobs> {
  const schedule: [(d: JobDeps) => Promise<void>, number][] = [
    [retention, HOUR],
    [closeThreads, 5 * 60_000],
  ];
  const timers: NodeJS.Timeout[] = [];
  for (const [job, every] of schedule) {
    await job(deps);
    const timer = setInterval(() => void job(deps), every);
    // Timers alone never keep the process alive: shutdown is the server's decision.
    timer.unref();
    timers.push(timer);
  }
  return {
    stop: () => {
      for (const t of timers) clearInterval(t);
    },
  };
}
