// Ways to be reached outside the site, found in a comment's skeleton (confusables.ts): phone
// numbers, e-mail addresses, messenger links and @handles. Hand-written scanners, each
// character looked at a bounded number of times, so no input can make them backtrack.
import { skeleton } from './confusables.ts';

/** Where something was found in the skeleton, and whether it was written to dodge filters. */
export type Found = { at: number; disguised: boolean };
export type Handle = { at: number; name: string };

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAsciiAlnum = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const WORDISH = /[\p{L}\p{N}]/u;
function isWordChar(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c < 0x80 ? isAsciiAlnum(c) : WORDISH.test(s[i]);
}

// Letters typed for digits inside a number: O for 0, l, i and | for 1 (the skeleton is lower case).
const letterDigit = (c: number) => c === 0x6f || c === 0x6c || c === 0x69 || c === 0x7c;
const isSeparator = (c: number) =>
  c === 0x20 || c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29 || c === 0x2f || c === 0xa0 || c === 0x2013;
const CURRENCY = new Set(['$', '€', '£', '₽', '¥', '₹']);

/** A run of digit groups: each group's digits (letters read as the digits they imitate). */
type Candidate = { groups: string[]; seps: string[]; real: number; plus: boolean; end: number };

const asDigit = (ch: string) => (ch === 'o' ? '0' : ch === 'l' || ch === 'i' || ch === '|' ? '1' : ch);

/** Reads digit groups and short separators from `i`; letter-digits only between real groups. */
function readCandidate(s: string, i: number): Candidate {
  const c: Candidate = { groups: [], seps: [], real: 0, plus: false, end: i };
  if (s[i] === '+') {
    c.plus = true;
    i++;
  }
  let pendingSep = '';
  let tentative = 0; // trailing groups made of letters only, dropped unless a real group follows
  while (i < s.length) {
    let j = i;
    let real = 0;
    let group = '';
    while (j < s.length && (isDigit(s.charCodeAt(j)) || letterDigit(s.charCodeAt(j)))) {
      if (isDigit(s.charCodeAt(j))) real++;
      group += asDigit(s[j]);
      j++;
    }
    // A group running into other letters is part of a word ("10lbs", "oil"): the number ends before it.
    if (j === i || isWordChar(s, j) || (real === 0 && (c.groups.length === 0 || j - i > 2))) break;
    if (c.groups.length > 0) c.seps.push(pendingSep);
    c.groups.push(group);
    c.real += real;
    tentative = real === 0 ? tentative + 1 : 0;
    c.end = j;
    let k = j;
    while (k < s.length && k - j < 3 && isSeparator(s.charCodeAt(k))) k++;
    if (k === j || k >= s.length) break;
    pendingSep = s.slice(j, k);
    i = k;
  }
  if (tentative > 0) {
    c.groups.length -= tentative;
    c.seps.length = Math.max(0, c.groups.length - 1);
  }
  return c;
}

/** Shapes of numbers readers write that are not phone numbers: dates, year ranges, amounts, addresses. */
function isOtherNumber(c: Candidate): boolean {
  const g = c.groups.map((x) => x.length);
  // An IPv4 address ("203.0.113.9"): four groups of at most three digits, each at most 255, dotted.
  if (g.length === 4 && c.seps.every((x) => x === '.') && c.groups.every((x) => x.length <= 3 && Number(x) <= 255))
    return true;
  // Day, month, year: "12.03.2017", "12/03/17", "12 03 2017".
  if (g.length === 3 && g[0] <= 2 && g[1] <= 2 && (g[2] === 2 || g[2] === 4)) return true;
  if (g.length >= 2 && g.every((n) => n === 4)) return true; // "2016-2017", "1999 2004 2008"
  // Round thousands ("465 000", "1000000000 views") are amounts.
  if (/0000$/.test(c.groups.join('')) || c.groups.some((x, i) => i > 0 && /^000+$/.test(x))) return true;
  // "1 234 567" is a number; "0 800 123 456" (a French free number) starts with the trunk prefix.
  const thousands = g.length >= 2 && g[0] <= 3 && c.groups[0][0] !== '0' && g.slice(1).every((n) => n === 3);
  return thousands && c.seps.every((x) => x === c.seps[0] && x.length === 1 && x !== '-');
}

