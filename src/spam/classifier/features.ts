// Text → sparse hashed feature vector for the spam classifier.
//
// The text is normalized (NFKC, lower case, format characters such as U+FEFF dropped) and
// links, e-mail addresses, phone numbers and long numbers become placeholder tokens, so the
// model learns "contains a link" rather than one spammer's URL. Features, each named by a
// namespace prefix:
//   w:  word and symbol-run unigrams        b:  word bigrams
//   c:  character 3–5-grams inside each word, with < > marking its edges (spelling variants)
//   h:  linked host names                   s:  structural facts (links, length, capitals…)
// Names are hashed with 32-bit FNV-1a over their UTF-8 bytes, xor-folded to DIM_BITS bits.
// Each group is scaled to a fixed L2 norm so long texts do not outweigh short ones.

export const DIM_BITS = 18;
export const DIM = 1 << DIM_BITS;

/** What else the classifier may know about a comment besides its text. */
export type TextExtras = {
  readonly authorUrl?: string | null;
  /** The page the comment was posted on (Akismet's `permalink`): a link back to it is no promotion. */
  readonly permalink?: string | null;
  /** What that page is about: its title, tags or categories (Akismet's `comment_context`). */
  readonly context?: string | null;
};

/** Sparse vector: ascending unique indices with their values. */
export type SparseVector = { readonly indices: Uint32Array; readonly values: Float32Array };
export type NamedFeature = { name: string; value: number; index: number; word?: number };

// Placeholders live in the Private Use Area, which real input never keeps (stripped below).
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

const FX = Object.fromEntries((process.env.PARLEY_FX ?? '').split(',').filter(Boolean).map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]));
const GROUP_NORM = { w: FX.w ?? 1, b: FX.b ?? 0.6, c: FX.c ?? 1, h: FX.h ?? 0.7, k: FX.k ?? 0, t: FX.t ?? 0 };
const POW = FX.pow ?? 0.5;
const CHAR_MIN = 3;
const CHAR_MAX = 5;

/** 32-bit FNV-1a over the UTF-8 encoding of `s`, xor-folded to DIM_BITS bits. */
export function hashFeature(s: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) byte(c);
    else if (c < 0x800) (byte(0xc0 | (c >> 6)), byte(0x80 | (c & 63)));
    else if (c < 0x10000) (byte(0xe0 | (c >> 12)), byte(0x80 | ((c >> 6) & 63)), byte(0x80 | (c & 63)));
    else (byte(0xf0 | (c >> 18)), byte(0x80 | ((c >> 12) & 63)), byte(0x80 | ((c >> 6) & 63)), byte(0x80 | (c & 63)));
  }
  h >>>= 0;
  return ((h >>> DIM_BITS) ^ h) & (DIM - 1);
}

