// One pass over a comment that sorts its words for the praise check: compliments, mentions of
// the post or the blog, the blog-reader's routine, plain words, and what is left: the words that
// carry content. It also counts what only someone who read the page writes: names, numbers,
// quotations and words of the page's title or address.
import type { CheckContext, SpamPage } from '../check.ts';
import { unmixed } from '../unmixed.ts';
import { DISAPPROVAL, kindOf, PHRASE_ENDS, PHRASE_KINDS, POST, PRAISE, ROUTINE } from './praise-words.ts';

export type PraiseReading = {
  words: number;
  praise: number;
  post: number;
  routine: number;
  disapproval: number;
  /** Words of three letters or more that no list knows: what the comment is about. */
  content: number;
  /** Capitalized words inside a sentence that no list knows: people, places, institutions. */
  names: number;
  numbers: number;
  /** Quotations of three words or more. */
  quotations: number;
  /** Content words the page's title or address also has; null when the page is unknown. */
  onPage: number | null;
  /** Words addressing the reader of the comment: "you", "votre", "ваш". */
  you: number;
};

/** The second person in English, French and Russian, as the reader sorts words (lowercase, split at apostrophes). */
const YOU = new Set(
  'you your yours yourself yourselves u ur vous votre vos tu ton ta tes toi вы вас вам вами ваш ваша ваше ваши вашего вашей вашу вашим ты тебя тебе твой твоя твоё твое твои'.split(
    ' ',
  ),
);

/**
 * Words that undo the next compliment ("not a good person", "pas un bon article", "не лучшая
 * статья"): a compliment one or two words after one does not count. Words are split at
 * apostrophes, so "isn't" ends in "t".
 */
const NEGATION = new Set('not no never t nothing hardly nor pas jamais ni guère rien не ни нет никогда'.split(' '));

const WORD = /[\p{L}\p{M}]+|\p{N}+/gu;
const LINK_RUN = /(?:https?:\/\/|www\.)\S*/gi;
const HAS_LINK = /https?:\/\/|www\./i;
const DIGIT = /^\p{N}/u;
/** Ends a sentence: the next word's capital letter is the sentence's, not a name's. */
const SENTENCE_END = new Set(['.', '!', '?', '…', '\n', '¡', '¿', ':', ';', '•', '-', '–', '—', '(', '[', '*']);
const QUOTE = new Set(['"', '“', '”', '«', '»', '„', '‟']);
/** The page's title and address are read up to here: a title is short, and the comment is what costs. */
const PAGE_CHARS = 1000;

/** A word's key for comparing with the page: its first five letters, enough to match most inflections. */
const key = (w: string) => (w.length > 5 ? w.slice(0, 5) : w);

/** The content words of the page's title and of its address's path, as keys. */
export function pageKeys(page: SpamPage): Set<string> | null {
  if (!page.title && !page.url) return null;
  const keys = new Set<string>();
  let path = '';
  if (page.url) {
    const u = page.url.slice(0, PAGE_CHARS);
    // The host is the site's name, the same for every page: only the path says what the page is about.
    const start = u.indexOf('/', u.indexOf('//') + 2);
    path = start < 0 ? '' : u.slice(start);
  }
  for (const text of [page.title?.slice(0, PAGE_CHARS) ?? '', path]) {
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
      const w = m[0].toLowerCase();
      if (w.length >= 4 && !DIGIT.test(w) && kindOf(w) === 0) keys.add(key(w));
    }
  }
  return keys;
}

/** What may follow a closing quotation mark to make it a signature: "by Name", "— Name", "par Name" (capitalized words only). */
const TAGLINE_TAIL = /^\s*(?:by|par|—|–|-)\s*\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*){0,4}$/u;
const OPENING = ['“', '"', '«', '„'];
const CLOSING = ['”', '"', '»', '“'];
/** A signature is a short name after the quotation: only the end of the comment is searched for it. */
const TAIL_CHARS = 80;

