import type { Check } from '../check.ts';

const LINK = /\bhttps?:\/\/|(?<![\w/.])www\.[a-z0-9-]+\.[a-z]/gi;

export function countLinks(text: string): number {
  return (text.match(LINK) ?? []).length;
}

/**
 * WordPress's rule: a comment with `maxLinks` (2) or more links waits for a moderator. It adds
 * no points: the classifier already weighs links, and a reader citing two sources should wait
 * for a moderator, not land in the spam folder.
 */
export const links: Check = {
  name: 'links',
  explained: 'how many links the comment contains',
  run(ctx) {
    const n = countLinks(ctx.body);
    if (n >= ctx.settings.maxLinks)
      return { score: 0, reason: `${n} links (held at ${ctx.settings.maxLinks})`, outcome: 'hold' };
    const trusted = ctx.settings.autoApproveAfter > 0 && ctx.facts.priorApproved >= ctx.settings.autoApproveAfter;
    if (n > 0 && ctx.settings.premoderation === 'links' && !trusted)
      return { score: 0, reason: 'comments with links are pre-moderated', outcome: 'hold' };
    return null;
  },
};