const TLDS = 'com|net|org|info|biz|ly|me|tv|io|co|us|uk|de|ru|fr|es|it|nl|pl|br|in|xyz|top|site|online|club|shop|store|app|gl|gd|be|to|cc|ws|link|click';
const URL_RE = new RegExp(
  String.raw`(?:\b(?:https?|ftp):\/\/|\bwww\.)[^\s<>"']+|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:${TLDS})\b(?:\/[^\s<>"']*)?`,
  'giu',
);
const EMAIL_RE = /\b[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}\b/gu;
const PHONE_RE = /(?<![\p{L}\p{N}])\+?\(?\d[\d ().-]{5,}\d(?![\p{L}\p{N}])/gu;
const LONG_NUM_RE = /(?<![\p{L}\p{N}])\d{5,}(?![\p{L}\p{N}])/gu;

export type Normalized = {
  /** Lower-cased text with placeholders, whitespace collapsed. */
  text: string;
  /** Linked hosts, "www." removed. */
  hosts: string[];
  counts: { urls: number; emails: number; phones: number; numbers: number; selfLinks: number };
};

/** A URL reduced to what identifies the resource: a YouTube video's id, else host (no www) and path. */
export function resourceKey(url: string): string {
  const rest = url.trim().replace(/^[a-z]+:\/\//i, '').replace(/^(?:www|m)\./i, '');
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

export function normalize(raw: string, permalink?: string | null): Normalized {
  const self = permalink ? resourceKey(permalink) : null;
  const hosts: string[] = [];
  const counts = { urls: 0, emails: 0, phones: 0, numbers: 0, selfLinks: 0 };
  // E-mail addresses and links are replaced before and again after NFKC: before, because
  // video ids are case-sensitive; after, to catch full-width disguises ("ｗｗｗ．…").
  const links = (s: string) =>
    s.replace(EMAIL_RE, () => (counts.emails++, ` ${PH_EMAIL} `)).replace(URL_RE, (m) => {
      if (self && resourceKey(m) === self) return (counts.selfLinks++, ` ${PH_SELF} `);
      counts.urls++;
      hosts.push(hostOf(m));
      return ` ${PH_URL} `;
    });
  let t = links(raw.replace(/[\p{Cf}\p{Co}]/gu, ''));
  t = links(t.normalize('NFKC')).toLowerCase();
  t = t.replace(PHONE_RE, (m) => {
    const digits = m.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15) return m;
    counts.phones++;
    return ` ${PH_PHONE} `;
  });
  t = t.replace(LONG_NUM_RE, () => (counts.numbers++, ` ${PH_NUM} `));
  t = t.replace(/\s+/gu, ' ').trim();
  return { text: t, hosts, counts };
}

type Token = { text: string; kind: 'word' | 'sym' | 'ph' };
const TOKEN_RE = /[\uE000-\uE004]|[\p{L}\p{N}\p{M}]+|\p{Extended_Pictographic}|[^\s\p{L}\p{N}\p{M}]+/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // Apostrophes inside words go ("don't" → "dont"); elongations are squeezed to two ("sooo" → "soo").
  const t = text.replace(/(?<=\p{L})['’](?=\p{L})/gu, '');
  for (const m of t.matchAll(TOKEN_RE)) {
    const s = m[0];
    if (s.length === 1 && s >= '\uE000' && s <= '\uE004') out.push({ text: s, kind: 'ph' });
    else if (/[\p{L}\p{N}]/u.test(s)) out.push({ text: s.replace(/(.)\1{2,}/gu, '$1$1'), kind: 'word' });
    else out.push({ text: s.replace(/(.)\1{3,}/gu, '$1$1$1'), kind: 'sym' });
  }
  return out;
}

const bin = (x: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && x >= edges[i]) i++;
  return i;
};
export const LENGTH_EDGES = [12, 25, 50, 100, 200, 400] as const;
export const CAPS_EDGES = [0.15, 0.35, 0.7] as const;
export const EXCL_EDGES = [1, 2, 4] as const;

const CUES: [string, RegExp][] = [
  ['s:cue-promo', /\b(?:my (?:channel|videos?|page|music|songs?|tracks?|profile|blog|site|website|account|playlist|new)|check (?:out|me|my|this|it)|visit (?:my|our|this)|follow me|sub(?:scribe)? (?:to )?me|subscrib|add me|watch my|listen to my|look (?:me )?up|search for)\b/u],
  ['s:cue-bait', /\b(?:like this comment|thumbs? up if|like if|share (?:this|it)|give (?:it|me|this) a (?:like|thumbs)|please (?:like|share|sub|check|watch|help|vote|support|visit|follow)|(?:pls|plz|plis|please)\b)/u],
  ['s:cue-money', /(?:\b(?:make|making|earn|earning) (?:money|cash|\$)|\bincome\b|\bcash\b|\bfree\b|\bwin\b|\bprizes?\b|\bgift ?cards?\b|\bbonus\b|\$\s?\d)/u],
  ['s:cue-contact', /\b(?:call|text|whatsapp|telegram|dm|contact|message|e-?mail) (?:me|us|now)\b/u],
];

const STOP = new Set('the and for with this that you your are was were from have has not but all out its his her they our official video music lyrics feat'.split(' '));

/** How many distinct content words of the page's context the comment uses (prefix match: "katy's"). */
export function topicOverlap(text: string, context: string): number {
  const words = new Set(tokenize(normalize(context).text).filter((t) => t.kind === 'word' && [...t.text].length >= 3 && !STOP.has(t.text)).map((t) => t.text));
  const own = tokenize(text).filter((t) => t.kind === 'word').map((t) => t.text);
  let n = 0;
  for (const w of words) if (own.some((o) => o === w || (o.startsWith(w) && w.length >= 4))) n++;
  return n;
}

/** Structural facts about the raw text (before lower-casing), as named binary features. */
function structural(raw: string, n: Normalized, extras: TextExtras | undefined): string[] {
  const out: string[] = [];
  const c = n.counts;
  if (c.urls) out.push(c.urls >= 2 ? 's:links=2+' : 's:links=1');
  if (c.selfLinks) out.push('s:self-link');
  if (c.emails) out.push('s:email');
  if (c.phones) out.push('s:phone');
  if (c.numbers) out.push('s:number');
  const len = [...raw.trim()].length;
  out.push(`s:len=${bin(len, LENGTH_EDGES)}`);
  const letters = raw.match(/\p{L}/gu)?.length ?? 0;
  const upper = raw.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters >= 8) out.push(`s:caps=${bin(upper / letters, CAPS_EDGES)}`);
  if (/(\p{L})\1{3,}/u.test(raw)) out.push('s:elongated');
  if (/([^\p{L}\p{N}\s])\1{2,}/u.test(raw)) out.push('s:punct-run');
  const excl = raw.match(/!/g)?.length ?? 0;
  if (excl) out.push(`s:excl=${bin(excl, EXCL_EDGES)}`);
  if (extras?.authorUrl && extras.authorUrl.trim()) out.push('s:author-url');
  if (extras?.context && !process.env.PARLEY_NOTOPIC) out.push(`s:topic=${Math.min(2, topicOverlap(n.text, extras.context))}`);
  if (process.env.PARLEY_HANDLE && /(?:^|\s)@\w|[a-z]\d+[a-z]|[a-z]{2,}\d{2,}\b|\b\p{Ll}+\p{Lu}\p{Ll}+/u.test(raw)) out.push('s:handle');
  if (!process.env.PARLEY_NOCUE) for (const [name, re] of CUES) if (re.test(n.text)) out.push(name);
  return out;
}

/** Collapse a host to its registrable-ish part: last two labels (three under co.uk-style names). */
export function siteOf(host: string): string {
  const parts = host.split('.');
  const keep = parts.length >= 3 && parts[parts.length - 2].length <= 3 && parts[parts.length - 1].length === 2 ? 3 : 2;
  return parts.slice(-keep).join('.');
}

/**
 * Every feature of a text with its readable name, value and hashed index (duplicates not merged).
 * `word` is the token index a character n-gram belongs to (for explanations).
 */
export function namedFeatures(raw: string, extras?: TextExtras): { features: NamedFeature[]; tokens: Token[] } {
  const n = normalize(raw, extras?.permalink);
  const tokens = tokenize(n.text);
  const groups: Record<keyof typeof GROUP_NORM, { name: string; word?: number }[]> = { w: [], b: [], c: [], h: [], k: [], t: [] };
  const seen = new Set<string>();
  const add = (g: keyof typeof GROUP_NORM, name: string, word?: number) => {
    if (seen.has(name)) return;
    seen.add(name);
    groups[g].push({ name, word });
  };
  let prev = '^';
  let prev2 = '^';
  tokens.forEach((tok, i) => {
    add('w', `w:${tok.text}`);
    if (tok.kind === 'sym') return;
    add('b', `b:${prev} ${tok.text}`);
    if (FX.k) add('k', `k:${prev2} * ${tok.text}`);
    if (FX.t) add('t', `t:${prev2} ${prev} ${tok.text}`);
    prev2 = prev;
    prev = tok.text;
    if (tok.kind === 'word') {
      const cps = [...`<${tok.text}>`];
      for (let k = CHAR_MIN; k <= CHAR_MAX; k++) for (let j = 0; j + k <= cps.length; j++) add('c', `c:${cps.slice(j, j + k).join('')}`, i);
    }
  });
  if (prev !== '^') add('b', `b:${prev} $`);
  for (const h of n.hosts) {
    add('h', `h:${h}`);
    add('h', `h:${siteOf(h)}`);
  }
  const features: NamedFeature[] = [];
  for (const g of Object.keys(GROUP_NORM) as (keyof typeof GROUP_NORM)[]) {
    const list = groups[g];
    const v = list.length ? GROUP_NORM[g] / Math.pow(list.length, POW) : 0;
    for (const f of list) features.push({ name: f.name, value: v, index: hashFeature(f.name), word: f.word });
  }
  for (const name of structural(raw, n, extras)) features.push({ name, value: FX.s ?? 1, index: hashFeature(name) });
  return { features, tokens };
}

/** The hashed sparse vector the model consumes (collisions summed, indices ascending). */
export function vectorize(raw: string, extras?: TextExtras): SparseVector {
  const acc = new Map<number, number>();
  for (const f of namedFeatures(raw, extras).features) acc.set(f.index, (acc.get(f.index) ?? 0) + f.value);
  const indices = Uint32Array.from([...acc.keys()].sort((a, b) => a - b));
  const values = Float32Array.from(indices, (i) => acc.get(i)!);
  return { indices, values };
}
