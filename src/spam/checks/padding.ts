import type { Check } from '../check.ts';
import { type Word, skeletonWords } from '../confusables.ts';

export type PaddingFindings = {
  /** The longest run of spaces on one line. */
  spaces: number;
  /** The longest run of blank lines. */
  blankLines: number;
  /** Runs of emoji and pictographic symbols, each run between two pieces of text counting once. */
  emojiRuns: number;
  /** Letters and digits: how much text there is to judge the emoji against. */
  letters: number;
  /** Invisible characters with a letter on each side: words broken to dodge word lists. */
  brokenWords: number;
  /** The longest run of invisible or blank-looking characters. */
  invisibleRun: number;
  /** A 3-word phrase said so often (non-overlapping) that it fills much of the text. */
  repeated: { phrase: string; times: number } | null;
  words: number;
};

// Zero-width spaces and joiners, word joiners, invisible operators, BOM, Mongolian vowel
// separator, combining grapheme joiner, Hangul fillers, the blank braille pattern.
const INVISIBLE = new Set([
  0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e, 0x034f, 0x115f, 0x1160, 0x3164,
  0xffa0, 0x2800,
]);
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{So}]/u;
const LETTER = /[\p{L}\p{N}]/u;
// What may sit inside a run of emoji without ending it: variation selectors, skin tones, joiners, spaces.
const isEmojiGlue = (cp: number) =>
  cp === 0xfe0f || cp === 0x200d || cp === 0x20 || (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0x20e3;

type Kind = 'letter' | 'emoji' | 'invisible' | 'space' | 'newline' | 'other';

function kindOf(cp: number, ch: string): Kind {
  if (cp < 0x80) {
    if (cp === 0x0a) return 'newline';
    if (cp === 0x20 || cp === 0x09) return 'space';
    const lower = cp | 0x20;
    return (lower >= 0x61 && lower <= 0x7a) || (cp >= 0x30 && cp <= 0x39) ? 'letter' : 'other';
  }
  if (INVISIBLE.has(cp) || (cp >= 0xe0000 && cp <= 0xe007f)) return 'invisible';
  if (cp === 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x3000) return 'space';
  if (LETTER.test(ch)) return 'letter';
  return PICTOGRAPH.test(ch) ? 'emoji' : 'other';
}

const NON_ASCII = /[\u0080-\u{10ffff}]/u;
const LONG_SPACES = ' '.repeat(16);

/**
 * Most comments: ASCII (no emoji, no invisible characters), without a long run of spaces or
 * enough line breaks to hold four blank lines. Nothing for the character scan to find.
 */
function isPlainAscii(body: string): boolean {
  if (NON_ASCII.test(body) || body.includes(LONG_SPACES)) return false;
  let breaks = 0;
  for (let at = body.indexOf('\n'); at >= 0 && breaks < 5; at = body.indexOf('\n', at + 1)) breaks++;
  return breaks < 5;
}

/** One pass over the characters; counters only, no copies of the text. */
function scanCharacters(body: string, f: PaddingFindings): void {
  let spaces = 0;
  let newlines = 0;
  let invisible = 0;
  let inEmoji = false;
  let lastVisible: Kind = 'other';
  let brokenPending = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const wide = c >= 0xd800 && c <= 0xdbff;
    const cp = wide ? body.codePointAt(i)! : c;
    if (cp === 0x0d) continue; // "\r\n" counts as one line break
    const kind = kindOf(cp, wide ? body.slice(i, i + 2) : body[i]);
    if (wide) i++;
    if (kind === 'invisible') {
      invisible++;
      if (invisible > f.invisibleRun) f.invisibleRun = invisible;
      // Between emoji a joiner builds one picture (👩‍❤️‍👨): not a broken word.
      if (lastVisible === 'letter') brokenPending = true;
      continue;
    }
    invisible = 0;
    if (kind === 'space') {
      spaces++;
      if (spaces > f.spaces) f.spaces = spaces;
    } else if (kind !== 'newline') spaces = 0;
    if (kind === 'newline') {
      newlines++;
      if (newlines - 1 > f.blankLines) f.blankLines = newlines - 1;
    } else if (kind !== 'space') newlines = 0;
    if (kind === 'emoji' && !inEmoji) {
      inEmoji = true;
      f.emojiRuns++;
    } else if (kind !== 'emoji' && !isEmojiGlue(cp)) inEmoji = false;
    if (kind === 'letter') {
      f.letters++;
      if (brokenPending) f.brokenWords++;
    }
    brokenPending = false;
    if (kind !== 'space' && kind !== 'newline') lastVisible = kind;
    else lastVisible = 'other';
  }
}

