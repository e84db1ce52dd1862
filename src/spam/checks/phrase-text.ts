// What the phrase checks (self-promotion, advert) match their patterns against, and how their
// patterns bound a phrase. One plain copy of a comment serves every check that asks for it.
import { unmixed } from '../unmixed.ts';

/**
 * A pattern bounded as a whole phrase: JavaScript's \b knows ASCII letters only, so "abonnez",
 * "подпишись" and "à vendre" are bounded by lookarounds on any letter or digit instead.
 */
export const phrase = (body: string) => `(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`;

let lastBody = '';
let lastText = '';

/** The comment with compatibility forms folded, apostrophes as "'", and spacing as one space. */
export function phraseText(body: string): string {
  if (body !== lastBody) {
    lastText = unmixed(body).normalize('NFKC').replace(/[’ʼ`]/g, "'").replace(/\s+/g, ' ');
    lastBody = body;
  }
  return lastText;
}
