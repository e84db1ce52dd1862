import type { Check } from '../check.ts';

/**
 * Many comments in an hour from one address or one network. A network is allowed three
 * times as many: offices and mobile carriers put many readers behind one address.
 */
export const velocity: Check = {
  name: 'velocity',
  run(ctx) {
    const perEmail = ctx.settings.velocityPerHour;
    const perNetwork = perEmail * 3;
    if (ctx.facts.recentByEmail >= perEmail)
      return {
        score: 2,
        reason: `${ctx.facts.recentByEmail} comments in the last hour from this email address (limit ${perEmail})`,
      };
    if (ctx.facts.recentByIp >= perNetwork)
      return {
        score: 2,
        reason: `${ctx.facts.recentByIp} comments in the last hour from this network (limit ${perNetwork})`,
      };
    return null;
  },
};
