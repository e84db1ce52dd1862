// Words written in two scripts at once, put back into one: "сheck оut my channel" (Cyrillic с
// and о among Latin letters) reads as "check out my channel", and "пoдпишитесь" (a Latin o in a
// Russian word) as "подпишитесь". The checks that match words and phrases (praise, blog talk,
// self-promotion, advert) read this form, so a disguise does not hide what the comment says;
// the confusables check is what scores the disguise itself. A word keeps the script most of its
// letters are in; a word in one script is left as it is (a Russian word is not made Latin).
import { LATIN_TO_CYRILLIC, LIKE_LATIN, TO_LATIN } from './confusables.ts';

const LATIN = /\p{Script=Latin}/u;
const OTHER = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}]/u;
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * The word in the script it is written in, told by the letters that cannot pass for the other
 * script's ("h" and "k" are Latin, "н" and "д" are Cyrillic), else by most letters; a word in
 * one script only is itself.
 */
function unmixWord(word: string): string {
  let latin = 0;
  let other = 0;
  let sureLatin = 0;
  let sureOther = 0;
  for (const ch of word) {
    if (LATIN.test(ch)) {
      latin++;
      if (LATIN_TO_CYRILLIC[ch] === undefined) sureLatin++;
    } else if (OTHER.test(ch)) {
      other++;
      if (!LIKE_LATIN.has(ch)) sureOther++;
    }
  }
  if (latin === 0 || other === 0) return word;
  const toLatin = sureLatin !== sureOther ? sureLatin > sureOther : latin >= other;
  let out = '';
  if (toLatin) {
    for (const ch of word)
      out += LIKE_LATIN.has(ch) ? (TO_LATIN[ch] ?? TO_LATIN[ch.toLowerCase()]?.toUpperCase() ?? ch) : ch;
  } else {
    for (const ch of word) out += LATIN_TO_CYRILLIC[ch] ?? ch;
  }
  return out;
}

let lastIn = '';
let lastOut = '';

/** The text with each mixed-script word in one script; the same string when there is none. */
export function unmixed(text: string): string {
  if (!OTHER.test(text)) return text;
  if (text === lastIn) return lastOut;
  // One pass over the words, each read once: linear in the text, whatever its shape.
  const out = text.replace(WORD, unmixWord);
  lastIn = text;
  lastOut = out;
  return out;
}
