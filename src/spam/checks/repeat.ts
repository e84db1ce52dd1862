import type { Check } from '../check.ts';
import { atLeast, REPEATS_SCORED } from '../fact-limits.ts';

/** The same text posted in other threads recently is what spam runs look like. */
export const repeat: Check = {
  name: 'repeat',
  explained: 'whether the same text was posted in other discussions recently',
  run(ctx) {
    const n = ctx.facts.repeats;
    if (n === 0 || ctx.settings.repeatWindowHours === 0) return null;
    // Counted only up to REPEATS_SCORED: 2 + 3 is already the highest score.
    const times = `${atLeast(n, REPEATS_SCORED)} time${n === 1 ? '' : 's'}`;
    return {
      score: Math.min(2 + n, 2 + REPEATS_SCORED),
      reason: `the same text was posted ${times} in other threads in the last ${ctx.settings.repeatWindowHours} h`,
    };
  },
};