/** Below this share of the words, a repeated phrase is a refrain, not stuffing. */
const STUFFED_SHARE = 0.3;
const STUFFED_TIMES = 4;

/**
 * The 3-word phrase repeated most when it fills enough of the text to be stuffing, counted
 * without overlaps; one word said thrice is not a phrase. Words become numbers first, and the
 * phrases are only counted when some word is frequent enough to start one: prose rarely has one.
 */
function stuffedPhrase(words: readonly Word[]): { phrase: string; times: number } | null {
  const need = Math.max(STUFFED_TIMES, Math.ceil((words.length * STUFFED_SHARE) / 3));
  if (words.length < 12 || words.length >= 1 << 17) return null;
  const ids = new Map<string, number>();
  const seq = new Array<number>(words.length);
  const freq: number[] = [];
  let frequent = false;
  for (let i = 0; i < words.length; i++) {
    let id = ids.get(words[i].text);
    if (id === undefined) {
      id = freq.length;
      ids.set(words[i].text, id);
      freq.push(0);
    }
    seq[i] = id;
    if (++freq[id] >= need) frequent = true;
  }
  if (!frequent) return null;
  const counts = new Map<number, { times: number; last: number }>();
  let best = { at: 0, times: 0 };
  for (let i = 0; i + 2 < words.length; i++) {
    const [a, b, c] = [seq[i], seq[i + 1], seq[i + 2]];
    if (a === b && b === c) continue;
    const key = (a * 2 ** 17 + b) * 2 ** 17 + c;
    const s = counts.get(key);
    if (!s) counts.set(key, { times: 1, last: i });
    else if (i - s.last >= 3) {
      s.times++;
      s.last = i;
      if (s.times > best.times) best = { at: i, times: s.times };
    }
  }
  if (best.times < need) return null;
  const phrase = `${words[best.at].text} ${words[best.at + 1].text} ${words[best.at + 2].text}`;
  return { phrase, times: best.times };
}

export function paddingFindings(body: string): PaddingFindings {
  const f: PaddingFindings = {
    spaces: 0,
    blankLines: 0,
    emojiRuns: 0,
    letters: 0,
    brokenWords: 0,
    invisibleRun: 0,
    repeated: null,
    words: 0,
  };
  if (!isPlainAscii(body)) scanCharacters(body, f);
  const words = skeletonWords(body);
  f.words = words.length;
  f.repeated = stuffedPhrase(words);
  return f;
}

/** Emoji runs need this much text around them before they say anything: "😂😂😂" is a reply. */
const EMOJI_MIN_LETTERS = 40;

/**
 * Text pushed out of sight or stuffed to fool a filter: long runs of spaces or blank lines,
 * invisible characters, the same phrase over and over, emoji used as bullet points between
 * every line. Each sign adds a point, three at most: alone they only hold a comment.
 */
export const padding: Check = {
  name: 'padding',
  wording: true,
  explained: 'runs of blank space, invisible characters, repeated phrases and emoji used as decoration',
  run(ctx) {
    const f = paddingFindings(ctx.body);
    const signs: string[] = [];
    let score = 0;
    if (f.spaces >= 16 || f.blankLines >= 4) {
      score += 1;
      signs.push(f.spaces >= 16 ? `a run of ${f.spaces} spaces` : `${f.blankLines} blank lines in a row`);
    }
    if (f.brokenWords >= 1 || f.invisibleRun >= 3) {
      score += f.brokenWords >= 2 ? 2 : 1;
      signs.push(f.brokenWords ? `${f.brokenWords} words broken by invisible characters` : 'invisible padding');
    }
    if (f.repeated) {
      score += 1;
      signs.push(`"${f.repeated.phrase}" ${f.repeated.times} times`);
    }
    if (f.emojiRuns >= 4 && f.letters >= EMOJI_MIN_LETTERS) {
      score += f.emojiRuns >= 6 ? 2 : 1;
      signs.push(`${f.emojiRuns} groups of emoji through the text`);
    }
    if (!score) return null;
    return { score: Math.min(3, score), reason: signs.join('; ') };
  },
};
