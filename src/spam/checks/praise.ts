import type { Check, CheckContext } from '../check.ts';
import { countLinks } from './links.ts';
import { type PraiseReading, readingOf, readPraise } from './praise-read.ts';

/**
 * How empty a compliment is: the comment's content words, names, numbers, quotations and words
 * of the page (weighed by how surely only a reader of the page writes them) per word of
 * compliment. Below 1 the comment is nearly all compliment; from 3 on it says enough of its own.
 */
export function emptiness(r: PraiseReading): number {
  // Words about the post only count beside words of praise: "your post" alone is a reply to a reader.
  const compliment = r.praise + Math.min(r.post + r.routine, 3 * r.praise);
  const specific = r.content + 2 * (r.names + r.numbers) + 3 * (r.quotations + (r.onPage ?? 0));
  return specific / compliment;
}

/** Enough of a comment's own to be more than a compliment, per word of it (see emptiness). */
const SAYS_ENOUGH = 3;

/** Whether a reading is a compliment about the post or the blog with nothing else in it. */
export function isEmptyPraise(r: PraiseReading): boolean {
  if (r.praise === 0 || r.post + r.routine === 0) return false;
  // A comment that disapproves as much as it praises is an opinion or sarcasm, not flattery.
  if (2 * r.disapproval > r.praise) return false;
  // Two words of the page's title or address: the comment is about the page, however it is worded.
  if ((r.onPage ?? 0) >= 2) return false;
  return emptiness(r) < SAYS_ENOUGH;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function reasonFor(r: PraiseReading, linked: string | null): string {
  const praised = plural(r.praise + r.post + r.routine, 'word');
  const parts = [`praise of the post with nothing specific to the page (${praised} of praise, ${r.content} other)`];
  if (r.routine) parts.push('talks of bookmarks, feeds or search engines');
  if (linked) parts.push(linked);
  if (r.onPage === 0) parts.push('no word in common with the page’s title or address');
  return parts.join('; ');
}

/** What the comment links to: a link in it, or the website the author gave. */
export function linkOf(ctx: CheckContext): string | null {
  const n = countLinks(ctx.body);
  if (n > 0) return `with ${n === 1 ? 'a link' : `${n} links`}`;
  return ctx.website ? "with the author's website" : null;
}

/**
 * The "nice post, I'll bookmark your blog" comment: praise of the post, the blog or its writer
 * that says nothing only a reader of this page would say (no names, numbers, quotations or words
 * of the title, few words of its own). Readers write such comments too, so on its own it earns
 * 1–2 points; the blog reader's routine (bookmarks, feeds) or a page it shares no word with
 * bring it up to 3, the hold line. With a link or a website (2.5 points) it goes up to 4.5: the
 * promotion that empty praise is there to carry; still never spam on its own.
 */
export const praise: Check = {
  name: 'praise',
  wording: true,
  explained: 'whether the comment is a compliment about the post or the site that says nothing about the page itself',
  run(ctx) {
    const r = readingOf(ctx);
    if (!isEmptyPraise(r)) return null;
    const e = emptiness(r);
    let points = e <= 1 ? 2 : e <= 2 ? 1.5 : 1;
    if (r.routine) points += 0.5;
    const linked = linkOf(ctx);
    if (linked) points += 2.5;
    if (r.onPage === 0) points += 0.5;
    return {
      // Empty praise that promotes something may go to 4.5: with a keyword-phrase author or a
      // stranger's website (author-fields) it reaches the spam line; alone it stays a hold.
      score: Math.min(linked ? 4.5 : 3, points),
      reason: reasonFor(r, linked),
      detail: () => {
        const found: string[] = [];
        readPraise(ctx.body, ctx.page, found);
        return found.map((w) => `"${w}"`).join(', ');
      },
    };
  },
};
