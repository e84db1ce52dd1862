// Text normalization and tokenization for the spam classifier.
//
// NFKC and lower case; format and private-use characters (U+FEFF, zero-width joiners…)
// dropped; look-alike letters folded (confusables.ts). E-mail addresses, links, phone numbers
// and long numbers become placeholder tokens, so the model learns "contains a link" rather than
// one spammer's URL; a link to the page the comment is on gets its own placeholder.

import { skeleton } from '../confusables.ts';

// Placeholders live in the Private Use Area, which normalize() strips from the input.
export const PH_URL = '\uE000';
export const PH_EMAIL = '\uE001';
export const PH_PHONE = '\uE002';
export const PH_NUM = '\uE003';
export const PH_SELF = '\uE004';
export const PLACEHOLDER_NAMES: Record<string, string> = {
  [PH_URL]: 'a link',
  [PH_EMAIL]: 'an e-mail address',
  [PH_PHONE]: 'a phone number',
  [PH_NUM]: 'a long number',
  [PH_SELF]: 'a link to this page',
};
const isPlaceholder = (s: string) => s.length === 1 && s >= PH_URL && s <= PH_SELF;

const TLDS =
  'com|net|org|info|biz|ly|me|tv|io|co|us|uk|de|ru|fr|es|it|nl|pl|br|in|xyz|top|site|online|club|shop|store|app|gl|gd|be|to|cc|ws|link|click';
// A link ends before trailing punctuation ("see example.com/x, then…").
const URL_TAIL = String.raw`[^\s<>"']*[^\s<>"'.,;:!?)\]}]`;
const URL_RE = new RegExp(
  String.raw`(?:\b(?:https?|ftp):\/\/|\bwww\.)${URL_TAIL}|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:${TLDS})\b(?:\/(?:${URL_TAIL})?)?`,
  'giu',
);
const EMAIL_RE = /\b[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}\b/gu;
const PHONE_RE = /(?<![\p{L}\p{N}])\+?\(?\d[\d ().-]{5,18}\d(?![\p{L}\p{N}])/gu;
const MAX_CHUNK = 200;
const HAS_DOT_OR_COLON = /[.:]/;
const ASTRAL = /[\uD800-\uDFFF]/;
const NON_ASCII = /[\u0080-\uffff]/;
/** A whole run of non-space characters holding a "." or ":" (the lookbehind keeps it linear). */
const CHUNK_WITH_DOT_OR_COLON = /(?<!\S)\S*[.:]\S*/g;
const LONG_LINK_RE = /^(?:(?:https?|ftp):\/\/|www\.)/i;
/** A dotted IPv4 address, which PHONE_RE's digit runs would otherwise take for a phone number. */
/** A network address or a four-part version inside a run of digits ("ping -s 1400 8.8.8.8"): not a phone. */
const IPV4 = /(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])/;
const LONG_NUM_RE = /(?<![\p{L}\p{N}])\d{5,}(?![\p{L}\p{N}])/gu;

export type Normalized = {
  /** Lower-cased text with placeholders, whitespace collapsed. */
  text: string;
  /** Linked hosts, lower case, "www." removed. */
  hosts: string[];
  counts: { urls: number; selfLinks: number; emails: number; phones: number; numbers: number };
};

