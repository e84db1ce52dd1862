// buildApp() composes the server and never listens: tests call it and inject requests;
// main.ts listens. Routes are grouped by trust level: public, moderation keys, the
// dashboard's sessions, the Akismet-compatible API.
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Clock } from '../core/clock.ts';
import { CommentService, type Renderer, type Secrets } from '../core/comments/comment-service.ts';
import { LocalCoordinator, ParleyEvents } from '../core/events.ts';
import type { Coordinator, FloodGuard, Store } from '../core/ports.ts';
import type { AppContext } from './app-context.ts';
import { strictJson } from './body-parsers.ts';
import { defaultSiteSettings, type Config } from '../config/config.ts';
import { OPENAPI } from './openapi.ts';
import { ApiKeys } from '../core/keys/api-keys.ts';
import { SpamReview } from '../core/moderation/spam-review.ts';
import { Bans } from '../core/moderation/bans.ts';
import { spamModerationRoutes } from './routes/moderation/spam.routes.ts';
import { siteImportRoutes } from './routes/keys/site-import.routes.ts';
import { adminApiRoutes } from './routes/admin/admin-api.routes.ts';
import { dashboardRoutes } from './routes/admin/dashboard.routes.ts';
import { SpamEngine } from '../spam/engine.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import { registerErrorHandler, sendError } from './plugins/error-handler.ts';
import { AppError } from '../core/errors.ts';
import { registerDrain } from './plugins/drain.ts';
import { StreamRegistry } from './streams.ts';
import { ReadCache } from './read-cache.ts';
import { SiteRegistry } from './site-registry.ts';
import { akismetRoutes } from './routes/akismet/akismet.routes.ts';
import { avatarRoutes } from './routes/public/avatar.routes.ts';
import { commentsRoutes } from './routes/public/comments.routes.ts';
import { reportsRoutes } from './routes/public/reports.routes.ts';
import { healthRoutes } from './routes/public/health.routes.ts';
import { streamRoutes } from './routes/public/stream.routes.ts';
import { threadsRoutes } from './routes/public/threads.routes.ts';
import { widgetRoutes } from './routes/public/widget.routes.ts';
import { privacyRoutes } from './routes/pages/privacy.routes.ts';
import { threadPageRoutes, type PageWrapper } from './routes/pages/thread-pages.routes.ts';
import { feedRoutes } from './routes/pages/feeds.routes.ts';
import { mailRoutes } from './routes/pages/mail.routes.ts';
import { moderatorMailRoutes } from './routes/pages/moderator-mail.routes.ts';
import type { Mailer } from '../core/mail/mailer.ts';
import { mailContext, startMail } from './mail-setup.ts';
import type { WebhookPoster } from '../core/jobs/webhook-sender.ts';
import { startWebhooks, webhookContext } from './webhook-setup.ts';

export type BuildOptions = {
  config: Config;
  store: Store;
  clock: Clock;
  secrets: Secrets;
  render: Renderer;
  /** Pages served beside Parley's own (the demo newsroom passes itself in this way). */
  plugins?: ParleyPlugin[];
  /** How this server shares events and jobs with the others of a cluster; in-process by default. */
  coordinator?: Coordinator;
  /** Shared flood counters (Redis); without it the database's comment history is asked. */
  flood?: FloodGuard | null;
  /** The spam engine; by default one over the shipped model and this store. */
  spam?: SpamEngine;
  /** Pino options; false for silence in tests. */
  logger?: boolean | object;
  /** The relay for notification emails; by default SMTP when configured (PARLEY_SMTP_URL, PARLEY_MAIL_FROM). */
  mailer?: Mailer | null;
  /** How often the outbox is looked at besides when mail is queued (ms); 0: only then. */
  mailPollMs?: number;
  /** How long a published reply waits for others to share the notifier's run (default 100 ms). */
  replyDelayMs?: number;
  /** How webhooks are posted; by default over HTTP(S) with the address checks (src/server/webhook-poster.ts). */
  webhookPoster?: WebhookPoster;
  /** How often webhook deliveries due for a retry are looked for (ms); 0: only when one is queued. */
  webhookPollMs?: number;
};

