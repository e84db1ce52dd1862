import type { Check, CheckContext } from '../check.ts';
import {
  CALL_WORDS,
  CHEAP_TLD_SET,
  COMMERCE_WORDS,
  COUNTRY_SECOND_SET,
  DESCRIPTOR_WORDS,
  HOST_WORDS,
  JOINER_WORDS,
  LONGEST_HOST_WORD,
  LOUD_WORDS,
  ORDER_WORDS,
  PERSON_NOUN_WORDS,
  PERSONAL_HOST_SET,
  PHRASE_GLUE_WORDS,
  SHORTENER_SET,
} from './author-words.ts';
import { countLinks } from './links.ts';

const NAME_WORD = /[\p{L}\p{M}]+|\p{N}+/gu;
const DIGITS = /^\p{N}+$/u;
const SCHEME_OR_WWW = /^(?:https?:\/\/|www\.)/i;
/** Endings that make "word.ending" a web address rather than initials ("J.Smith", "Mr.Bean"). */
const NAME_TLDS = new Set(
  'com net org info biz io co me us uk ca au de fr ru es it nl pl in br eu xyz online site shop store club top tv cc'.split(
    ' ',
  ),
);

/** A name that is a web address: a scheme, "www.", or no spaces and a dot before a usual domain ending. */
function isAddress(name: string): boolean {
  if (SCHEME_OR_WWW.test(name)) return true;
  if (/\s/.test(name)) return false;
  const dot = name.lastIndexOf('.', name.endsWith('/') ? name.length - 2 : name.length - 1);
  if (dot <= 0) return false;
  return NAME_TLDS.has(
    name
      .slice(dot + 1)
      .replace(/\/$/, '')
      .toLowerCase(),
  );
}
/**
 * Endings of English, French and Russian abstract nouns no one is named by ("Accommodation",
 * "Psychology", "Formation", "Образование"): a word so ending counts as a keyword.
 */
const COMMON_NOUN_END = /(?:[st]ion|ology|ologie|ование|ение|ция)$/u;
/** Names longer than this are not looked at word by word: no one's name is, and anchor text is short. */
const NAME_CHARS = 100;

/** Why a name reads as anchor text (a keyword phrase or a web address), or null when it reads as a person's. */
export function anchorText(name: string): string | null {
  const n = name.trim();
  if (!n || n.length > NAME_CHARS) return null;
  if (isAddress(n)) return 'the name is a web address';
  const words: string[] = [];
  let glued = false;
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(n); m; m = NAME_WORD.exec(n)) {
    const w = m[0].toLowerCase();
    if (PHRASE_GLUE_WORDS.has(w)) glued = true;
    // Numbers ("1950s fashion", "seo 2024"), stray letters and small words neither make nor unmake
    // a keyword phrase.
    else if (w.length > 1 && !DIGITS.test(w) && !JOINER_WORDS.has(w)) words.push(w);
  }
  if (!words.length) return null;
  if (words.length >= 2 && ORDER_WORDS.has(words[0])) return `the name is an order ("${n}")`;
  if (/\s/.test(n) && words.some((w) => CALL_WORDS.has(w))) return `the name asks to be clicked ("${n}")`;
  // Nobody types their own name as three words and more in lowercase: search words are typed so.
  if (words.length >= 3 && n === n.toLowerCase() && n !== n.toUpperCase())
    return `the name is a keyword phrase ("${n}")`;
  if (words.some((w) => PERSON_NOUN_WORDS.has(w))) return null;
  const sold = words.filter((w) => COMMERCE_WORDS.has(w) || COMMON_NOUN_END.test(w)).length;
  // A describing word ("Latest Technology", "Modern Sofa") is a keyword beside a keyword; alone
  // it could be anyone's name ("Pro", "King").
  const known = sold
    ? words.filter((w) => COMMERCE_WORDS.has(w) || COMMON_NOUN_END.test(w) || DESCRIPTOR_WORDS.has(w)).length
    : 0;
  if (known === words.length) return `the name is a keyword phrase ("${n}")`;
  // Half keywords is a phrase when nobody would write it as a name: in lowercase ("mental health",
  // "drywall repair"), three words and more, or tied with English small words ("Law and Legal").
  // Two capitalized words are a name ("Loan Nguyen"). A handle ("ron.holiday", "sunny_money") is
  // one word to its owner, not a phrase.
  // What is sold in the plural ("Seafood Restaurants", "Vinyl Windows") is a shop, not a surname.
  const plural = words.some((w) => w.length >= 5 && w.endsWith('s') && COMMERCE_WORDS.has(w));
  const phrase = /\s/.test(n) && (words.length >= 3 || glued || plural || n === n.toLowerCase());
  return words.length >= 2 && phrase && 2 * known >= words.length ? `the name is a keyword phrase ("${n}")` : null;
}