/**
 * The comment without a famous saying signed at its end (“Time is money.” by Benjamin Franklin):
 * a saying copied under any post says nothing about this one, so it is not a quotation of the page.
 */
export function withoutTagline(text: string): string {
  const t = text.trimEnd();
  let close = -1;
  for (const c of CLOSING) close = Math.max(close, t.lastIndexOf(c, t.length - 1));
  if (close < 0 || t.length - close > TAIL_CHARS || !TAGLINE_TAIL.test(t.slice(close + 1))) return text;
  let open = -1;
  for (const c of OPENING) open = Math.max(open, t.lastIndexOf(c, close - 1));
  return open < 0 ? text : t.slice(0, open);
}

/** Reads a comment; `found` collects the compliment's words (a moderator's explanation), when given. */
export function readPraise(raw: string, page: SpamPage, found?: string[]): PraiseReading {
  // Words disguised in two scripts ("grеat pоst") are read as what they say.
  const body = unmixed(raw);
  const text = withoutTagline(HAS_LINK.test(body) ? body.replace(LINK_RUN, ' ') : body);
  const onPageKeys = pageKeys(page);
  const r: PraiseReading = {
    words: 0,
    praise: 0,
    post: 0,
    routine: 0,
    disapproval: 0,
    content: 0,
    names: 0,
    numbers: 0,
    quotations: 0,
    onPage: onPageKeys ? 0 : null,
    you: 0,
  };
  let sentenceStart = true;
  let quoteWords = -1;
  let end = 0;
  let prev = '';
  let prev2 = '';
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    for (let i = end; i < m.index; i++) {
      const c = text[i];
      if (SENTENCE_END.has(c)) sentenceStart = true;
      else if (QUOTE.has(c)) {
        if (quoteWords >= 3) r.quotations++;
        quoteWords = quoteWords < 0 ? 0 : -1;
      }
    }
    end = m.index + m[0].length;
    const raw = m[0];
    const w = raw.toLowerCase();
    r.words++;
    if (quoteWords >= 0) quoteWords++;
    if (DIGIT.test(w)) {
      r.numbers++;
      sentenceStart = false;
      prev2 = prev;
      prev = w;
      continue;
    }
    if (YOU.has(w)) r.you++;
    let kind = kindOf(w);
    if (PHRASE_ENDS.has(w))
      kind |= (PHRASE_KINDS.get(`${prev} ${w}`) ?? 0) | (PHRASE_KINDS.get(`${prev2} ${prev} ${w}`) ?? 0);
    if (found && found.length < 8 && kind & (PRAISE | POST | ROUTINE) && !found.includes(w)) found.push(w);
    // A negated compliment is none ("not a good person"). Not disapproval either: spun praise
    // tells of "advice that was not helpful" before the blog's.
    if (kind & PRAISE && (NEGATION.has(prev) || NEGATION.has(prev2))) kind &= ~PRAISE;
    if (kind & PRAISE) r.praise++;
    if (kind & POST) r.post++;
    if (kind & ROUTINE) r.routine++;
    if (kind & DISAPPROVAL) r.disapproval++;
    if (kind === 0 && w.length >= 3) {
      r.content++;
      if (!sentenceStart && raw !== w) r.names++;
      if (onPageKeys?.has(key(w))) r.onPage!++;
    } else if (kind === 0 && !sentenceStart && raw.length >= 2 && raw === raw.toUpperCase() && raw !== w) r.names++;
    sentenceStart = false;
    prev2 = prev;
    prev = w;
  }
  return r;
}

// The praise and blog-talk checks read the same comment the same way: it is read once per comment.
const readings = new WeakMap<CheckContext, PraiseReading>();

/** The comment's reading, made on the first check's call and shared with the next. */
export function readingOf(ctx: CheckContext): PraiseReading {
  let r = readings.get(ctx);
  if (!r) {
    r = readPraise(ctx.body, ctx.page);
    readings.set(ctx, r);
  }
  return r;
}
