// Flood control counters in Redis, for sites that want them off the database: one key per
// network and per email, set only if absent, expiring after the flood interval. SET NX is
// atomic, so two servers receiving the same commenter at the same instant cannot both pass.
//
// Redis is a helper here, not a dependency: when it is away, slow or refusing, hit() throws at
// once (or after COMMAND_TIMEOUT_MS at worst) and flood control asks the database instead (see
// src/core/comments/flood-control.ts). A post therefore never waits on Redis for longer than
// that, and nothing is queued while the connection is down: a command queued offline would run
// on reconnection, long after its post was answered.
import { createClient } from 'redis';
import type { FloodGuard } from '../core/ports.ts';

/** How long a post may wait for Redis. On a working network Redis answers in a millisecond. */
const COMMAND_TIMEOUT_MS = 500;
/** How long start-up waits for a first connection before serving on the fallback. */
const CONNECT_TIMEOUT_MS = 2000;
/** While Redis is marked away, how often a real flood operation tries it again. */
const PROBE_EVERY_MS = 1000;

/** Pino's shape, kept structural so this file needs no logging package. */
export type FloodGuardLog = { warn(obj: object, msg: string): void };
const silent: FloodGuardLog = { warn: () => undefined };

// One command for all keys, so the client's offline refusal and timeout apply to the whole
// operation (a MULTI's commands bypass both). Returns the longest wait, 0 when the post may go.
const HIT_SCRIPT = `
local longest = 0
for _, key in ipairs(KEYS) do
  if not redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2]) then
    longest = math.max(longest, redis.call('PTTL', key), 1)
  end
end
return longest`;

export class RedisFloodGuard implements FloodGuard {
  readonly kind = 'redis';
  readonly #client: ReturnType<typeof createClient>;
  /** The URL without credentials, for the log. */
  readonly #where: string;
  #log: FloodGuardLog = silent;
  #down: string | null = 'redis not connected yet';
  #probe: NodeJS.Timeout | null = null;
  #lastError: unknown = null;
  #closed = false;

  constructor(url: string) {
    this.#where = redactUrl(url);
    this.#client = createClient({
      url,
      // Refuse commands while reconnecting instead of holding them for the reconnection.
      disableOfflineQueue: true,
      // A command still unsent when this passes is dropped from the client's queue (never sent).
      commandOptions: { timeout: COMMAND_TIMEOUT_MS },
      socket: { connectTimeout: CONNECT_TIMEOUT_MS },
    });
    // The client emits an error for every failed reconnection attempt; only changes are logged.
    this.#client.on('error', (err: unknown) => {
      this.#lastError = err;
      this.#markDown(err);
    });
    this.#client.on('ready', () => this.#markUp());
  }

  /** Why Redis is not in use right now, or null when it is. */
  get unavailable(): string | null {
    return this.#down;
  }

  /**
   * Starts connecting and waits for the first outcome (at most CONNECT_TIMEOUT_MS). An
   * unreachable Redis is logged, not thrown: the server serves on the fallback, and the client
   * keeps trying in the background.
   */
  async connect(log: FloodGuardLog = silent): Promise<this> {
    this.#log = log;
    let timer: NodeJS.Timeout | undefined;
    const first = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CONNECT_TIMEOUT_MS);
      this.#client.once('ready', resolve);
      this.#client.once('error', resolve);
    });
    // Resolves once connected; rejects only when closed first. Failures arrive as 'error' events.
    this.#client.connect().catch(() => undefined);
    await first;
    clearTimeout(timer);
    if (!this.#client.isReady)
      this.#markDown(this.#lastError ?? new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`), true);
    return this;
  }

  async hit(keys: string[], windowMs: number, now: number): Promise<number | null> {
    if (this.#down) throw new Error(`flood counters unavailable: ${this.#down}`);
    try {
      const longest = await this.#run(keys, windowMs, now);
      return longest > 0 ? longest : null;
    } catch (err) {
      this.#markDown(err);
      throw err;
    }
  }

  /**
   * The script, answered within COMMAND_TIMEOUT_MS or rejected. The client's own timeout only
   * covers a command not yet sent; one sent to a Redis that stopped answering would wait for
   * ever, hence the race. Such a late command can still set its keys: that only records a post
   * that was answered meanwhile (through the fallback), never publishes one.
   */
  async #run(keys: string[], windowMs: number, now: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS + 50);
    });
    const reply = this.#client.eval(HIT_SCRIPT, {
      keys: keys.map((k) => `parley:flood:${k}`),
      arguments: [String(now), String(windowMs)],
    });
    reply.catch(() => undefined);
    try {
      return Number(await Promise.race([reply, late]));
    } finally {
      clearTimeout(timer);
    }
  }

  #markDown(err: unknown, starting = false): void {
    if (this.#closed) return;
    const cause = describe(err);
    if (!this.#down || starting)
      this.#log.warn(
        { redis: this.#where, cause },
        starting
          ? 'redis unreachable at start-up: flood control uses the database until it answers'
          : 'redis unreachable: flood control falls back to the database',
      );
    this.#down = 'redis unreachable';
    // A Redis that stopped answering keeps its connection, so no 'ready' will tell us it is back.
    this.#probe ??= setInterval(() => void this.#tryAgain(), PROBE_EVERY_MS).unref();
  }

  #markUp(): void {
    if (this.#closed) return;
    if (this.#probe) clearInterval(this.#probe);
    this.#probe = null;
    // The first connection at start-up is the normal case; only a return is news.
    if (this.#down && this.#down !== 'redis not connected yet')
      this.#log.warn({ redis: this.#where }, 'redis answers again: flood control back on redis');
    this.#down = null;
  }

  /** The real operation on a key of its own, so a Redis that answers PING but refuses writes stays away. */
  async #tryAgain(): Promise<void> {
    if (!this.#client.isReady) return;
    try {
      await this.#run(['probe'], 1000, Date.now());
      this.#markUp();
    } catch {
      // still away; the next tick tries again
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#probe) clearInterval(this.#probe);
    // Not close(): it waits for replies, and a Redis that stopped answering would hold shutdown.
    // Nothing in flight is worth waiting for; a post waiting on it falls back.
    this.#client.destroy();
  }
}

/** The URL as an operator would write it, without user or password. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(an invalid URL)';
  }
}

/** An error code or the first line of the message: a cause, not a stack. */
function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string') return e.code;
  return String(e?.message ?? err)
    .split('\n')[0]
    .slice(0, 200);
}
