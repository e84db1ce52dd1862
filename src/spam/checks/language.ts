import { franc } from 'franc-min';
import type { Check } from '../check.ts';

// ISO 639-1 (what sites configure) → ISO 639-3 (what franc answers), for the languages franc-min knows
// that newsrooms most often publish in. Unlisted codes simply never match.
const ISO3: Record<string, string> = {
  en: 'eng',
  fr: 'fra',
  ru: 'rus',
  de: 'deu',
  es: 'spa',
  pt: 'por',
  it: 'ita',
  nl: 'nld',
  pl: 'pol',
  uk: 'ukr',
  tr: 'tur',
  ar: 'arb',
  zh: 'cmn',
  ja: 'jpn',
  ko: 'kor',
  hi: 'hin',
  id: 'ind',
  vi: 'vie',
  ro: 'ron',
  sv: 'swe',
  cs: 'ces',
  hu: 'hun',
  el: 'ell',
  fa: 'pes',
  he: 'heb',
  bn: 'ben',
  th: 'tha',
  ms: 'zlm',
  sw: 'swh',
  az: 'azj',
};
const NAMES: Record<string, string> = {
  eng: 'English',
  fra: 'French',
  rus: 'Russian',
  deu: 'German',
  spa: 'Spanish',
  por: 'Portuguese',
  ita: 'Italian',
  nld: 'Dutch',
  pol: 'Polish',
  ukr: 'Ukrainian',
  tur: 'Turkish',
  arb: 'Arabic',
  cmn: 'Chinese',
  jpn: 'Japanese',
  kor: 'Korean',
  hin: 'Hindi',
  ind: 'Indonesian',
  vie: 'Vietnamese',
  ron: 'Romanian',
  swe: 'Swedish',
  ces: 'Czech',
  hun: 'Hungarian',
  ell: 'Greek',
  pes: 'Persian',
  heb: 'Hebrew',
  ben: 'Bengali',
  tha: 'Thai',
  zlm: 'Malay',
  swh: 'Swahili',
  azj: 'Azerbaijani',
};
/** Besides the site's own, the languages comment spam most often comes in. A few candidates keep detection cheap. */
const USUAL = ['eng', 'spa', 'por', 'rus', 'fra'];
/** Shorter texts are "unknown": a few words say little about a language. */
const MIN_LETTERS = 40;
/** Words holding a link or an address are not language; tested word by word so the cost stays linear. */
const LINKISH = /https?:\/\/|www\.|@/i;
const WORD_RUN = /\S+/g;

/** The text with every whitespace-delimited word that holds a link or an address replaced by a space. */
function withoutLinks(text: string): string {
  if (!LINKISH.test(text)) return text;
  return text.replace(WORD_RUN, (word) => (LINKISH.test(word) ? ' ' : word));
}

const candidates = new Map<string, string[]>();
function candidatesFor(expected: readonly string[]): string[] {
  const key = expected.join(',');
  let c = candidates.get(key);
  if (!c) {
    c = [...new Set([...expected, ...USUAL])];
    candidates.set(key, c);
  }
  return c;
}

// The most frequent short words of some languages: a text full of one language's words (and not
// another's) is that language, and trigram detection, which costs more than every other check
// together, can be skipped. Anything less clear still goes to franc.
const COMMON: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    eng: 'the and to of a in is that it for on was with as this be are not but have they you at he his by from we or an will would there their what about which if has been more all who one so can our than were its do',
    fra: 'le la les de des du un une et est que qui en dans pour pas sur au aux il elle nous vous ils ce cette ces avec mais ou plus sont été par son sa ses leur on ne se je tout comme fait être a y',
    rus: 'и в не на что с по это как к но он она они мы вы я из у за от о же так все для был была было были его её их то бы только уже или да нет если при когда этот эта эти',
    deu: 'der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als wie bei aus er sie wir ihr nach wird noch aber oder sind hat war durch',
    spa: 'el la los las de del y que en un una es por con no para se su al lo como más pero sus le ya o este esta sí porque muy sin sobre también fue ha son está hay',
    por: 'o a os as de do da dos das e que em um uma é para com não no na por mais se como mas ao foi ele ela seu sua ou ser quando muito há nos já está também',
    ita: 'il lo la i gli le di del della e che è un una per non in con su da al sono si ma come anche più questo questa ha ci se nel nella dei alla era essere loro',
  }).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

