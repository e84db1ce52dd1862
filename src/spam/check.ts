// A moderation check looks at one comment and returns a score contribution with a reason
// a moderator can read. Checks are small and pure: what they need from the site's history
// arrives as `facts`, gathered before they run. The ordered list in pipeline.ts is the policy.
import type { SiteSettings } from '../core/sites/settings.ts';
import type { SpamFacts } from '../core/ports.ts';

export type Outcome = 'approve' | 'hold' | 'spam' | 'discard';
export const SEVERITY: Record<Outcome, number> = { approve: 0, hold: 1, spam: 2, discard: 3 };

export type CheckContext = {
  readonly siteId: string;
  readonly siteLang: string;
  readonly name: string;
  readonly email: string;
  readonly website: string | null;
  readonly body: string;
  readonly ipHash: string | null;
  readonly userAgent: string | null;
  /** Set when the comment came through our server-rendered form. */
  readonly form: { honeypotFilled: boolean } | null;
  /** The signed form token's age, or null when the request carried no valid token. */
  readonly formAgeMs: number | null;
  readonly settings: SiteSettings;
  readonly facts: SpamFacts;
  readonly now: number;
};

export type CheckResult = {
  /** Added to the comment's score; the site's thresholds turn the sum into an outcome. */
  score: number;
  reason: string;
  /** A check may also require at least this outcome (a blocked word: spam; pre-moderation: hold). */
  outcome?: Outcome;
};

export type Check = { name: string; run(ctx: CheckContext): CheckResult | null };
