// What the structural features read of a comment's characters, in one pass.

export type CharacterFacts = {
  /** Letters (code points of \p{L}). */
  letters: number;
  /** Capital letters (\p{Lu}). */
  upper: number;
  /** A letter written 4 times in a row ("sooooo"). */
  elongated: boolean;
  /** A symbol written 3 times in a row ("!!!", "$$$"). */
  punctRun: boolean;
  /** How many "!". */
  excl: number;
};

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const NUMBER_OR_SPACE = /[\p{N}\s]/u;

/**
 * One walk over the code points. ASCII characters are sorted by their code; the rest by
 * Unicode's classes, one character at a time: whole-text Unicode expressions (five passes, four
 * copies of the text) cost more than the rest of the features on a long non-ASCII comment.
 */
export function characterFacts(raw: string): CharacterFacts {
  let letters = 0;
  let upper = 0;
  let excl = 0;
  let elongated = false;
  let punctRun = false;
  let prev = -1;
  let run = 0;
  for (let i = 0; i < raw.length; ) {
    const c = raw.codePointAt(i) as number;
    i += c > 0xffff ? 2 : 1;
    run = c === prev ? run + 1 : 1;
    prev = c;
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) {
        letters++;
        if (c <= 0x5a) upper++;
        if (run >= 4) elongated = true;
      } else if ((c >= 0x30 && c <= 0x39) || c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
        // digits and white space: neither letter nor symbol
      } else {
        if (c === 0x21) excl++;
        if (run >= 3) punctRun = true;
      }
      continue;
    }
    const ch = String.fromCodePoint(c);
    if (LETTER.test(ch)) {
      letters++;
      if (UPPER.test(ch)) upper++;
      if (run >= 4) elongated = true;
    } else if (!NUMBER_OR_SPACE.test(ch) && run >= 3) punctRun = true;
  }
  return { letters, upper, elongated, punctRun, excl };
}
