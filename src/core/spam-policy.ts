// The spam policy, as core sees it: the engine (src/spam/engine.ts) implements it; core hands it
// a plain description of a comment and reads back a verdict, and never needs the checks.
import type { SiteSettings } from './sites/settings.ts';
import type { SpamFacts } from './store.ts';

export type Outcome = 'approve' | 'hold' | 'spam' | 'discard';
export type Reason = { check: string; reason: string; score: number };
export type Verdict = { outcome: Outcome; score: number; reasons: Reason[] };

/** What the classifier reads besides the text: where the comment points, and what its page is about. */
export type SpamTextExtras = {
  readonly authorUrl?: string | null;
  readonly permalink?: string | null;
  readonly context?: string | null;
};

/**
 * What a comment was posted under: the thread's title and address, or what an Akismet client says
 * of the page (`comment_context`: its title, tags or categories; `permalink`). Null when unknown.
 */
export type SpamPage = { readonly title: string | null; readonly url: string | null };

/** A comment to judge, described plainly; src/spam/check-context.ts turns it into what the checks read. */
export type SpamCheckRequest = {
  readonly site: { readonly id: string; readonly lang: string };
  /** The site's settings, with its bans already applied when the caller applies them. */
  readonly settings: SiteSettings;
  readonly comment: {
    readonly name: string;
    readonly email: string;
    readonly website: string | null;
    readonly body: string;
    readonly ipHash: string | null;
    readonly userAgent: string | null;
  };
  /** Set when the comment came through our server-rendered form (or names a honeypot field). */
  readonly form?: { honeypotFilled: boolean } | null;
  /** The signed form token's age; null when the request carried no valid token. */
  readonly formAgeMs?: number | null;
  /** What the site's history says; absent when nothing was gathered (every count zero). */
  readonly facts?: SpamFacts | null;
  /** Languages expected, when the caller knows better than the site's setting (an Akismet client's `blog_lang`). */
  readonly languages?: readonly string[] | null;
  /** Checks with nothing to judge on this path (an edit is not a new post), switched off on top of the site's. */
  readonly skipChecks?: readonly string[];
  /** The page it was posted under: read by the checks (is the comment about it?) and by the classifier. */
  readonly page?: SpamPage | null;
  readonly now: number;
};

export type SpamSample = { text: string; extras?: SpamTextExtras };
/**
 * How far each count of a commenter's history is needed ("at least N"): every check compares a
 * count with a threshold, so counting past the highest one only costs. 0: no check reads it.
 */
export type FactLimits = { prior: number; repeats: number; recentByIp: number; recentByEmail: number };
/** One feature's push on a text's score, readable by a moderator ("the word 'casino'", +1.2). */
export type Contribution = { readonly description: string; readonly contribution: number };
export type SpamCorrectionMeta = { source: string; commentId?: string | null; authorEmail?: string | null };

export interface SpamPolicy {
  judge(request: SpamCheckRequest): Promise<Verdict>;
  /** Learns a moderator's (or an Akismet client's) verdict on a text; returns its score before and after. */
  learn(
    siteId: string,
    label: 0 | 1,
    sample: SpamSample,
    meta: SpamCorrectionMeta,
  ): Promise<{ before: number; after: number }>;
  /** Folds what was learned before `before` into the site's snapshot, dropping the texts; returns how many. */
  compact(siteId: string, before: number, everything?: boolean): Promise<number>;
  /** How far each fact of a commenter's history must be counted for the site's enabled checks. */
  factLimits(settings: SiteSettings): FactLimits;
  /** The features that pushed a text's score most on this site, strongest first, for moderators. */
  explainText(siteId: string, text: string, extras: SpamTextExtras): Promise<Contribution[]>;
}
