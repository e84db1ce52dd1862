// What the whole policy decides for labelled comments, as `parley spam eval` measures it: the
// checks that can judge a comment from its content alone (text, and name, email and website
// when the file has them) with the site's default settings. The checks about the act of posting
// (form token and timing, honeypot, repeats, pace, history) have nothing to read in a file.
import { DEFAULT_SETTINGS, type SiteSettings } from '../core/sites/settings.ts';
import type { Example } from './classifier/data.ts';
import type { Decision } from './classifier/metrics.ts';
import type { SpamModel } from './classifier/model.ts';
import { sigmoid } from './classifier/model.ts';
import { vectorize } from './classifier/features.ts';
import { moderate } from './pipeline.ts';

export const NOT_FROM_A_FILE = ['honeypot', 'form-timing', 'repeat', 'velocity', 'trust', 'premoderation'];

const SETTINGS: SiteSettings = {
  ...DEFAULT_SETTINGS,
  disabledChecks: NOT_FROM_A_FILE,
};

/** The policy's decision for each example: spam and discard count as "spam", hold as "hold". */
export function policyDecisions(model: SpamModel, examples: readonly Example[], languages: readonly string[]): Decision[] {
  return examples.map((e) => {
    const extras = e.extras ?? {};
    const v = moderate({
      siteId: 'eval',
      siteLang: languages[0] ?? 'en',
      languages,
      name: e.author?.name ?? '',
      email: e.author?.email ?? '',
      website: e.author?.website ?? null,
      body: e.text,
      ipHash: null,
      userAgent: null,
      form: null,
      formAgeMs: null,
      settings: SETTINGS,
      facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
      classifier: { p: sigmoid(model.margin(vectorize(e.text, extras))), layerMargin: 0, thresholds: model.thresholds, explain: () => [] },
      now: 0,
    });
    return v.outcome === 'spam' || v.outcome === 'discard' ? 'spam' : v.outcome === 'hold' ? 'hold' : 'ham';
  });
}
