import type { Check } from '../check.ts';

const LINK = /\bhttps?:\/\/|(?<![\w/.])www\.[a-z0-9-]+\.[a-z]/gi;

export function countLinks(text: string): number {
  return (text.match(LINK) ?? []).length;
}

/** WordPress's rule: a comment with `maxLinks` (2) or more links waits for a moderator. */
export const links: Check = {
  name: 'links',
  run(ctx) {
    const n = countLinks(ctx.body);
    if (n >= ctx.settings.maxLinks) return { score: 1, reason: `${n} links (held at ${ctx.settings.maxLinks})`, outcome: 'hold' };
    if (n > 0 && ctx.settings.premoderation === 'links') return { score: 0, reason: 'comments with links are pre-moderated', outcome: 'hold' };
    return null;
  },
};