/** What a plugin is given: the app's context, and a way to wrap thread pages in its own HTML. */
export type ParleyPluginOptions = { ctx: AppContext; addPageWrapper(wrapper: PageWrapper): void };
/** A Fastify plugin registered among the public routes: the server knows plugins, never their folders. */
export type ParleyPlugin = FastifyPluginAsync<ParleyPluginOptions>;

export type ParleyRoute = { method: string; url: string; public: boolean; html: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    parley: AppContext;
    parleyRoutes: ParleyRoute[];
    coordinator: Coordinator;
  }
}

/**
 * An error as a log line may show it: its type, code, message and stack. Not every enumerable
 * property, as the default serializer does: Node's parser errors carry the raw request bytes
 * (`rawPacket`, logged by Fastify at trace level), and driver errors carry the row values that
 * broke a constraint (`detail`), either of which may hold an email address or a token.
 */
export function errorForLog(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 200) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    message: err.message,
    stack: err.stack,
    ...(err.cause !== undefined && depth < 3 ? { cause: errorForLog(err.cause, depth + 1) } : {}),
  };
}

export function loggerOptions(level: string): object {
  return {
    level,
    // Fastify's default request log prints the client IP and the query string (which can
    // carry tokens): log the method, the path and the request id only.
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        id: req.id,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: errorForLog,
    },
    redact: ['req.headers', 'email', '*.email', 'ip', '*.ip'],
  };
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger === undefined ? loggerOptions(config.logLevel) : opts.logger,
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    requestIdHeader: false,
    frameworkErrors,
    ...timeouts(config),
    // Requests during close get our own 503 (plugins/drain.ts), not Fastify's body.
    return503OnClosing: false,
  });
  const ctx = await appContext(opts, app.log);
  const coordinator = opts.coordinator ?? new LocalCoordinator();
  await coordinator.start(ctx.events, opts.store);
  // What the app was given to run with closes with it: the engine's workers, the flood counters.
  const mail = startMail(opts, ctx, app.log);
  const webhooks = startWebhooks(opts, ctx, app.log);
  app.addHook('onClose', async () => {
    await mail.stop();
    await webhooks.stop();
    await ctx.keys.close();
    await ctx.spam.close();
    await opts.flood?.close();
    await coordinator.close();
  });
  app.decorate('parley', ctx);
  app.decorate('coordinator', coordinator);
  recordRoutes(app);
  app.removeAllContentTypeParsers();
  strictJson(app);
  registerErrorHandler(app);
  registerDrain(app, ctx.streams);
  securityHeaders(app);
  registerRoutes(app, ctx, opts.plugins ?? []);
  await app.ready();
  // Mail left queued by an earlier run (a crash, a restart) goes out now, and replies left marked
  // are told (without mail, their markers are dropped).
  ctx.replies.marked();
  ctx.mailSender?.run().catch((err) => app.log.error({ err }, 'mail sender failed'));
  // So do webhook deliveries.
  ctx.webhookSender.run().catch((err) => app.log.error({ err }, 'webhook sender failed'));
  return app;
}

/**
 * Slow clients lose their connection instead of holding it: the whole request, its headers, and
 * idle time (between kept-alive requests, or with no bytes moving) each have a limit. Node
 * checks the first two only every `connectionsCheckingInterval` (30 s by default): once a second
 * keeps them close to what was configured.
 */
function timeouts(config: Config) {
  const idle = config.idleTimeoutSeconds * 1000;
  const request = config.requestTimeoutSeconds * 1000;
  return {
    connectionTimeout: idle,
    keepAliveTimeout: idle,
    requestTimeout: request,
    http: {
      requestTimeout: request,
      headersTimeout: config.headersTimeoutSeconds * 1000,
      connectionsCheckingInterval: 1000,
    },
  };
}

