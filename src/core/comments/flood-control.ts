// Flood control for posting: one comment per network and per address within the site's window.
// A shared FloodGuard answers for every server when there is one; otherwise the database's own
// history is asked, with this server's latest posts added (they may not be visible to the query
// yet when two arrive at the same moment).
import { AppError } from '../errors.ts';
import type { CommentStore, FloodGuard } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';
import { keyedHash } from '../tokens.ts';

/** Entries kept before the oldest are dropped: they only matter for one flood window. */
const MAX_REMEMBERED = 50_000;

export class FloodControl {
  readonly #store: Pick<CommentStore, 'lastPostTime'>;
  readonly #guard: FloodGuard | null;
  readonly #secret: string;
  // Posts accepted but perhaps not yet visible to the flood query (same process, same moment).
  readonly #recentPosts = new Map<string, number>();

  constructor(store: Pick<CommentStore, 'lastPostTime'>, guard: FloodGuard | null, secret: string) {
    this.#store = store;
    this.#guard = guard;
    this.#secret = secret;
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
    if (this.#guard) {
      const wait = await this.#guard.hit(
        keys.map((k) => keyedHash(this.#secret, k)),
        windowMs,
        now,
      );
      if (wait !== null) throw rateLimited(wait);
      return;
    }
    let last = Math.max(0, ...keys.map((k) => this.#recentPosts.get(k) ?? 0));
    const stored = await this.#store.lastPostTime(siteId, ipHash, email, now - windowMs);
    if (stored != null) last = Math.max(last, stored);
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
