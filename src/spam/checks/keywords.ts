import type { Check, CheckContext } from '../check.ts';
import { compileKeywords, type KeywordMatcher } from '../keyword-matcher.ts';

// Settings objects are shared per site and replaced when they change: compile once each.
const compiled = new WeakMap<readonly string[], KeywordMatcher>();
function matcher(list: readonly string[]): KeywordMatcher {
  let m = compiled.get(list);
  if (!m) {
    m = compileKeywords(list);
    compiled.set(list, m);
  }
  return m;
}

const fields = (ctx: CheckContext) => [ctx.name, ctx.email, ctx.website, ctx.body, ctx.ipHash, ctx.userAgent];

/** WordPress's two lists: words that send a comment to spam, and words that hold it. */
export const keywords: Check = {
  name: 'keywords',
  explained:
    'the moderators’ lists of words, matched against your name, email, website, comment, network hash and browser identification',
  run(ctx) {
    const blocked = matcher(ctx.settings.blockKeywords).firstMatch(fields(ctx));
    if (blocked)
      return { score: ctx.settings.spamScore, reason: `matches the block list ("${blocked}")`, outcome: 'spam' };
    const held = matcher(ctx.settings.holdKeywords).firstMatch(fields(ctx));
    if (held) return { score: 0, reason: `matches the hold list ("${held}")`, outcome: 'hold' };
    return null;
  },
};