/** The services every route shares, built once per app. */
async function appContext(opts: BuildOptions, log: FastifyBaseLogger): Promise<AppContext> {
  const { config } = opts;
  const events = new ParleyEvents();
  const sites = new SiteRegistry(opts.store, defaultSiteSettings(config));
  await sites.reload();
  const spam = opts.spam ?? new SpamEngine({ model: shippedModel(), store: opts.store, clock: opts.clock });
  const bans = new Bans({ store: opts.store, clock: opts.clock });
  const mail = mailContext(opts, sites, log);
  return {
    spam,
    keys: new ApiKeys(opts.store, opts.clock),
    review: new SpamReview({ store: opts.store, spam, events }),
    bans,
    streams: new StreamRegistry({ perNetwork: config.streamsPerNetwork, total: config.streamsTotal }, log),
    config,
    store: opts.store,
    clock: opts.clock,
    secrets: opts.secrets,
    render: opts.render,
    events,
    sites,
    cache: new ReadCache(events, {
      enabled: config.readCache,
      maxEntries: config.readCacheEntries,
      maxAgeMs: config.readCacheSeconds * 1000,
      clock: opts.clock,
    }),
    comments: new CommentService({
      store: opts.store,
      clock: opts.clock,
      secrets: opts.secrets,
      render: opts.render,
      events,
      spam,
      flood: opts.flood,
      bans,
      log,
      mail: mail.replies,
    }),
    flood: opts.flood ?? null,
    ...mail,
    ...webhookContext(opts, log),
  };
}

/** The route table, by trust level, for the privacy walk and the fuzz tests. */
function recordRoutes(app: FastifyInstance): void {
  app.decorate('parleyRoutes', [] as ParleyRoute[]);
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as { public?: boolean; html?: boolean };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      app.parleyRoutes.push({ method, url: route.url, public: !!cfg.public, html: !!cfg.html });
    }
  });
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

function securityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every response, and a promise each costs.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });
}

/**
 * Fastify's router answers a path it cannot decode (a bad percent-escape) or a parameter over
 * `maxParamLength` itself, in its own shape, before any hook or error handler: these answer them
 * as ours (hooks included, which do not run here). Neither names anything that exists.
 */
function frameworkErrors(_err: Error, req: FastifyRequest, reply: FastifyReply): void {
  reply.headers(SECURITY_HEADERS);
  sendError(req, reply, new AppError('NOT_FOUND'));
}

/** Every route, grouped by who may call it; plugins (the demo newsroom) join the public group. */
function registerRoutes(app: FastifyInstance, ctx: AppContext, plugins: readonly ParleyPlugin[]): void {
  // Read on each request, so plugins registered below may still add theirs.
  const wrappers: PageWrapper[] = [];
  // Public: anyone may call these.
  app.register(async (pub) => {
    healthRoutes(pub, ctx);
    threadsRoutes(pub, ctx);
    commentsRoutes(pub, ctx);
    reportsRoutes(pub, ctx);
    streamRoutes(pub, ctx);
    avatarRoutes(pub);
    widgetRoutes(pub);
    privacyRoutes(pub, ctx);
    threadPageRoutes(pub, ctx, wrappers);
    feedRoutes(pub, ctx);
    mailRoutes(pub, ctx);
    moderatorMailRoutes(pub, ctx);
    pub.get('/api/v1/openapi.json', { config: { public: true } }, async () => OPENAPI);
    for (const plugin of plugins) pub.register(plugin, { ctx, addPageWrapper: (w) => wrappers.push(w) });
  });
  // Moderators' tools: a site's moderation key, never cached.
  app.register(async (mod) => spamModerationRoutes(mod, ctx));
  // Machines acting for a site's admins (the WordPress plugin's move): an admin key, never cached.
  app.register(async (keyed) => siteImportRoutes(keyed, ctx));
  // The dashboard's API: a moderator's session, CSRF-checked.
  app.register(async (admin) => adminApiRoutes(admin, ctx));
  // The dashboard's shell and its bundle: no data, the app asks the API above for everything.
  app.register(async (dash) => dashboardRoutes(dash));
  // The Akismet-compatible API: its own body parser and error answers, kept inside its plugin.
  app.register(async (akismet) => akismetRoutes(akismet, ctx));
}