/** The host and path of a website as typed (Akismet clients may send it without a scheme); null when unreadable. */
function parseWebsite(website: string): URL | null {
  const w = website.trim();
  if (!w) return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(w) ? w : `http://${w}`);
  } catch {
    return null;
  }
}

/** How much of a label (letters only) is covered by host words, in how many, and the longest of them. */
export function keywordCover(label: string): { covered: number; letters: number; words: number; longest: number } {
  const s = label.replace(/[^a-z]+/g, '');
  const n = s.length;
  const covered = new Array<number>(n + 1).fill(0);
  const words = new Array<number>(n + 1).fill(0);
  const longest = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    covered[i] = covered[i - 1];
    words[i] = words[i - 1];
    longest[i] = longest[i - 1];
    for (let len = 3; len <= Math.min(LONGEST_HOST_WORD, i); len++) {
      if (covered[i - len] + len <= covered[i] || !HOST_WORDS.has(s.slice(i - len, i))) continue;
      covered[i] = covered[i - len] + len;
      words[i] = words[i - len] + 1;
      longest[i] = Math.max(longest[i - len], len);
    }
  }
  return { covered: covered[n], letters: n, words: words[n], longest: longest[n] };
}

type HostReading = {
  points: number;
  why: string[];
  /** Whether the site could be the commenter's own (not a platform's page or a shortener): then it may carry their name. */
  ownable?: boolean;
};

/** The name a host was registered under: "shop" in www.shop.co.uk, "example" in a.b.example.com. */
function registeredLabel(labels: readonly string[]): string {
  const n = labels.length;
  if (n >= 3 && labels[n - 1].length === 2 && COUNTRY_SECOND_SET.has(labels[n - 2])) return labels[n - 3];
  return n >= 2 ? labels[n - 2] : labels[0];
}

/** What makes a website look bought for selling or for links, with a point or half a point each. */
export function readHost(url: URL): HostReading {
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const labels = host.split('.');
  const tail = labels.slice(-2).join('.');
  const why: string[] = [];
  let points = 0;
  if (SHORTENER_SET.has(host)) return { points: 1, why: ['a link shortener hides where it goes'], ownable: false };
  if (/[?&][a-z_]*=(?:https?:|%2f|www\.)/i.test(url.search) || /\/https?:/i.test(url.pathname)) {
    points += 1;
    why.push('it redirects to another address');
  }
  // A page of one's own on a blogging or social platform is what readers give: its host says nothing.
  if (PERSONAL_HOST_SET.has(host) || PERSONAL_HOST_SET.has(tail)) return { points, why, ownable: false };
  const label = registeredLabel(labels);
  const loud = LOUD_WORDS.find((w) => host.includes(w));
  const cover = keywordCover(label);
  if (loud) {
    points += 1;
    why.push(`"${loud}" in its name`);
  } else if (cover.words >= 2 && cover.longest >= 5 && cover.covered >= 0.8 * cover.letters) {
    points += 1;
    why.push(`its name is glued from keywords (${label})`);
  }
  const hyphens = label.split('-').length - 1;
  if (hyphens >= 2) {
    points += hyphens >= 3 ? 1 : 0.5;
    why.push(`${hyphens} hyphens in its name`);
  }
  if (/\p{N}/u.test(label) && /[a-z]/.test(label)) {
    points += 0.5;
    why.push('digits mixed into its name');
  }
  if (/^[^aeiou]{5,}$/.test(label.replace(/[^a-z]+/g, ''))) {
    points += 0.5;
    why.push('its name is letters without a vowel');
  }
  if (CHEAP_TLD_SET.has(labels[labels.length - 1])) {
    points += 0.5;
    why.push(`the .${labels[labels.length - 1]} domain`);
  }
  if (!url.search && /^\/(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{4,8}\/?$/i.test(url.pathname)) {
    points += 1;
    why.push('a short random path, as link shorteners give');
  }
  if (
    /\/(?:users?|members?|profile|itemlist\/user)(?:[/.?]|\.php)/i.test(url.pathname) ||
    /[?&]task=user\b/i.test(url.search)
  ) {
    points += 0.5;
    why.push('a user profile on a site not the author’s');
  } else if (/[?&][a-z_]*id=\d/i.test(url.search)) {
    // A page picked out by its number in a script's query: a comment or a listing, not someone's home page.
    points += 0.5;
    why.push('a numbered page of a script, not a home page');
  }
  return { points: Math.min(2, points), why, ownable: true };
}

const CYRILLIC: Record<string, string> = Object.fromEntries(
  'а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya'
    .split(' ')
    .map((pair) => pair.split(':')),
);
/** A name as it is typed into an address: lowercase Latin letters, Cyrillic spelled out, accents dropped. */
function addressLetters(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[а-яё]/g, (c) => CYRILLIC[c] ?? '')
    .replace(/[^a-z]/g, '');
}

