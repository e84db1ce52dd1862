import type { Check } from '../check.ts';

/**
 * WordPress's rule: someone with an earlier approved comment under the same name and email
 * is trusted a little. Weak evidence: the email is not verified, and anyone who knows both
 * can borrow them. So it lowers the score; it never lifts a hold a list or a check demanded.
 */
export const trust: Check = {
  name: 'trust',
  run: (ctx) =>
    ctx.facts.priorApproved > 0
      ? {
          score: -2,
          reason: `${ctx.facts.priorApproved} earlier approved comment(s) under this name and email (unverified)`,
        }
      : null,
};