// Each common word with the languages it belongs to, as bits of one number (LANGS order).
const LANGS = Object.keys(COMMON);
const WORD_LANGS = new Map<string, number>();
LANGS.forEach((lang, i) => {
  for (const w of COMMON[lang]) WORD_LANGS.set(w, (WORD_LANGS.get(w) ?? 0) | (1 << i));
});
const WORD_RE = /\p{L}+/gu;

/** The expected language when the text's common words say so unmistakably, else null. */
function byCommonWords(text: string, expected: readonly string[], candidates: readonly string[]): string | null {
  const hits = new Array<number>(LANGS.length).fill(0);
  let total = 0;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) {
    total++;
    const bits = WORD_LANGS.get(m[0].toLowerCase());
    if (bits) for (let i = 0; i < LANGS.length; i++) if (bits & (1 << i)) hits[i]++;
  }
  for (const lang of expected) {
    const at = LANGS.indexOf(lang);
    const mine = at < 0 ? 0 : hits[at];
    if (mine < 4 || mine < total * 0.2) continue;
    let rival = 0;
    for (let i = 0; i < LANGS.length; i++)
      if (i !== at && candidates.includes(LANGS[i])) rival = Math.max(rival, hits[i]);
    if (mine >= 2 * rival) return lang;
  }
  return null;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-16 units of letters; most comments are ASCII, counted without building a string. */
function letterCount(s: string): number {
  if (NON_ASCII.test(s)) return s.replace(/\P{L}+/gu, '').length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const lower = s.charCodeAt(i) | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) n++;
  }
  return n;
}

/** The language a text is written in (ISO 639-3), or null when it cannot tell. */
export function detectLanguage(text: string, expected: readonly string[]): string | null {
  const letters = withoutLinks(text);
  if (letterCount(letters) < MIN_LETTERS) return null;
  const candidates = candidatesFor(expected);
  const plain = byCommonWords(letters, expected, candidates);
  if (plain) return plain;
  const lang = franc(letters.slice(0, 200), { only: candidates, minLength: MIN_LETTERS });
  return lang === 'und' ? null : lang;
}

/** The site's languages as franc names them (ISO 639-3); those franc-min does not know are left out. */
export function expectedLanguages(languages: readonly string[], siteLang: string): readonly string[] {
  // Asked twice per comment (the engine, then this check) with the same settings' array.
  if (languages.length) {
    let found = expectedFor.get(languages);
    if (!found) {
      found = toIso3(languages);
      expectedFor.set(languages, found);
    }
    return found;
  }
  let found = expectedForSite.get(siteLang);
  if (!found) {
    if (expectedForSite.size >= 100) expectedForSite.clear();
    found = toIso3([siteLang]);
    expectedForSite.set(siteLang, found);
  }
  return found;
}
const expectedFor = new WeakMap<readonly string[], readonly string[]>();
const expectedForSite = new Map<string, readonly string[]>();
const toIso3 = (languages: readonly string[]): readonly string[] =>
  Object.freeze(languages.map((l) => ISO3[l.slice(0, 2).toLowerCase()]).filter(Boolean));

/** A comment clearly written in a language the site does not publish in adds to the score. */
export const language: Check = {
  name: 'language',
  wording: true,
  explained: 'whether the comment is written in a language this site publishes in',
  run(ctx) {
    const wanted = expectedLanguages(ctx.languages, ctx.siteLang);
    if (!wanted.length) return null;
    // The engine may have detected it already, off the serving thread (feature-pool.ts).
    const found = ctx.detectedLanguage !== undefined ? ctx.detectedLanguage : detectLanguage(ctx.body, wanted);
    if (!found || wanted.includes(found)) return null;
    const names = wanted.map((w) => NAMES[w] ?? w).join(' or ');
    return { score: 2, reason: `written in ${NAMES[found] ?? found}; this site expects ${names}` };
  },
};
