// How far the checks need each fact of a commenter's history counted. Every reader of a count
// only compares it with a threshold set by the site (velocity: "at least N this hour?"; trust:
// "any?"; repeat scores at most 5), so a count that reaches the highest threshold decides the
// same as any larger one. Counting further only costs: under a flood from one address, every
// further post would read all of that address's comments of the hour. The store stops counting
// at these limits (see SpamFactsQuery) and the checks word a count at its limit as "at least".
import type { FactLimits } from '../core/ports.ts';
import type { SiteSettings } from '../core/sites/settings.ts';

export type { FactLimits };

/** A network (an office, a mobile carrier's NAT) may post this many times what one email may. */
export const PER_NETWORK = 3;
/** The repeat check scores 2 + n, at most 5: three repeats score as much as any more. */
export const REPEATS_SCORED = 3;

export function factLimits(settings: SiteSettings): FactLimits {
  const on = (c: string) => !settings.disabledChecks.includes(c);
  const { premoderation: mode, autoApproveAfter } = settings;
  // Trust and pre-moderation of first comments ask "any earlier approved comment?"; where a
  // pre-moderation hold can be lifted (first, links, all), autoApproveAfter asks "at least N?".
  const any = on('trust') || mode === 'first' ? 1 : 0;
  const prior = Math.max(any, mode !== 'none' && autoApproveAfter > 0 ? autoApproveAfter : 0);
  const repeats = on('repeat') && settings.repeatWindowHours > 0 ? REPEATS_SCORED : 0;
  const velocity = on('velocity');
  return {
    prior,
    repeats,
    recentByEmail: velocity ? settings.velocityPerHour : 0,
    recentByIp: velocity ? settings.velocityPerHour * PER_NETWORK : 0,
  };
}

/** A count for a reason: "at least N" when it reached its limit (the store stopped there), else N. */
export function atLeast(n: number, limit: number): string {
  return limit > 0 && n >= limit ? `at least ${n}` : String(n);
}
