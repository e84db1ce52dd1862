// Start-up: configuration, database, migrations, secrets, the demo site, scheduled jobs,
// then listen. Shutdown on SIGTERM/SIGINT lets in-flight commits finish (see shutdown.ts).
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { startJobs } from '../core/jobs/scheduler.ts';
import type { Coordinator, SiteRow, Store } from '../core/ports.ts';
import { newSecret } from '../core/tokens.ts';
import { closeRenderPool, renderComment } from '../render/markdown.ts';
import { loadSecrets, openStore, StartupError } from '../store/open-store.ts';
import { SpamEngine } from '../spam/engine.ts';
import { FeaturePool } from '../spam/feature-pool.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import { RedisFloodGuard } from '../store/redis-flood-guard.ts';
import { buildApp, loggerOptions, type ParleyPlugin } from './app.ts';
import { banner } from './banner.ts';
import { gracefulShutdown } from './shutdown.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { chooseLogFormat, prettyStream } from './log-format.ts';

export async function ensureDemoSite(store: Store, config: Config): Promise<void> {
  const sites = await store.listSites();
  if (sites.length > 0) return;
  await store.createSite({
    id: newId(),
    name: 'The Parley Courier (demo)',
    origins: [config.publicUrl],
    lang: 'en',
    settings: {},
    avatar_secret: newSecret(),
    is_default: true,
    created_at: Date.now(),
  });
}

function defaultSite(sites: SiteRow[]): SiteRow | undefined {
  return sites.find((s) => s.is_default) ?? sites[0];
}

export type ServeOptions = {
  demo: boolean;
  /** Pages served beside Parley's own: the CLI passes the demo newsroom's with --demo. */
  plugins?: ParleyPlugin[];
  env?: Record<string, string | undefined>;
};

export async function serve(opts: ServeOptions): Promise<FastifyInstance> {
  const config = loadConfig(opts.env ?? process.env);
  const pretty = chooseLogFormat(config.logFormat, process.stdout.isTTY) === 'pretty';
  const store = await openStore(config);
  const secrets = await loadSecrets(store);
  if (opts.demo || (await store.listSites()).length === 0) await ensureDemoSite(store, config);
  const coordinator = (store as { createCoordinator?: () => Coordinator }).createCoordinator?.();
  const flood = config.redisUrl ? new RedisFloodGuard(config.redisUrl) : null;
  const pool = config.spamWorkers > 0 ? new FeaturePool(config.spamWorkers) : null;
  // Started before the first request: a worker takes a moment to load its code.
  await pool?.warm();
  const spam = new SpamEngine({ model: shippedModel(), store, clock: systemClock, pool });
  const logger = { ...loggerOptions(config.logLevel), ...(pretty ? { stream: prettyStream(process.stdout) } : {}) };
  const app = await buildApp({
    config,
    store,
    clock: systemClock,
    secrets,
    render: renderComment,
    plugins: opts.plugins,
    coordinator,
    flood,
    spam,
    logger,
  });
  // Connected once there is a logger to name an unreachable Redis; until it answers (here or
  // later, by itself) flood control asks the database.
  await flood?.connect(app.log);
  const jobs = await startJobs({
    store,
    install: config,
    clock: systemClock,
    coordinator: app.coordinator,
    events: app.parley.events,
    spam: app.parley.spam,
    log: app.log,
  });

  const shutdown = gracefulShutdown({
    app,
    seconds: config.shutdownSeconds,
    before: () => jobs.stop(),
    after: async () => {
      await store.close();
      await closeRenderPool();
    },
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host }).catch((err: { code?: string }) => {
    if (err.code === 'EADDRINUSE')
      throw new StartupError(
        `port ${config.port} on ${config.host} is already in use: stop the other process, or set PARLEY_PORT`,
      );
    if (err.code === 'EACCES')
      throw new StartupError(
        `this user may not listen on port ${config.port}: choose a port above 1023 with PARLEY_PORT`,
      );
    throw err;
  });
  const site = defaultSite(await store.listSites());
  const where = { url: config.publicUrl, dashboard: `${config.publicUrl}/admin`, site: site?.id };
  app.log.info(
    {
      backend: store.backend,
      ...(store.backend === 'sqlite' ? { db: config.dbPath, synchronous: config.sqliteSynchronous } : {}),
      demo: opts.demo,
      ...where,
    },
    'Parley is ready',
  );
  // For a person at a terminal; a log collector has the same facts in the line above.
  if (pretty) process.stdout.write(banner({ url: config.publicUrl, demo: opts.demo, siteId: site?.id ?? null }));
  return app;
}
