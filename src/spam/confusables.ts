// Look-alike letters. Spammers write "ѕрес𝗂аl оffеr" (Cyrillic, a mathematical letter, Latin) or
// "Здpaвcтвyйтe" (a Russian word with Latin letters inside) so that word lists and models miss
// the words a reader still sees. skeleton() folds such text to one form, so a check can match
// "special offer" or "здравствуйте" however it was typed; scanWords() counts the words whose
// letters come from more than one script, which honest writers hardly ever produce.

// Cyrillic, Greek, Armenian and Latin look-alikes (small capitals, dotless i…) of Latin letters,
// compared after lower-casing: the capital-only look-alikes (Cyrillic В Н М Т, Greek Ζ Μ)
// are folded through their small letters.
export const TO_LATIN: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ь: 'b',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  ғ: 'f',
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  ζ: 'z',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'm',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  օ: 'o',
  ս: 'u',
  հ: 'h',
  ո: 'n',
  ɑ: 'a',
  ı: 'i',
  ȷ: 'j',
  ɡ: 'g',
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};
const FOLD = new Map<number, string>(Object.entries(TO_LATIN).map(([k, v]) => [k.codePointAt(0)!, v]));

/**
 * Latin letters that pass for Cyrillic ones inside a Russian word, as typed, with the letter
 * each passes for (unmixed.ts puts such a word back in Cyrillic; case matters:
 * "B" passes for "В", "b" for nothing). Not "i"/"I": Ukrainian and Belarusian writers often
 * type the Latin letter for their own "і", which is no disguise.
 */
export const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};
const LATIN_LIKE_CYRILLIC = new Set(Object.keys(LATIN_TO_CYRILLIC));
/** Latin letters that pass for Greek ones. */
const LATIN_LIKE_GREEK = new Set('aiknopuvxyABEHIKMNOPTXYZ');
/**
 * Cyrillic, Greek and Armenian letters that pass for Latin ones as typed: the small Cyrillic
 * "т" or "н" read as small capitals, not as "t" or "h", so only their capitals count. Not μ:
 * "μm" and "μg" are units.
 */
export const LIKE_LATIN = new Set('аеорсухіјѕԁһӏԛԝүАВЕКМНОРСТХУІЈЅαειικνορυχωΑΒΕΖΗΙΚΜΝΟΡΤΥΧօսհո');

const NON_ASCII = /[\u0080-\u{10ffff}]/u;
const MARK = /\p{M}/u;
const FORMAT = /\p{Cf}/u;
const DIGIT = /\p{Nd}/u;
const digitValues = new Map<number, string>();

/** An other-script decimal digit's ASCII form: digits come in runs of ten starting at zero. */
function asciiDigit(cp: number): string {
  let v = digitValues.get(cp);
  if (v === undefined) {
    let zero = cp;
    while (zero > 0 && DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    v = String((cp - zero) % 10);
    digitValues.set(cp, v);
  }
  return v;
}

let lastText = '';
let lastSkeleton = '';

/**
 * The text folded for matching: compatibility forms (full-width, mathematical, circled letters
 * and digits) to plain ones, lower case, accents dropped, look-alike letters to the Latin letter
 * they imitate, other scripts' digits to 0–9, invisible format characters removed. A Russian
 * word folds to a mix of Cyrillic and Latin letters: compare skeletons with skeletons.
 */
export function skeleton(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  // Several checks fold the same comment one after the other.
  if (text === lastText) return lastSkeleton;
  const t = text.normalize('NFKC').toLowerCase().normalize('NFD');
  let out = '';
  let from = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x80) continue;
    const wide = c >= 0xd800 && c <= 0xdbff;
    const cp = wide ? t.codePointAt(i)! : c;
    const ch = wide ? t.slice(i, i + 2) : t[i];
    let to: string | undefined = FOLD.get(cp);
    if (to === undefined) {
      if (MARK.test(ch) || FORMAT.test(ch)) to = '';
      else if (DIGIT.test(ch)) to = asciiDigit(cp);
    }
    if (to !== undefined) {
      out += t.slice(from, i) + to;
      from = i + ch.length;
    }
    if (wide) i++;
  }
  out += t.slice(from);
  lastText = text;
  lastSkeleton = out;
  return out;
}

