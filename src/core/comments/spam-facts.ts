// Gathering what the spam checks need to know from a site's history before they run. Only the
// trust, repeat and velocity checks (and pre-moderation by history) read it, each its own part;
// a part no enabled check reads is answered 0 without a query, and each other part is counted
// only as far as its checks compare (the policy's factLimits), so that a post costs the same
// however much its sender has posted before.
import type { CommentStore, FactLimits, SpamFacts } from '../ports.ts';
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
  store: Pick<CommentStore, 'spamFacts' | 'getMailAddress'>,
  settings: SiteSettings,
  limits: FactLimits,
  who: FactsSubject,
  now: number,
): Promise<SpamFacts | null> {
  if (!(limits.prior || limits.repeats || limits.recentByIp || limits.recentByEmail)) return null;
  const facts = await store.spamFacts({
    need: {
      prior: limits.prior,
      repeats: limits.repeats,
      recent: { byIp: limits.recentByIp, byEmail: limits.recentByEmail },
    },
    ...who,
    repeatSince: now - settings.repeatWindowHours * 3_600_000,
    hourSince: now - 3_600_000,
  });
  // The trust check is the one reader of a verified address; other checks leave it unasked.
  if (!limits.prior) return facts;
  const address = await store.getMailAddress({ siteId: who.siteId, email: who.email.trim().toLowerCase() });
  return address?.confirmed_at ? { ...facts, verifiedEmail: true } : facts;
}
