// A moderation check looks at one comment and returns a score contribution with a reason
// a moderator can read. Checks are small and pure: what they need from the site's history
// arrives as `facts`, gathered before they run. The ordered list in pipeline.ts is the policy.
import type { SiteSettings } from '../core/sites/settings.ts';
import type { Outcome, SpamFacts, SpamPage } from '../core/ports.ts';
import type { Contribution } from './classifier/model.ts';
import type { Thresholds } from './classifier/metrics.ts';

// The outcome is core's word (core/ports.ts): the service layer acts on it without knowing the checks.
export type { Outcome, SpamPage };
export const SEVERITY: Record<Outcome, number> = { approve: 0, hold: 1, spam: 2, discard: 3 };

export type CheckContext = {
  readonly siteId: string;
  readonly siteLang: string;
  readonly name: string;
  readonly email: string;
  readonly website: string | null;
  readonly body: string;
  /** What the comment was posted under (the thread's title and address); both null when unknown. */
  readonly page: SpamPage;
  readonly ipHash: string | null;
  readonly userAgent: string | null;
  /** Set when the comment came through our server-rendered form. */
  readonly form: { honeypotFilled: boolean } | null;
  /** The signed form token's age, or null when the request carried no valid token. */
  readonly formAgeMs: number | null;
  readonly settings: SiteSettings;
  /** Languages comments are expected in (ISO 639-1): the site's setting, or what an Akismet client says. */
  readonly languages: readonly string[];
  readonly facts: SpamFacts;
  /** The comment's language (ISO 639-3) when detected before the checks ran; undefined when not. */
  readonly detectedLanguage?: string | null;
  /** The statistical classifier's view, computed before the checks run (null when it is off). */
  readonly classifier: ClassifierView | null;
  readonly now: number;
};

export type ClassifierView = {
  /** Probability of spam from the shipped model plus the site's learned layer. */
  readonly p: number;
  /** What the site's layer adds to the margin (logit units): its corrections' pull. */
  readonly layerMargin: number;
  readonly thresholds: Thresholds;
  /** The features that pushed most, readable, strongest first (computed on demand). */
  explain(): Contribution[];
};

export type CheckResult = {
  /** Added to the comment's score; the site's thresholds turn the sum into an outcome. */
  score: number;
  reason: string;
  /** A check may also require at least this outcome (a blocked word: spam; pre-moderation: hold). */
  outcome?: Outcome;
  /** More words for the reason, worked out only when the comment is not approved (they cost time). */
  detail?: () => string;
};

export type Check = {
  name: string;
  /** What the check looks at, in the words of the privacy page ("The filter looks at: …"). */
  explained: string;
  /**
   * The check judges what the comment says (its text, name, website), not how it was posted:
   * together such checks count at most 2 points past the site's spam line (pipeline.ts).
   */
  wording?: true;
  run(ctx: CheckContext): CheckResult | null;
};
