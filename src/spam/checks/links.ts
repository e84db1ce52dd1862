import type { Check } from '../check.ts';

const LINK = /\bhttps?:\/\/|(?<![\w/.])www\.[a-z0-9-]+\.[a-z]/gi;

export function countLinks(text: string): number {
  return (text.match(LINK) ?? []).length;
}

/** A link with what it points at: up to the next white space. */
const LINK_RUN = /(?:\bhttps?:\/\/|(?<![\w/.])www\.)\S*/gi;
/** A bare address ("gofundme.com/x", "пример.рф/акция"), read only in a short comment. */
const BARE_DOMAIN =
  /(?<![\p{L}\p{N}@.-])(?:[a-z0-9а-яё-]+\.)+(?:com|net|org|info|biz|io|co|me|tv|ly|us|uk|de|ru|fr|br|in|рф|рус|укр|бел|онлайн|сайт)(?:\/\S*)?(?![\p{L}\p{N}-])/giu;
const WORD = /[\p{L}\p{N}]+/gu;
/** What a comment may say beside its link and still be "just a link". */
const BARE_WORDS = 3;
/** Past this length a comment says something, whatever it links to. */
const SHORT = 300;

/** Whether the comment is a link and next to nothing else ("https://…", "more… https://…", "gofundme.com/x"). */
export function isBareLink(body: string): boolean {
  if (body.length > SHORT) return false;
  const rest = body.replace(LINK_RUN, ' ').replace(BARE_DOMAIN, '\u0000');
  if (rest === body) return false;
  WORD.lastIndex = 0;
  for (let words = 0; WORD.exec(rest); ) if (++words > BARE_WORDS) return false;
  return true;
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
    // A link with nothing said around it is how a drive-by spammer comments; readers who post
    // a bare link exist (4 of the 15,934 news comments), so it waits for a moderator: no points.
    if (isBareLink(ctx.body)) return { score: 0, reason: 'a link with next to nothing said', outcome: 'hold' };
    return null;
  },
};