/**
 * Whether a person's website carries something of their name: their own domain, a handle, a
 * family business. A link seller signs with a made-up name and points at someone else's site.
 * Names of fewer than three letters per word say too little to compare.
 */
export function websiteCarriesName(name: string, url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const where = `${host} ${url.pathname.toLowerCase()}`.replace(/[^a-z]/g, '');
  const whole = addressLetters(name);
  let compared = false;
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(name); m; m = NAME_WORD.exec(name)) {
    const w = addressLetters(m[0]);
    if (w.length < 3) continue;
    compared = true;
    if (where.includes(w.length > 5 ? w.slice(0, 5) : w)) return true;
  }
  const label = registeredLabel(host.split('.')).replace(/[^a-z]/g, '');
  return !compared || (label.length >= 4 && whole.includes(label));
}

// Spam runs repeat their hosts: each website is read once per few hundred.
const hostCache = new Map<string, (HostReading & { url: URL }) | null>();
function hostOf(website: string): (HostReading & { url: URL }) | null {
  let r = hostCache.get(website);
  if (r !== undefined) return r;
  const url = parseWebsite(website);
  r = url ? { ...readHost(url), url } : null;
  if (hostCache.size >= 500) hostCache.clear();
  hostCache.set(website, r);
  return r;
}

function linked(ctx: CheckContext): boolean {
  return !!ctx.website?.trim() || countLinks(ctx.body) > 0;
}

/**
 * The commenter's name and website, read as a link seller fills them in: a keyword phrase or a
 * web address as the name with a website to point it at (3 points: a hold on its own), and a
 * website whose address looks bought for its keywords or hidden behind a shortener or a redirect
 * (up to 2). At most 3 together: enough to hold a comment for a moderator, never to call it spam
 * alone, since local businesses and people with keyword-like names exist.
 */
export const authorFields: Check = {
  name: 'author-fields',
  wording: true,
  explained:
    'whether your name reads as advertising text and whether your website’s address looks like one bought for advertising',
  run(ctx) {
    const anchor = linked(ctx) ? anchorText(ctx.name) : null;
    const host = ctx.website ? hostOf(ctx.website) : null;
    const stranger = !anchor && !!host?.ownable && !websiteCarriesName(ctx.name, host.url);
    const points = (anchor ? 3 : 0) + (host?.points ?? 0) + (stranger ? 1.5 : 0);
    if (points === 0) return null;
    const why = [
      ...(anchor ? [`${anchor} with a link to point it at`] : []),
      ...(host?.points ? host.why : []),
      ...(stranger ? ['the website carries nothing of the name'] : []),
    ];
    return { score: Math.min(3, points), reason: why.join('; ') };
  },
};
