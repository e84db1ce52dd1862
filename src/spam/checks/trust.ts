import type { Check } from '../check.ts';
import { atLeast, factLimits } from '../fact-limits.ts';

/**
 * WordPress's rule: someone with an earlier approved comment under the same name and email
 * is trusted a little. Weak evidence: the email is not verified, and anyone who knows both
 * can borrow them. So it lowers the score; it never lifts a hold a list or a check demanded.
 * The count stops where trust and pre-moderation stop asking (fact-limits.ts).
 */
export const trust: Check = {
  name: 'trust',
  explained: 'whether you have an earlier approved comment under the same name and email',
  run(ctx) {
    const n = ctx.facts.priorApproved;
    // An address confirmed by a mailed link is known to reach its owner: a little more trust,
    // still short of lifting a hold, since a confirmed address can be typed by anyone who knows it.
    if (n > 0 && ctx.facts.verifiedEmail)
      return {
        score: -3,
        reason: `${atLeast(n, factLimits(ctx.settings).prior)} earlier approved comment(s) under this name and a confirmed email`,
      };
    if (n === 0) return null;
    return {
      score: -2,
      reason: `${atLeast(n, factLimits(ctx.settings).prior)} earlier approved comment(s) under this name and email (unverified)`,
    };
  },
};
