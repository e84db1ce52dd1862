import type { Check } from '../check.ts';
import { isEmptyPraise, linkOf } from './praise.ts';
import type { PraiseReading } from './praise-read.ts';
import { readingOf } from './praise-read.ts';

/**
 * Whether a comment speaks to the writer about the blog and nothing else: "you" and "your post",
 * "your site", "your presentation", the feeds and the bookmarks, with no name, number, quotation
 * or word of the page, no disapproval, and no compliment the praise check already counts. Spun
 * comments that flatter in words no list knows ("I really believe what you said in your post",
 * "you make this look simple in your writing") read so; a reader arguing with the article names
 * what it says, or disapproves.
 */
export function isBlogTalk(r: PraiseReading): boolean {
  // Three words of it at least ("your post … you"): "you" and "read" alone are a text message.
  if (r.you === 0 || r.post + r.routine === 0 || r.post + r.routine + r.you < 3) return false;
  if (r.names + r.numbers + r.quotations > 0 || r.disapproval > 0 || (r.onPage ?? 0) > 0) return false;
  return !isEmptyPraise(r);
}

/**
 * Talk to the writer about the blog that says nothing of the page: 2 points, 3 with a link or the
 * author's website (the promotion such talk is there to carry). Never spam on its own: with a
 * keyword name (author-fields) it reaches the spam line.
 */
export const blogTalk: Check = {
  name: 'blog-talk',
  wording: true,
  explained:
    'whether the comment speaks to the writer about the site or the post without saying anything about the page',
  run(ctx) {
    const r = readingOf(ctx);
    if (!isBlogTalk(r)) return null;
    const linked = linkOf(ctx);
    const parts = ['speaks to the writer about the site or the post, with nothing about the page'];
    if (linked) parts.push(linked);
    return { score: linked ? 3 : 2, reason: parts.join('; ') };
  },
};
