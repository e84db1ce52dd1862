// Start-up: configuration, database, migrations, secrets, the demo site, scheduled jobs,
// then listen. Shutdown on SIGTERM/SIGINT lets in-flight commits finish.
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../core/clock.ts';
import type { Secrets } from '../core/comments/comment-service.ts';
import { newId } from '../core/ids.ts';
import type { ParleyEvents } from '../core/events.ts';
import type { Store } from '../core/ports.ts';
import { openedBefore } from '../core/threads/closing.ts';
import { newSecret } from '../core/tokens.ts';
import { closeRenderPool, renderComment } from '../render/markdown.ts';
import { openSqlite } from '../store/dialects/sqlite/open.ts';
import { openPostgres } from '../store/dialects/postgres/open.ts';
import { SpamEngine } from '../spam/engine.ts';
import { FeaturePool } from '../spam/feature-pool.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import type { Coordinator } from '../core/ports.ts';
import { RedisFloodGuard } from '../store/redis-flood-guard.ts';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { resolveSettings } from '../core/sites/settings.ts';
import { defaultSiteSettings } from './config.ts';

export async function openStore(config: Config): Promise<Store & { applied?: string[] }> {
  if (config.databaseUrl) return openPostgres({ url: config.databaseUrl, poolSize: config.databasePool });
  return openSqlite({ path: config.dbPath, synchronous: config.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL' });
}

export async function loadSecrets(store: Store): Promise<Secrets> {
  const s = await store.loadOrCreateSecrets(() => ({ ip: newSecret(), form: newSecret(), edit: newSecret(), view: newSecret() }));
  return { ip: s.ip, form: s.form, edit: s.edit, view: s.view };
}

export async function ensureDemoSite(store: Store, config: Config): Promise<void> {
  const sites = await store.listSites();
  if (sites.length > 0) return;
  await store.createSite({
    id: newId(),
    name: 'The Parley Courier (demo)',
    origins: JSON.stringify([config.publicUrl]),
    lang: 'en',
    settings: '{}',
    avatar_secret: newSecret(),
    is_default: 1,
    created_at: Date.now(),
  });
}

/** Erases IP hashes and user agents past each site's retention; runs hourly. */
export type Purged = { clientData: number; heldAndSpam: number; discards: number; corrections: number };

/**
 * The retention job: IP hashes and user agents past their time; held and spam comments and
 * discarded ones past the spam retention, and moderators' corrections past it, whose texts are dropped once folded
 * into the site's learned layer (what the filter learned stays, the text goes).
 */
export async function purgeExpired(store: Store, config: Config, now: number, spam: SpamEngine): Promise<Purged> {
  const out: Purged = { clientData: 0, heldAndSpam: 0, discards: 0, corrections: 0 };
  const defaults = defaultSiteSettings(config);
  for (const site of await store.listSites()) {
    const s = resolveSettings(defaults, site.settings);
    out.clientData += await store.purgeClientData(site.id, now - s.ipRetentionDays * 86_400_000);
    out.heldAndSpam += await store.purgeHeldAndSpam(site.id, now - s.spamRetentionDays * 86_400_000);
    out.discards += await store.purgeDiscards(site.id, now - s.spamRetentionDays * 86_400_000);
    out.corrections += await spam.compact(site.id, now - s.spamRetentionDays * 86_400_000);
  }
  return out;
}

/**
 * Marks threads past their site's "close after N days" closed (posting already refuses them):
 * their pages, caches and the dashboard then say so. Returns how many were closed.
 */
export async function closeAgedThreads(store: Store, config: Config, now: number, events: ParleyEvents): Promise<number> {
  let closed = 0;
  const defaults = defaultSiteSettings(config);
  for (const site of await store.listSites()) {
    const days = resolveSettings(defaults, site.settings).closeAfterDays;
    if (days <= 0) continue;
    for (const t of await store.closeAgedThreads(site.id, openedBefore(days, now))) {
      events.emit('thread.changed', { siteId: site.id, threadId: t.id, threadKey: t.key });
      closed++;
    }
  }
  return closed;
}

export async function serve(opts: { demo: boolean; env?: Record<string, string | undefined> }): Promise<FastifyInstance> {
  const config = loadConfig(opts.env ?? process.env);
  const store = await openStore(config);
  const secrets = await loadSecrets(store);
  if (opts.demo || (await store.listSites()).length === 0) await ensureDemoSite(store, config);
  const coordinator = (store as { createCoordinator?: () => Coordinator }).createCoordinator?.();
  const flood = config.redisUrl ? await new RedisFloodGuard(config.redisUrl).connect() : null;
  const pool = config.spamWorkers > 0 ? new FeaturePool(config.spamWorkers) : null;
  // Started before the first request: a worker takes a moment to load its code.
  await pool?.warm();
  const spam = new SpamEngine({ model: shippedModel(), store, clock: systemClock, pool });
  const app = await buildApp({ config, store, clock: systemClock, secrets, render: renderComment, demo: opts.demo, coordinator, flood, spam });

  const purge = async () => {
    try {
      // On a cluster, one server at a time does it.
      const ran = await app.coordinator.runExclusive('retention', async () => {
        const purged = await purgeExpired(store, config, Date.now(), app.parley.spam);
        app.log.info({ job: 'retention', purged }, 'purged data past retention');
      });
      if (!ran) app.log.info({ job: 'retention' }, 'retention purge running on another server');
    } catch (err) {
      app.log.error({ err, job: 'retention' }, 'retention purge failed');
    }
  };
  await purge();
  const timer = setInterval(purge, 3_600_000);
  timer.unref();
  const closeThreads = async () => {
    try {
      await app.coordinator.runExclusive('close-threads', async () => {
        const closed = await closeAgedThreads(store, config, Date.now(), app.parley.events);
        if (closed) app.log.info({ job: 'close-threads', closed }, 'closed threads past their site\'s comment period');
      });
    } catch (err) {
      app.log.error({ err, job: 'close-threads' }, 'closing aged threads failed');
    }
  };
  await closeThreads();
  const closer = setInterval(closeThreads, 5 * 60_000);
  closer.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(timer);
    clearInterval(closer);
    await app.close();
    await store.close();
    await closeRenderPool();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ backend: store.backend, ...(store.backend === 'sqlite' ? { db: config.dbPath, synchronous: config.sqliteSynchronous } : {}), demo: opts.demo }, 'Parley is ready');
  return app;
}
