// The one place a plain description of a comment (core's SpamCheckRequest) becomes what the
// checks read. The server's posts and edits, the Akismet-compatible API and `parley spam eval`
// all come through here, so the same comment meets the same checks with the same settings,
// languages and facts whichever way it arrived; only the classifier's view is added later, by
// whoever holds the model.
import type { SiteSettings } from '../core/sites/settings.ts';
import type { SpamCheckRequest, SpamFacts, SpamPage } from '../core/ports.ts';
import type { CheckContext, ClassifierView } from './check.ts';

/** What the checks read before the classifier has looked at the text. */
export type CheckInput = Omit<CheckContext, 'classifier' | 'detectedLanguage'>;

/** No history gathered: every count zero, as for a comment from a file or another site. */
const NO_FACTS: SpamFacts = Object.freeze({ priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 });
/** A page nobody told us about: a comment from a file, or an Akismet client that sent neither field. */
export const NO_PAGE: SpamPage = Object.freeze({ title: null, url: null });

/** Blank values are no page: a check that compares the comment with its page must not compare it with "". */
function pageOf(page: SpamPage | null | undefined): SpamPage {
  const title = page?.title?.trim() || null;
  const url = page?.url?.trim() || null;
  return title || url ? { title, url } : NO_PAGE;
}

export function buildCheckContext(req: SpamCheckRequest): CheckInput {
  const { site, settings, comment } = req;
  return {
    siteId: site.id,
    siteLang: site.lang,
    languages: req.languages ?? (settings.languages.length ? settings.languages : [site.lang]),
    name: comment.name,
    email: comment.email,
    website: comment.website,
    body: comment.body,
    page: pageOf(req.page),
    ipHash: comment.ipHash,
    userAgent: comment.userAgent,
    form: req.form ?? null,
    formAgeMs: req.formAgeMs ?? null,
    settings: withChecksOff(settings, req.skipChecks ?? []),
    facts: req.facts ?? NO_FACTS,
    now: req.now,
  };
}

/** The context with the classifier's view (and the language it detected, when it did) added. */
export function withClassifier(
  input: CheckInput,
  classifier: ClassifierView | null,
  detectedLanguage?: string | null,
): CheckContext {
  return { ...input, detectedLanguage, classifier };
}

// Settings objects live as long as the site's cached settings: the variant with some checks off is
// made once per object and per list, not on every comment (the Akismet API judges thousands a second).
const variants = new WeakMap<SiteSettings, Map<string, SiteSettings>>();

/** The settings with these checks switched off as well as the site's own. */
function withChecksOff(settings: SiteSettings, off: readonly string[]): SiteSettings {
  if (!off.length) return settings;
  const key = off.join(',');
  let byList = variants.get(settings);
  if (!byList) {
    byList = new Map();
    variants.set(settings, byList);
  }
  let out = byList.get(key);
  if (!out) {
    out = { ...settings, disabledChecks: [...new Set([...settings.disabledChecks, ...off])] };
    byList.set(key, out);
  }
  return out;
}