function isPhoneShape(c: Candidate): boolean {
  const g = c.groups.map((x) => x.length);
  const digits = g.reduce((a, b) => a + b, 0);
  if (c.real < 5 || digits > 15 || isOtherNumber(c)) return false;
  // Seven digits only in the local form "555-1234"; shorter runs are amounts and ranges.
  if (digits < 8) return digits === 7 && g.length === 2 && g[0] === 3 && c.seps[0] === '-';
  if (g.length === 1) return digits >= 10 || c.plus;
  return c.plus || g.length <= 6 || g.every((n) => n <= 2);
}

/** Where a link starts: numbers inside links are dates and ids, not phone numbers. */
const startsLink = (s: string, i: number) =>
  (s.startsWith('http', i) || s.startsWith('www.', i)) && !isWordChar(s, i - 1);

/** Phone numbers: +country codes, grouped, spaced-out or with letters for digits. */
export function findPhones(s: string): Found[] {
  const out: Found[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if ((ch === 0x68 || ch === 0x77) && startsLink(s, i)) {
      while (i < s.length && s.charCodeAt(i) > 0x20) i++;
      continue;
    }
    const starts = isDigit(ch) || ((ch === 0x2b || ch === 0x28) && isDigit(s.charCodeAt(i + 1)));
    // After "/" or "=" digits are a path or a query's value.
    if (!starts || isWordChar(s, i - 1) || s[i - 1] === '/' || s[i - 1] === '=') {
      i++;
      continue;
    }
    const c = readCandidate(s, ch === 0x28 ? i + 1 : i);
    const before = s.slice(Math.max(0, i - 2), i);
    const money = [...before].some((x) => CURRENCY.has(x)) || CURRENCY.has(s[c.end] ?? '') || s[c.end] === '%';
    if (!money && isPhoneShape(c)) {
      const spaced = c.groups.filter((x) => x.length === 1).length >= 5;
      out.push({ at: i, disguised: spaced || c.real < c.groups.join('').length });
    }
    i = Math.max(c.end, i + 1);
    while (i < s.length && isWordChar(s, i)) i++;
  }
  return out;
}

