// The moderation policy: an ordered list of checks. Every check runs (they are cheap) so a
// moderator sees all the reasons; the outcome is the most severe of what the checks demanded
// and what the summed score reaches on the site's thresholds (the wording checks' share capped).
import type { Reason, Verdict } from '../core/ports.ts';
import { SEVERITY, type Check, type CheckContext, type Outcome } from './check.ts';
import { advert } from './checks/advert.ts';
import { authorFields } from './checks/author-fields.ts';
import { blogTalk } from './checks/blog-talk.ts';
import { blocklist } from './checks/blocklist.ts';
import { classifier, siteLearning } from './checks/classifier.ts';
import { confusables } from './checks/confusables.ts';
import { contact } from './checks/contact.ts';
import { formTiming } from './checks/form-timing.ts';
import { honeypot } from './checks/honeypot.ts';
import { keywords } from './checks/keywords.ts';
import { language } from './checks/language.ts';
import { links } from './checks/links.ts';
import { padding } from './checks/padding.ts';
import { praise } from './checks/praise.ts';
import { premoderation } from './checks/premoderation.ts';
import { repeat } from './checks/repeat.ts';
import { selfPromotion } from './checks/self-promotion.ts';
import { testimonial } from './checks/testimonial.ts';
import { trust } from './checks/trust.ts';
import { velocity } from './checks/velocity.ts';

/** The policy, in order. */
export const DEFAULT_CHECKS: readonly Check[] = [
  honeypot,
  blocklist,
  keywords,
  premoderation,
  links,
  contact,
  testimonial,
  confusables,
  padding,
  praise,
  blogTalk,
  selfPromotion,
  advert,
  authorFields,
  formTiming,
  repeat,
  velocity,
  language,
  classifier,
  siteLearning,
  trust,
];

/** Every check's name, for settings validation and documentation. */
export const CHECK_NAMES: readonly string[] = DEFAULT_CHECKS.map((c) => c.name);

// A verdict's shape is core's (core/ports.ts), which reads it; the policy here produces it.
export type { Reason, Verdict };

export function moderate(ctx: CheckContext, checks: readonly Check[] = DEFAULT_CHECKS): Verdict {
  const reasons: Reason[] = [];
  const details: (() => string)[] = [];
  let other = 0;
  let wording = 0;
  let demanded: Outcome = 'approve';
  for (const check of checks) {
    if (ctx.settings.disabledChecks.includes(check.name)) continue;
    const r = check.run(ctx);
    if (!r) continue;
    if (check.wording) wording += r.score;
    else other += r.score;
    reasons.push({ check: check.name, reason: r.reason, score: r.score });
    if (r.detail) details[reasons.length - 1] = r.detail;
    if (r.outcome && SEVERITY[r.outcome] > SEVERITY[demanded]) demanded = r.outcome;
  }
  const s = ctx.settings;
  // What a comment says, however many checks read it, counts at most 2 points past the spam line:
  // dropping a comment unseen (discard) takes a sign of how it was posted (a honeypot, a repeat,
  // a form sent back in a flash) or a moderator's rule (block lists), not wording alone.
  const score = Math.min(wording, s.spamScore + 2) + other;
  const byScore: Outcome =
    score >= s.discardScore ? 'discard' : score >= s.spamScore ? 'spam' : score >= s.holdScore ? 'hold' : 'approve';
  const outcome = SEVERITY[byScore] > SEVERITY[demanded] ? byScore : demanded;
  // Moderators read the reasons of what was held, hidden or dropped: those get the details.
  if (outcome !== 'approve') {
    details.forEach((detail, i) => {
      const more = detail();
      if (more) reasons[i].reason += ` (${more})`;
    });
  }
  return { outcome, score: Math.round(score * 10) / 10, reasons };
}
