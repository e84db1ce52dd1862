import type { Check } from '../check.ts';
import { atLeast, PER_NETWORK } from '../fact-limits.ts';

/**
 * Many comments in an hour from one address or one network. A network is allowed three
 * times as many: offices and mobile carriers put many readers behind one address. The counts
 * stop at these limits (fact-limits.ts), so a count that reached one reads "at least".
 */
export const velocity: Check = {
  name: 'velocity',
  explained: 'how many comments came from your email address or network in the last hour',
  run(ctx) {
    const perEmail = ctx.settings.velocityPerHour;
    const perNetwork = perEmail * PER_NETWORK;
    const { recentByEmail, recentByIp } = ctx.facts;
    if (recentByEmail >= perEmail)
      return {
        score: 2,
        reason: `${atLeast(recentByEmail, perEmail)} comments in the last hour from this email address (limit ${perEmail})`,
      };
    if (recentByIp >= perNetwork)
      return {
        score: 2,
        reason: `${atLeast(recentByIp, perNetwork)} comments in the last hour from this network (limit ${perNetwork})`,
      };
    return null;
  },
};