const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
// Address and handle characters, as the skeleton has them (lower case).
const isLocal = (c: number) =>
  isLower(c) || isDigit(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
const isLabel = (c: number) => isLower(c) || isDigit(c) || c === 0x2d;
const isHandle = (c: number) => isLower(c) || isDigit(c) || c === 0x5f || c === 0x2e;
/** Mail services whose name alone says "an address" ("name@gmail"). */
export const MAIL_PROVIDERS = new Set(
  'gmail googlemail yahoo ymail hotmail outlook live msn aol icloud me protonmail proton gmx yandex mail inbox bk list rambler orange free laposte wanadoo sfr web ukr'.split(
    ' ',
  ),
);

/** The domain after an "@" at `i`: its labels, with up to one space around each dot when `spaced`. */
function readDomain(s: string, i: number, spaced: boolean): { labels: string[]; end: number } {
  const labels: string[] = [];
  let j = i;
  while (j < s.length) {
    const start = j;
    while (j < s.length && isLabel(s.charCodeAt(j))) j++;
    if (j === start) break;
    labels.push(s.slice(start, j));
    let k = j;
    if (spaced && s[k] === ' ') k++;
    if (s[k] !== '.') break;
    k++;
    if (spaced && s[k] === ' ') k++;
    if (!isLabel(s.charCodeAt(k))) break;
    j = k;
  }
  return { labels, end: j };
}

/** Bracketed stand-ins for "@" and "." ("name (at) mail [dot] com", French "arobase", Russian "собака"). */
const AT_WORDS = ['at', 'arobase', skeleton('собака')];
const DOT_WORDS = ['dot', 'point', skeleton('точка')];
const AT_WORD = new RegExp(`[([{<] {0,3}(?:@|${AT_WORDS.join('|')}) {0,3}[)\\]}>]`, 'g');
const DOT_WORD = new RegExp(`[([{<] {0,3}(?:${DOT_WORDS.join('|')}) {0,3}[)\\]}>]`, 'g');

/** E-mail addresses, also spelled out, spaced out, or with only the provider's name after the "@". */
export function findEmails(s: string): { emails: Found[]; handles: Handle[] } {
  const emails: Found[] = [];
  const handles: Handle[] = [];
  let t = s;
  let marked = false;
  if (t.includes('(') || t.includes('[') || t.includes('{') || t.includes('<')) {
    const u = t.replace(AT_WORD, '@').replace(DOT_WORD, '.');
    marked = u !== t;
    t = u;
  }
  for (let at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
    // "name @ mail.com" is spaced on both sides; "thanks @name.surname" is a handle.
    const spacedAt = t[at - 1] === ' ' && t[at + 1] === ' ';
    let l = spacedAt ? at - 1 : at;
    const localEnd = l;
    while (l > 0 && isLocal(t.charCodeAt(l - 1)) && localEnd - l < 64) l--;
    const r = spacedAt ? at + 2 : at + 1;
    const d = readDomain(t, r, spacedAt);
    const tld = d.labels.length >= 2 ? d.labels[d.labels.length - 1] : '';
    const isDomain = /^[a-z]{2,}$/.test(tld) || MAIL_PROVIDERS.has(d.labels[0] ?? '');
    if (l < localEnd && isDomain) {
      emails.push({ at: l, disguised: marked || spacedAt });
      continue;
    }
    // "@name" at a word's start is a handle: a reply to another reader, or an account elsewhere.
    if (l === localEnd && localEnd === at) {
      let e = at + 1;
      let letters = 0;
      while (e < t.length && isHandle(t.charCodeAt(e)) && e - at <= 32) {
        if (isLower(t.charCodeAt(e))) letters++;
        e++;
      }
      while (e > at + 1 && t[e - 1] === '.') e--;
      if (e - at > 2 && letters > 0) handles.push({ at, name: t.slice(at + 1, e) });
    }
  }
  return { emails, handles };
}

/**
 * Addresses spelled out in plain words: "name at gmail dot com", "name arobase orange point fr".
 * Only with a mail service's name: "a t-shirt at gop dot com" names a website. The index of
 * the address's first word, or -1.
 */
export function spelledEmail(words: readonly string[]): number {
  for (let i = 1; i + 3 < words.length; i++) {
    if (!AT_WORDS.includes(words[i]) || !MAIL_PROVIDERS.has(words[i + 1])) continue;
    if (DOT_WORDS.includes(words[i + 2]) && /^(?:com|net|org|ru|fr|io|co|uk|de)$/.test(words[i + 3])) return i - 1;
  }
  return -1;
}

/** Links that open a private chat or a channel: Telegram, WhatsApp, Signal, Viber, Messenger. */
const CHAT_HOSTS = ['t.me/', 'telegram.me/', 'telegram.dog/', 'wa.me/', 'whatsapp.com/', 'signal.me/', 'm.me/'];
export function findChatLinks(s: string): Found[] {
  const out: Found[] = [];
  if (!s.includes('/')) return out;
  for (const host of CHAT_HOSTS) {
    for (let at = s.indexOf(host); at >= 0; at = s.indexOf(host, at + 1)) {
      const before = s.charCodeAt(at - 1);
      // "t.me/" inside "chat.me/x" is another host; after "//", "." or a space it is the host itself.
      if (at > 0 && (isAsciiAlnum(before) || before === 0x2d)) continue;
      // A chat's name, or "+" for a private group's invitation.
      if (isWordChar(s, at + host.length) || s[at + host.length] === '+') out.push({ at, disguised: false });
    }
  }
  return out;
}
