import type { Check } from '../check.ts';
import { scanWords } from '../confusables.ts';

/**
 * Words mixing look-alike letters of two scripts ("Пpивeт" with Latin p, e; "ѕрес𝗂аl" with
 * Cyrillic letters) exist to slip past word lists: one such word is 1 point, two 2, three or four
 * hold the comment (3), five or more are near-certain spam (5). Letters in a "fancy" font
 * (mathematical bold, small capitals, full-width) in three words or more add a point.
 */
export const confusables: Check = {
  name: 'confusables',
  wording: true,
  explained: 'words written with look-alike letters from other alphabets or in decorative fonts',
  run(ctx) {
    const w = scanWords(ctx.body);
    if (!w.mixed && w.styled < 3) return null;
    const mixed = w.mixed >= 5 ? 5 : Math.min(w.mixed, 3);
    const styled = w.styled >= 3 ? 1 : 0;
    const parts: string[] = [];
    if (w.mixed) parts.push(`${w.mixed} word${w.mixed === 1 ? '' : 's'} mixing look-alike letters of two alphabets`);
    if (styled) parts.push(`${w.styled} words in a decorative font`);
    const e = w.example!;
    return {
      score: mixed + styled,
      reason: `${parts.join(' and ')}, such as "${e.word}"${e.foreign ? ` (${e.foreign})` : ''}`,
    };
  },
};
