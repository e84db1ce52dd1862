// Webhooks for one app: the service the dashboard API calls, the recorder that queues a
// delivery for each lifecycle step before the request that caused it is answered, and the
// sender with its timer. The HTTP side checks addresses unless the install allows private ones.
import type { FastifyBaseLogger } from 'fastify';
import { WebhookSender, type WebhookPoster } from '../core/jobs/webhook-sender.ts';
import { Webhooks } from '../core/webhooks/webhooks.ts';
import type { AppContext } from './app-context.ts';
import type { BuildOptions } from './app.ts';
import { httpPoster } from './webhook-poster.ts';

const POLL_MS = 30_000;

export function webhookContext(
  opts: BuildOptions,
  log: FastifyBaseLogger,
): Pick<AppContext, 'webhooks' | 'webhookSender'> {
  const { config, store, clock } = opts;
  const timeoutMs = config.webhookTimeoutSeconds * 1000;
  const post: WebhookPoster =
    opts.webhookPoster ?? httpPoster({ timeoutMs, allowPrivate: config.webhooksAllowPrivate });
  const webhookSender = new WebhookSender({ store, clock, post, claimMs: Math.max(5 * 60_000, 3 * timeoutMs), log });
  const webhooks = new Webhooks({
    store,
    clock,
    allowPrivate: config.webhooksAllowPrivate,
    kick: () => void webhookSender.run().catch((err) => log.error({ err }, 'webhook sender failed')),
  });
  return { webhooks, webhookSender };
}

/** Records lifecycle steps as deliveries and polls the outbox; returns what stops both. */
export function startWebhooks(opts: BuildOptions, ctx: AppContext, log: FastifyBaseLogger): { stop(): Promise<void> } {
  const unrecord = ctx.events.recordLifecycle(async (steps) => {
    try {
      await ctx.webhooks.record(steps);
    } catch (err) {
      log.error({ err, events: steps.map((e) => e.type) }, 'queueing webhooks failed');
    }
  });
  const every = opts.webhookPollMs ?? POLL_MS;
  const run = () => void ctx.webhookSender.run().catch((err) => log.error({ err }, 'webhook sender failed'));
  const timer = every > 0 ? setInterval(run, every) : null;
  timer?.unref();
  return {
    // Attempts under way are cut short and stay due; none starts after this.
    stop: async () => {
      unrecord();
      if (timer) clearInterval(timer);
      ctx.webhookSender.close();
      await ctx.webhookSender.idle();
    },
  };
}
