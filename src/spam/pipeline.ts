// The moderation policy: an ordered list of checks. The first check that decides an outcome
// ends the run; otherwise the summed score meets the thresholds. Every reason is kept so a
// moderator can see why a comment was held.
import type { Check, CheckContext, Outcome } from './check.ts';
import { honeypot } from './checks/honeypot.ts';
import { links } from './checks/links.ts';
import { premoderation } from './checks/premoderation.ts';

export const DEFAULT_CHECKS: readonly Check[] = [honeypot, premoderation, links];

export type Verdict = { outcome: Outcome; score: number; reasons: { check: string; reason: string; score: number }[] };

export const THRESHOLDS = { hold: 1, spam: 5, discard: 10 };

export function moderate(ctx: CheckContext, checks: readonly Check[] = DEFAULT_CHECKS): Verdict {
  const reasons: Verdict['reasons'] = [];
  let score = 0;
  for (const check of checks) {
    const r = check.run(ctx);
    if (!r) continue;
    score += r.score;
    reasons.push({ check: check.name, reason: r.reason, score: r.score });
    if (r.outcome) return { outcome: r.outcome, score, reasons };
  }
  const outcome: Outcome = score >= THRESHOLDS.discard ? 'discard' : score >= THRESHOLDS.spam ? 'spam' : score >= THRESHOLDS.hold ? 'hold' : 'approve';
  return { outcome, score, reasons };
}
