import { franc } from 'franc-min';
import type { Check } from '../check.ts';

// ISO 639-1 (what sites configure) → ISO 639-3 (what franc answers), for the languages franc-min knows
// that newsrooms most often publish in. Unlisted codes simply never match.
const ISO3: Record<string, string> = {
  en: 'eng', fr: 'fra', ru: 'rus', de: 'deu', es: 'spa', pt: 'por', it: 'ita', nl: 'nld', pl: 'pol', uk: 'ukr',
  tr: 'tur', ar: 'arb', zh: 'cmn', ja: 'jpn', ko: 'kor', hi: 'hin', id: 'ind', vi: 'vie', ro: 'ron', sv: 'swe',
  cs: 'ces', hu: 'hun', el: 'ell', fa: 'pes', he: 'heb', bn: 'ben', th: 'tha', ms: 'zlm', sw: 'swh', az: 'azj',
};
const NAMES: Record<string, string> = {
  eng: 'English', fra: 'French', rus: 'Russian', deu: 'German', spa: 'Spanish', por: 'Portuguese', ita: 'Italian', nld: 'Dutch',
  pol: 'Polish', ukr: 'Ukrainian', tur: 'Turkish', arb: 'Arabic', cmn: 'Chinese', jpn: 'Japanese', kor: 'Korean', hin: 'Hindi',
  ind: 'Indonesian', vie: 'Vietnamese', ron: 'Romanian', swe: 'Swedish', ces: 'Czech', hun: 'Hungarian', ell: 'Greek', pes: 'Persian',
  heb: 'Hebrew', ben: 'Bengali', tha: 'Thai', zlm: 'Malay', swh: 'Swahili', azj: 'Azerbaijani',
};
/** Besides the site's own, the languages comment spam most often comes in. A few candidates keep detection cheap. */
const USUAL = ['eng', 'spa', 'por', 'rus', 'fra'];
/** Shorter texts are "unknown": a few words say little about a language. */
const MIN_LETTERS = 40;
const LINKISH = /\S*(?:https?:\/\/|www\.|@)\S*/gi;

const candidates = new Map<string, string[]>();
function candidatesFor(expected: readonly string[]): string[] {
  const key = expected.join(',');
  let c = candidates.get(key);
  if (!c) candidates.set(key, (c = [...new Set([...expected, ...USUAL])]));
  return c;
}

/** The language a text is written in (ISO 639-3), or null when it cannot tell. */
export function detectLanguage(text: string, expected: readonly string[]): string | null {
  const letters = text.replace(LINKISH, ' ');
  if ((letters.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return null;
  const lang = franc(letters.slice(0, 200), { only: candidatesFor(expected), minLength: MIN_LETTERS });
  return lang === 'und' ? null : lang;
}

/** A comment clearly written in a language the site does not publish in adds to the score. */
export const language: Check = {
  name: 'language',
  run(ctx) {
    const wanted = (ctx.languages.length ? ctx.languages : [ctx.siteLang]).map((l) => ISO3[l.slice(0, 2).toLowerCase()]).filter(Boolean);
    if (!wanted.length) return null;
    const found = detectLanguage(ctx.body, wanted);
    if (!found || wanted.includes(found)) return null;
    const names = wanted.map((w) => NAMES[w] ?? w).join(' or ');
    return { score: 2, reason: `written in ${NAMES[found] ?? found}; this site expects ${names}` };
  },
};
