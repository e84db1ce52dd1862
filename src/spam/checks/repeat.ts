import type { Check } from '../check.ts';

/** The same text posted in other threads recently is what spam runs look like. */
export const repeat: Check = {
  name: 'repeat',
  run(ctx) {
    const n = ctx.facts.repeats;
    if (n === 0 || ctx.settings.repeatWindowHours === 0) return null;
    return {
      score: Math.min(2 + n, 5),
      reason: `the same text was posted ${n} time${n === 1 ? '' : 's'} in other threads in the last ${ctx.settings.repeatWindowHours} h`,
    };
  },
};
