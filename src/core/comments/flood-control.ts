// Flood control for posting: one comment per network and per address within the site's window.
// A shared FloodGuard answers for every server when there is one; otherwise the database's own
// history is asked, with this server's latest posts added (they may not be visible to the query
// yet when two arrive at the same moment). When the guard cannot answer (Redis away), the
// database answers instead; only when that fails too does a post go through unchecked (logged).
// The check comes before the comment is written and is bounded by the guard's own timeout: a
// post is answered promptly, and nothing left over from its check can publish it afterwards.
import { AppError } from '../errors.ts';
import type { CommentStore, FloodGuard } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';
import { keyedHash } from '../tokens.ts';

/** Entries kept before the oldest are dropped: they only matter for one flood window. */
const MAX_REMEMBERED = 50_000;

/** Pino's shape (the server passes its logger); structural, so core needs no logging package. */
export type FloodLog = { warn(obj: object, msg: string): void };

export class FloodControl {
  readonly #store: Pick<CommentStore, 'lastPostTime'>;
  readonly #guard: FloodGuard | null;
  readonly #secret: string;
  readonly #log: FloodLog | null;
  // Posts accepted but perhaps not yet visible to the flood query (same process, same moment).
  readonly #recentPosts = new Map<string, number>();
  /** When the guard last could not answer: posts accepted then are in the database, not in the guard. */
  #lastFallback = Number.NEGATIVE_INFINITY;
  /** Whether the fallback's own query is failing (logged once per episode). */
  #failingOpen = false;

  constructor(
    store: Pick<CommentStore, 'lastPostTime'>,
    guard: FloodGuard | null,
    secret: string,
    log: FloodLog | null = null,
  ) {
    this.#store = store;
    this.#guard = guard;
    this.#secret = secret;
    this.#log = log;
  }

  /** Throws RATE_LIMITED, with the seconds to wait, when the commenter posted within the window. */
  async check(
    siteId: string,
    settings: SiteSettings,
    ipHash: string | null,
    email: string,
    now: number,
  ): Promise<void> {
    if (settings.floodSeconds <= 0) return;
    const windowMs = settings.floodSeconds * 1000;
    const keys = floodKeys(siteId, ipHash, email);
    if (!this.#guard) return this.#checkHistory(keys, siteId, ipHash, email, now, windowMs);
    const wait = await this.#guard
      .hit(
        keys.map((k) => keyedHash(this.#secret, k)),
        windowMs,
        now,
      )
      .catch(() => undefined);
    if (wait != null) throw rateLimited(wait);
    // The guard is away (it says why on /readyz and logs the change): the database decides.
    if (wait === undefined) this.#lastFallback = now;
    // Within a window of the guard's return, posts taken on the fallback are not in its counters.
    if (now - this.#lastFallback >= windowMs) return;
    try {
      await this.#checkHistory(keys, siteId, ipHash, email, now, windowMs);
      if (this.#failingOpen) this.#log?.warn({}, 'flood control: the database fallback answers again');
      this.#failingOpen = false;
    } catch (err) {
      if (err instanceof AppError) throw err;
      // Neither the guard nor the database answers: let the post through on this server's own
      // memory rather than refuse everyone (its write needs the database anyway).
      if (!this.#failingOpen)
        this.#log?.warn(
          { cause: String((err as Error).message ?? err).slice(0, 200) },
          'flood control: fallback failed, failing open',
        );
      this.#failingOpen = true;
      this.#checkMemory(keys, now, windowMs);
    }
  }

  /** The database's history of comments, with this server's latest posts added. */
  async #checkHistory(
    keys: string[],
    siteId: string,
    ipHash: string | null,
    email: string,
    now: number,
    windowMs: number,
  ): Promise<void> {
    const stored = await this.#store.lastPostTime(siteId, ipHash, email, now - windowMs);
    this.#checkMemory(keys, now, windowMs, stored ?? 0);
  }

  #checkMemory(keys: string[], now: number, windowMs: number, stored = 0): void {
    const last = Math.max(stored, ...keys.map((k) => this.#recentPosts.get(k) ?? 0));
    if (last > 0 && now - last < windowMs) throw rateLimited(last + windowMs - now);
  }

  /** Notes an accepted post, for the next check on this server. */
  remember(siteId: string, ipHash: string | null, email: string, now: number): void {
    for (const key of floodKeys(siteId, ipHash, email)) this.#recentPosts.set(key, now);
    if (this.#recentPosts.size > MAX_REMEMBERED) {
      // Old entries are only needed for one flood window; drop the oldest half.
      const cutoff = now - 3_600_000;
      for (const [k, t] of this.#recentPosts)
        if (t < cutoff || this.#recentPosts.size > MAX_REMEMBERED / 2) this.#recentPosts.delete(k);
    }
  }
}

/** One key per address and, when known, one per network. */
function floodKeys(siteId: string, ipHash: string | null, email: string): string[] {
  return [`${siteId}|e|${email.toLowerCase()}`, ...(ipHash ? [`${siteId}|i|${ipHash}`] : [])];
}

function rateLimited(waitMs: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('RATE_LIMITED', { headers: { 'retry-after': String(retryAfter) }, params: { retryAfter } });
}