export type Word = { text: string; at: number };
const WORD_RE = /[\p{L}\p{N}]+/gu;
let wordsFor = '';
let lastWords: Word[] = [];

const isAsciiWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/** The skeleton's words (runs of letters and digits) with their offsets in it; shared by the checks. */
export function skeletonWords(text: string): Word[] {
  if (text === wordsFor) return lastWords;
  const s = skeleton(text);
  const out: Word[] = [];
  if (NON_ASCII.test(s)) {
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(s); m; m = WORD_RE.exec(s)) out.push({ text: m[0], at: m.index });
  } else {
    // Most comments: lower-case ASCII, split without the regular expression engine.
    let start = -1;
    for (let i = 0; i <= s.length; i++) {
      const word = i < s.length && isAsciiWordChar(s.charCodeAt(i));
      if (word && start < 0) start = i;
      else if (!word && start >= 0) {
        out.push({ text: s.slice(start, i), at: start });
        start = -1;
      }
    }
  }
  wordsFor = text;
  lastWords = out;
  return out;
}

type Script = 0 | 1 | 2 | 3; // none, Latin, Cyrillic, Greek
const LATIN: Script = 1;
const CYRILLIC: Script = 2;
const GREEK: Script = 3;

/** The script of a letter that may be a look-alike; 0 for other letters and non-letters. */
function scriptOf(cp: number): Script {
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return LATIN;
  if (cp < 0xc0) return 0;
  if (cp <= 0x24f) return cp === 0xd7 || cp === 0xf7 ? 0 : LATIN;
  if (cp >= 0x400 && cp <= 0x52f) return cp >= 0x482 && cp <= 0x489 ? 0 : CYRILLIC;
  if (cp >= 0x370 && cp <= 0x3ff) return cp === 0x37e || cp === 0x387 ? 0 : GREEK;
  if ((cp >= 0x1d00 && cp <= 0x1d2b) || (cp >= 0x1e00 && cp <= 0x1eff)) return LATIN;
  if (cp >= 0x1f00 && cp <= 0x1fff) return GREEK;
  if ((cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) return LATIN;
  if (cp >= 0x1d400 && cp <= 0x1d6a3) return LATIN;
  if (cp >= 0x1d6a8 && cp <= 0x1d7c9) return GREEK;
  return 0;
}

/**
 * Letters drawn in a font of their own: mathematical alphanumerics, full-width forms, small
 * capitals, circled and squared letters. Keyboards do not type them; "fancy text" generators do.
 */
function isStyled(cp: number): boolean {
  return (
    (cp >= 0x1d400 && cp <= 0x1d7ff) ||
    (cp >= 0xff21 && cp <= 0xff5a) ||
    (cp >= 0x1d00 && cp <= 0x1d2b) ||
    (cp >= 0x24b6 && cp <= 0x24e9) ||
    (cp >= 0x1f130 && cp <= 0x1f189)
  );
}

const LETTER_LIKE = /[\p{L}\p{M}\p{Cf}]/u;

export type WordScan = {
  /** Words mixing scripts, with the other script's letters all look-alikes of the word's main one. */
  mixed: number;
  /** Words with letters in a styled font (mathematical bold, full-width…). */
  styled: number;
  /** The first mixed or styled word as typed, and the letters in it from another script ("Latin p, e"). */
  example: { word: string; foreign: string } | null;
};

/**
 * Per-word tallies while scanning: letters per script, and whether some letter cannot pass for
 * a letter of Latin, Cyrillic, Greek (a letter of the script itself always can).
 */
type Tally = { lat: number; cyr: number; grk: number; notLat: boolean; notCyr: boolean; notGrk: boolean };
const tally = (): Tally => ({ lat: 0, cyr: 0, grk: 0, notLat: false, notCyr: false, notGrk: false });

/**
 * A word mixes scripts and reads as one of them: all its letters are that script's own or
 * look-alikes of them ("ѕрес𝗂аl" reads as Latin, "Здpaвcтвyйтe" as Cyrillic).
 */
function readsAs(w: Tally): Script {
  const scripts = (w.lat > 0 ? 1 : 0) + (w.cyr > 0 ? 1 : 0) + (w.grk > 0 ? 1 : 0);
  if (scripts < 2 || w.lat + w.cyr + w.grk < 3) return 0;
  return !w.notLat ? LATIN : !w.notCyr ? CYRILLIC : !w.notGrk ? GREEK : 0;
}

const SCRIPT_NAMES = ['', 'Latin', 'Cyrillic', 'Greek'];

/** The letters of a word not from the script it reads as, named: "Latin p, e". */
function foreignLetters(word: string, main: Script): string {
  const by = new Map<Script, Set<string>>();
  for (const ch of word) {
    const script = scriptOf(ch.codePointAt(0)!);
    if (script === 0 || script === main) continue;
    const set = by.get(script) ?? new Set<string>();
    set.add(ch);
    by.set(script, set);
  }
  return [...by].map(([script, letters]) => `${SCRIPT_NAMES[script]} ${[...letters].join(', ')}`).join('; ');
}

/** A letter as typed, its styled forms (mathematical, full-width) brought back to plain ones. */
function plainLetter(text: string, i: number, cp: number, styled: boolean): string {
  if (!styled) return cp > 0xffff ? text.slice(i, i + 2) : text[i];
  return String.fromCodePoint(cp).normalize('NFKC');
}

function count(w: Tally, script: Script, letter: string): void {
  if (script === LATIN) {
    w.lat++;
    if (!LATIN_LIKE_CYRILLIC.has(letter)) w.notCyr = true;
    if (!LATIN_LIKE_GREEK.has(letter)) w.notGrk = true;
    return;
  }
  // Cyrillic and Greek look-alikes of Latin letters pass for each other too (о/ο, р/ρ…).
  const likeLatin = LIKE_LATIN.has(letter);
  if (script === CYRILLIC) {
    w.cyr++;
    if (!likeLatin) w.notLat = w.notGrk = true;
  } else {
    w.grk++;
    if (!likeLatin) w.notLat = w.notCyr = true;
  }
}

/**
 * Counts disguised and styled words in one pass, linear in the text. A word is a run of
 * letters, marks and invisible format characters; a Russian sentence quoting "iPhone" has two
 * scripts but no word with two, and French accented letters are Latin.
 */
export function scanWords(text: string): WordScan {
  const scan: WordScan = { mixed: 0, styled: 0, example: null };
  if (!NON_ASCII.test(text)) return scan;
  let w = tally();
  let styled = false;
  let start = -1;
  const end = (at: number) => {
    const main = readsAs(w);
    if (main) scan.mixed++;
    if (styled) scan.styled++;
    if (main && (scan.example === null || scan.example.foreign === '')) {
      const word = text.slice(start, at);
      scan.example = { word, foreign: foreignLetters(word, main) };
    } else if (styled && scan.example === null) scan.example = { word: text.slice(start, at), foreign: '' };
    w = tally();
    styled = false;
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const wide = c >= 0xd800 && c <= 0xdbff;
    const cp = wide ? text.codePointAt(i)! : c;
    const script = scriptOf(cp);
    if (script !== 0 || (cp >= 0x80 && LETTER_LIKE.test(wide ? text.slice(i, i + 2) : text[i]))) {
      if (start < 0) start = i;
      const fancy = isStyled(cp);
      if (fancy) styled = true;
      if (script !== 0) count(w, script, plainLetter(text, i, cp, fancy));
    } else if (start >= 0) end(i);
    if (wide) i++;
  }
  if (start >= 0) end(text.length);
  return scan;
}
