// What the whole policy decides for labelled comments, as `parley spam eval` measures it: the
// checks that can judge a comment from its content alone (text, and name, email and website
// when the file has them) with the site's default settings. The checks about the act of posting
// (form token and timing, honeypot, repeats, pace, history) have nothing to read in a file.
import { DEFAULT_SETTINGS } from '../core/sites/settings.ts';
import type { Example } from './classifier/data.ts';
import type { Decision } from './classifier/metrics.ts';
import type { SpamModel } from './classifier/model.ts';
import { sigmoid } from './classifier/model.ts';
import { vectorize, type TextExtras } from './classifier/features.ts';
import { buildCheckContext, withClassifier, type CheckInput } from './check-context.ts';
import { moderate, type Verdict } from './pipeline.ts';

export const NOT_FROM_A_FILE = ['honeypot', 'form-timing', 'repeat', 'velocity', 'trust', 'premoderation'];

/** What the checks read of each example, and the text extras the classifier reads with it. */
export function evalContexts(
  examples: readonly Example[],
  languages: readonly string[],
): { input: CheckInput; extras: TextExtras }[] {
  return examples.map((e) => {
    const extras = e.extras ?? {};
    // The server's own path to the checks, with the site's default settings and no history.
    const input = buildCheckContext({
      site: { id: 'eval', lang: languages[0] ?? 'en' },
      settings: DEFAULT_SETTINGS,
      skipChecks: NOT_FROM_A_FILE,
      languages,
      comment: {
        name: e.author?.name ?? '',
        email: e.author?.email ?? '',
        website: e.author?.website ?? null,
        body: e.text,
        ipHash: null,
        userAgent: null,
      },
      page: { title: extras.context ?? null, url: extras.permalink ?? null },
      now: 0,
    });
    return { input, extras };
  });
}

/** The policy's verdict on each example, reasons and score as the server would give them. */
export function policyVerdicts(
  model: SpamModel,
  examples: readonly Example[],
  languages: readonly string[],
): Verdict[] {
  return evalContexts(examples, languages).map(({ input, extras }, i) => {
    const view = {
      p: sigmoid(model.margin(vectorize(examples[i].text, extras))),
      layerMargin: 0,
      thresholds: model.thresholds,
      explain: () => [],
    };
    return moderate(withClassifier(input, view));
  });
}

/** The policy's decision for each example: spam and discard count as "spam", hold as "hold". */
export function policyDecisions(
  model: SpamModel,
  examples: readonly Example[],
  languages: readonly string[],
): Decision[] {
  return policyVerdicts(model, examples, languages).map(decisionOf);
}

export function decisionOf(v: Verdict): Decision {
  return v.outcome === 'spam' || v.outcome === 'discard' ? 'spam' : v.outcome === 'hold' ? 'hold' : 'ham';
}
