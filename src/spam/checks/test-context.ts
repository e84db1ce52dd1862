// The context a check's unit tests judge a comment in: a reader's comment on an English site,
// with the page, the author fields, the classifier's probability and disabled checks as a test
// sets them. Not used by the server (src/spam/check-context.ts builds the real one).
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import type { CheckContext, SpamPage } from '../check.ts';
import { buildCheckContext, NO_PAGE, withClassifier } from '../check-context.ts';

export type TestComment = {
  page?: SpamPage;
  website?: string | null;
  name?: string;
  /** The classifier's probability of spam (hold at 0.5, spam at 0.9); none: the classifier is off. */
  p?: number;
  disabledChecks?: string[];
};

export function checkContext(body: string, o: TestComment = {}): CheckContext {
  const input = buildCheckContext({
    site: { id: 's', lang: 'en' },
    settings: o.disabledChecks ? { ...DEFAULT_SETTINGS, disabledChecks: o.disabledChecks } : DEFAULT_SETTINGS,
    comment: {
      name: o.name ?? 'Reader',
      email: 'reader@example.org',
      website: o.website ?? null,
      body,
      ipHash: null,
      userAgent: null,
    },
    page: o.page ?? NO_PAGE,
    now: 0,
  });
  return withClassifier(
    input,
    o.p === undefined ? null : { p: o.p, layerMargin: 0, thresholds: { hold: 0.5, spam: 0.9 }, explain: () => [] },
  );
}
