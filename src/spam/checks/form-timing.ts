import type { Check } from '../check.ts';

/**
 * People take more than a few seconds to write a comment. A form sent back faster, or a
 * request without a valid form token (a script, or an API client), adds to the score but is
 * never spam on its own.
 */
export const formTiming: Check = {
  name: 'form-timing',
  explained: 'how long after the form was shown it was sent back (people take more than a few seconds)',
  run(ctx) {
    if (ctx.formAgeMs === null) return { score: 1, reason: 'no valid form token (sent by a script or an API client)' };
    const min = ctx.settings.minFillSeconds * 1000;
    if (ctx.formAgeMs < min)
      return {
        score: 2,
        reason: `form sent back ${(ctx.formAgeMs / 1000).toFixed(1)} s after it was shown (under ${ctx.settings.minFillSeconds} s)`,
      };
    return null;
  },
};