/** A URL reduced to what identifies the resource: a YouTube video's id, else host (no www) and path. */
export function resourceKey(url: string): string {
  const rest = url
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^(?:www|m)\./i, '');
  const yt = /^(?:youtube\.com\/watch\?(?:[^#]*&)?v=|youtu\.be\/)([\w-]{6,})/i.exec(rest);
  if (yt) return `youtube:${yt[1]}`;
  const hostAndPath = rest.split(/[?#]/, 1)[0];
  const slash = hostAndPath.indexOf('/');
  const host = (slash < 0 ? hostAndPath : hostAndPath.slice(0, slash)).toLowerCase();
  return (host + (slash < 0 ? '' : hostAndPath.slice(slash))).replace(/\/+$/, '');
}

function hostOf(url: string): string {
  return url
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .split(/[/?#:]/, 1)[0]
    .replace(/^www\./, '')
    .replace(/\.+$/, '');
}

/** A host's registrable-ish part: its last two labels (three under co.uk-style names). */
export function siteOf(host: string): string {
  const parts = host.split('.');
  const keep = parts.length >= 3 && parts[parts.length - 2].length <= 3 && parts[parts.length - 1].length === 2 ? 3 : 2;
  return parts.slice(-keep).join('.');
}

export function normalize(raw: string, permalink?: string | null): Normalized {
  const self = permalink ? resourceKey(permalink) : null;
  const hosts: string[] = [];
  const counts = { urls: 0, selfLinks: 0, emails: 0, phones: 0, numbers: 0 };
  // Addresses and links are replaced before NFKC (video ids are case-sensitive) and again
  // after it (to catch full-width disguises such as "ｗｗｗ．example．com").
  const link = (m: string) => {
    if (self && resourceKey(m) === self) {
      counts.selfLinks++;
      return ` ${PH_SELF} `;
    }
    counts.urls++;
    hosts.push(hostOf(m));
    return ` ${PH_URL} `;
  };
  // Addresses and links hold no whitespace: matching chunk by chunk keeps the work linear in
  // the text's length (a long chunk is a link only if it starts like one).
  // Every address and link holds a "." or a ":": chunks without one are skipped unread.
  const links = (s: string) =>
    !HAS_DOT_OR_COLON.test(s)
      ? s
      : s.replace(CHUNK_WITH_DOT_OR_COLON, (chunk) => {
          if (chunk.length > MAX_CHUNK)
            return LONG_LINK_RE.test(chunk) ? link(chunk.replace(/[.,;:!?)\]}]+$/, '')) : chunk;
          const email = () => {
            counts.emails++;
            return ` ${PH_EMAIL} `;
          };
          return chunk.replace(EMAIL_RE, email).replace(URL_RE, link);
        });
  // ASCII holds no format or private-use character, and NFKC leaves it (and the placeholders,
  // private-use characters) as it is: most comments skip both passes.
  const ascii = !NON_ASCII.test(raw);
  let t = links(ascii ? raw : raw.replace(/[\p{Cf}\p{Co}]/gu, ''));
  t = links(ascii ? t : t.normalize('NFKC')).toLowerCase();
  // Look-alike letters, small capitals, accents and other scripts' digits folded to one form
  // (confusables.ts), so "ꜰᴏʀ ꜱᴛᴀʀᴛ" and "Здpaвcтвyйтe" read as the words they imitate.
  if (!ascii) t = skeleton(t);
  t = t.replace(PHONE_RE, (m) => {
    const digits = m.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15 || IPV4.test(m)) return m;
    counts.phones++;
    return ` ${PH_PHONE} `;
  });
  t = t.replace(LONG_NUM_RE, () => {
    counts.numbers++;
    return ` ${PH_NUM} `;
  });
  t = t.replace(/\s+/gu, ' ').trim();
  return { text: t, hosts, counts };
}

export type Token = { text: string; kind: 'word' | 'sym' | 'ph' };
// Group 1 is a run of letters, digits and marks: a word when it holds a letter or digit.
const TOKEN_RE = /[\uE000-\uE004]|([\p{L}\p{N}\p{M}]+)|\p{Extended_Pictographic}|[^\s\p{L}\p{N}\p{M}]+/gu;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const LETTER_OR_DIGIT_ANY = /[\p{L}\p{N}]/u;

/**
 * Whether a character may repeat `n` times in a row: a cheap look before the squeezing regex
 * (which counts code points: with astral characters about, it always runs).
 */
function hasRun(s: string, n: number): boolean {
  if (ASTRAL.test(s)) return true;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= n) return true;
  }
  return false;
}

/**
 * Words (letters, digits, marks), placeholders, and runs of other symbols ("!!!", ":)").
 * Apostrophes inside words go ("don't" → "dont"); letters repeated three times or more are
 * squeezed to two ("sooooo" → "soo"), symbols to three.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const t = text.includes("'") || text.includes('’') ? text.replace(/(?<=\p{L})['’](?=\p{L})/gu, '') : text;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(t); m; m = TOKEN_RE.exec(t)) {
    const s = m[0];
    if (isPlaceholder(s)) out.push({ text: s, kind: 'ph' });
    else if (m[1] !== undefined && (LETTER_OR_DIGIT.test(s) || LETTER_OR_DIGIT_ANY.test(s)))
      out.push({ text: hasRun(s, 3) ? s.replace(/(.)\1{2,}/gu, '$1$1') : s, kind: 'word' });
    else out.push({ text: hasRun(s, 4) ? s.replace(/(.)\1{3,}/gu, '$1$1$1') : s, kind: 'sym' });
  }
  return out;
}
