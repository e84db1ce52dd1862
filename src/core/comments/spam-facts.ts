// Gathering what the spam checks need to know from a site's history before they run. Only the
// trust, repeat and velocity checks (and pre-moderation by history) read it, each its own part;
// a part no enabled check reads is answered 0 without a query.
import type { CommentStore, SpamFacts } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';
import { keyedHash } from '../tokens.ts';

/** Case, spacing and punctuation do not make a repeated text new. */
function normalizeForRepeat(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

/** The keyed hash a repeated text is found by (and stored under). */
export function repeatHash(secret: string, body: string): string {
  return keyedHash(secret, 'body', normalizeForRepeat(body));
}

/** Which parts of the history the site's enabled checks read. */
export function factsNeeded(settings: SiteSettings): { prior: boolean; repeats: boolean; recent: boolean } {
  const on = (c: string) => !settings.disabledChecks.includes(c);
  // Earlier approved comments matter to trust and to pre-moderation of first comments.
  const premoderatesByHistory =
    settings.premoderation !== 'none' && (settings.premoderation === 'first' || settings.autoApproveAfter > 0);
  return {
    prior: on('trust') || premoderatesByHistory,
    repeats: on('repeat') && settings.repeatWindowHours > 0,
    recent: on('velocity'),
  };
}

export type FactsSubject = {
  siteId: string;
  name: string;
  email: string;
  ipHash: string | null;
  bodyHash: string;
  threadId: string | null;
};

/** The facts the enabled checks read; null when they read none (the policy then counts every fact 0). */
export async function gatherSpamFacts(
  store: Pick<CommentStore, 'spamFacts'>,
  settings: SiteSettings,
  who: FactsSubject,
  now: number,
): Promise<SpamFacts | null> {
  const need = factsNeeded(settings);
  if (!(need.prior || need.repeats || need.recent)) return null;
  return store.spamFacts({
    need,
    ...who,
    repeatSince: now - settings.repeatWindowHours * 3_600_000,
    hourSince: now - 3_600_000,
  });
}
