// A moderation check looks at one comment and returns a verdict contribution with a reason
// a moderator can read. Checks are small and pure; the ordered list in pipeline.ts is the policy.
import type { SiteSettings } from '../core/sites/settings.ts';

export type Outcome = 'approve' | 'hold' | 'spam' | 'discard';

export type CheckContext = {
  readonly siteId: string;
  readonly name: string;
  readonly email: string;
  readonly website: string | null;
  readonly body: string;
  readonly ipHash: string | null;
  readonly userAgent: string | null;
  /** Set when the comment came through our form: its honeypot and the form's age. */
  readonly form: { honeypotFilled: boolean; ageMs: number | null } | null;
  readonly settings: SiteSettings;
  readonly now: number;
};

export type CheckResult = {
  /** Added to the comment's score; the pipeline's thresholds turn the sum into an outcome. */
  score: number;
  reason: string;
  /** A check may decide outright (e.g. pre-moderation of everything). */
  outcome?: Outcome;
};

export type Check = { name: string; run(ctx: CheckContext): CheckResult | null };
