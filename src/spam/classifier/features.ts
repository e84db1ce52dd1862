// Text → sparse hashed feature vector for the spam classifier. Features, each named by a
// namespace prefix (normalize.ts prepares the tokens):
//   w:  word, placeholder and symbol-run unigrams
//   b:  word bigrams, with ^ and $ marking the text's start and end
//   t:  word trigrams            k:  skip-bigrams (first and third word of a trigram)
//   c:  character 3–5-grams inside each word, < > marking its edges (spelling variants)
//   h:  linked hosts and their sites
//   s:  structural facts: links, e-mail, phone, length, capitals, repeated characters,
//       exclamation marks, author website, link to the page itself, overlap with the
//       page's topic, and four cue phrases (self-promotion, engagement bait, money, contact)
// Names are hashed with 32-bit FNV-1a over their UTF-8 bytes, xor-folded to DIM_BITS bits.
// Every text group is scaled to a fixed L2 norm (value = norm / √count) so long texts do
// not outweigh short ones; structural facts are worth 1 each.
import { characterFacts } from './character-facts.ts';
import { normalize, tokenize, siteOf, type Normalized, type Token } from './normalize.ts';

export const DIM_BITS = 18;
export const DIM = 1 << DIM_BITS;
export const FEATURES_VERSION = 'fnv1a32-xorfold18;w,b,t,k,c3-5,h,s;v4';

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
/** One feature before hashing; `word` is the token a character n-gram came from. */
export type NamedFeature = { name: string; value: number; index: number; word?: number };

const GROUP_NORM = { w: 1, b: 1, t: 0.5, k: 0.5, c: 0.5, h: 0.7 } as const;
type Group = keyof typeof GROUP_NORM;
const CHAR_MIN = 3;
const CHAR_MAX = 5;

/** 32-bit FNV-1a (offset basis 0x811c9dc5, prime 0x01000193) over the UTF-8 encoding of `s`. */
export function fnv1a32(s: string): number {
  return fnvFeed(0x811c9dc5 | 0, s) >>> 0;
}

/** A feature name's index: FNV-1a xor-folded to DIM_BITS bits (high bits folded onto the low ones). */
export function hashFeature(s: string): number {
  const h = fnv1a32(s);
  return ((h >>> DIM_BITS) ^ h) & (DIM - 1);
}

/**
 * Phrases typical of comment spam in general (not of one data set), on normalized text.
 * They pool many rare variants into one fact that stays strong in a long comment.
 */
const CUES: readonly [string, RegExp][] = [
  [
    's:cue-promo',
    /\b(?:my (?:channel|videos?|page|music|songs?|tracks?|profile|blog|site|website|account|playlist|new)|check (?:out|me|my|this|it)|visit (?:my|our|this)|follow me|sub(?:scribe)? (?:to )?me|subscrib(?:e|ing)|add me|watch my|listen to my|look (?:me )?up|search for)\b/u,
  ],
  [
    's:cue-bait',
    /\b(?:like this comment|thumbs? up if|like if|share (?:this|it)|give (?:it|me|this) a (?:like|thumbs)|please|pls|plz|plis)\b/u,
  ],
  [
    's:cue-money',
    /\b(?:(?:make|making|earn|earning) (?:money|cash)|income|cash|free|win|prizes?|gift ?cards?|bonus)\b|\$\s?\d/u,
  ],
  ['s:cue-contact', /\b(?:call|text|whatsapp|telegram|dm|contact|message|e-?mail) (?:me|us|now)\b/u],
];

const STOP = new Set(
  'the and for with this that you your are was were from have has not but all out its his her they our official video music lyrics feat'.split(
    ' ',
  ),
);

/** How many distinct content words of the page's context the comment uses ("katy" matches "katy's"). */
// A page's context (its title, tags) is the same for every comment under it: its words are kept.
const contextWords = new Map<string, ReadonlySet<string>>();
function wordsOfContext(context: string): ReadonlySet<string> {
  let words = contextWords.get(context);
  if (!words) {
    words = new Set(
      tokenize(normalize(context).text)
        .filter((t) => t.kind === 'word' && [...t.text].length >= 3 && !STOP.has(t.text))
        .map((t) => t.text),
    );
    if (contextWords.size >= 1000) contextWords.clear();
    contextWords.set(context, words);
  }
  return words;
}

export function topicOverlap(tokens: readonly Token[], context: string): number {
  const words = wordsOfContext(context);
  const own = tokens.filter((t) => t.kind === 'word').map((t) => t.text);
  let n = 0;
  for (const w of words) if (own.some((o) => o === w || (w.length >= 4 && o.startsWith(w)))) n++;
  return n;
}

const bin = (x: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && x >= edges[i]) i++;
  return i;
};
const LENGTH_EDGES = [12, 25, 50, 100, 200, 400];
const CAPS_EDGES = [0.15, 0.35, 0.7];
const EXCL_EDGES = [1, 2, 4];

/** Code points in a string (its length unless it holds astral characters). */
const codePoints = (s: string) => (/[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length);

/** Structural facts about the comment, as names of binary features. */
function structural(raw: string, n: Normalized): string[] {
  const out: string[] = [];
  const c = n.counts;
  if (c.urls) out.push(c.urls >= 2 ? 's:links=2+' : 's:links=1');
  if (c.selfLinks) out.push('s:self-link');
  if (c.emails) out.push('s:email');
  if (c.phones) out.push('s:phone');
  if (c.numbers) out.push('s:number');
  out.push(`s:len=${bin(codePoints(raw.trim()), LENGTH_EDGES)}`);
  const f = characterFacts(raw);
  if (f.letters >= 8) out.push(`s:caps=${bin(f.upper / f.letters, CAPS_EDGES)}`);
  if (f.elongated) out.push('s:elongated');
  if (f.punctRun) out.push('s:punct-run');
  if (f.excl) out.push(`s:excl=${bin(f.excl, EXCL_EDGES)}`);
  // Neither the author's website nor the overlap with the page's title is a feature: of the
  // training corpora only spam ones carry them, so the model would learn "has a website" or
  // "shares no word with the title" as spam. The author-fields and praise checks read them,
  // measured on ham that carries them too.
  for (const [name, re] of CUES) if (re.test(n.text)) out.push(name);
  return out;
}

const GROUPS = Object.keys(GROUP_NORM) as Group[];
type Named = { groups: Record<Group, string[]>; words: number[]; structural: string[]; tokens: Token[] };

/** Pairs of strings, kept without joining them. */
class PairSet {
  readonly #by = new Map<string, Set<string>>();
  /** False when the pair is in already. */
  add(a: string, b: string): boolean {
    let s = this.#by.get(a);
    if (!s) {
      s = new Set();
      this.#by.set(a, s);
    }
    if (s.has(b)) return false;
    s.add(b);
    return true;
  }
}

/** The feature names of a text, per group, each once; `words[k]` is the token of the k-th c: name. */
function featureNames(raw: string, extras: TextExtras | undefined): Named {
  const n = normalize(raw, extras?.permalink);
  const tokens = tokenize(n.text);
  const groups: Record<Group, string[]> = { w: [], b: [], t: [], k: [], c: [], h: [] };
  const words: number[] = [];
  const seen = new Set<string>();
  const add = (g: Group, name: string) => {
    if (seen.has(name)) return false;
    seen.add(name);
    groups[g].push(name);
    return true;
  };
  const seq = ['^'];
  const spelled = new Set<string>();
  // Which names were made already, by their parts: a text that repeats itself (64 KB of "a@")
  // builds no string for a name it has.
  const named = { w: new Set<string>(), b: new PairSet(), t: new Map<string, PairSet>(), k: new PairSet() };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!named.w.has(tok.text)) {
      named.w.add(tok.text);
      add('w', `w:${tok.text}`);
    }
    if (tok.kind === 'sym') continue;
    seq.push(tok.text);
    const j = seq.length - 1;
    if (named.b.add(seq[j - 1], seq[j])) add('b', `b:${seq[j - 1]} ${seq[j]}`);
    if (j >= 2) {
      let t = named.t.get(seq[j - 2]);
      if (!t) {
        t = new PairSet();
        named.t.set(seq[j - 2], t);
      }
      if (t.add(seq[j - 1], seq[j])) add('t', `t:${seq[j - 2]} ${seq[j - 1]} ${seq[j]}`);
      if (named.k.add(seq[j - 2], seq[j])) add('k', `k:${seq[j - 2]} … ${seq[j]}`);
    }
    // A word seen before adds no character n-gram that is not already in (each name counts once).
    if (tok.kind === 'word' && !spelled.has(tok.text)) {
      spelled.add(tok.text);
      const edged = `<${tok.text}>`;
      // n-grams count code points; plain substrings do when the word has no astral characters.
      const cps = /[\uD800-\uDFFF]/.test(edged) ? [...edged] : null;
      const len = cps ? cps.length : edged.length;
      for (let k = CHAR_MIN; k <= CHAR_MAX; k++) {
        for (let a = 0; a + k <= len; a++)
          if (add('c', `c:${cps ? cps.slice(a, a + k).join('') : edged.substring(a, a + k)}`)) words.push(i);
      }
    }
  }
  if (seq.length > 1) add('b', `b:${seq[seq.length - 1]} $`);
  for (const h of n.hosts) {
    add('h', `h:${h}`);
    add('h', `h:${siteOf(h)}`);
  }
  return { groups, words, structural: structural(raw, n), tokens };
}

/** Every feature of a text with its readable name, value and hashed index (before merging). */
export function namedFeatures(raw: string, extras?: TextExtras): { features: NamedFeature[]; tokens: Token[] } {
  const { groups, words, structural: facts, tokens } = featureNames(raw, extras);
  const features: NamedFeature[] = [];
  for (const g of GROUPS) {
    const list = groups[g];
    const value = GROUP_NORM[g] / Math.sqrt(list.length);
    list.forEach((name, k) => {
      features.push({ name, value, index: hashFeature(name), word: g === 'c' ? words[k] : undefined });
    });
  }
  for (const name of facts) features.push({ name, value: 1, index: hashFeature(name) });
  return { features, tokens };
}

/**
 * FNV-1a continued from state `h` over the UTF-8 of `s[from, to)` (surrogate pairs inside the
 * range; a lone surrogate is encoded as its own three bytes, as for…of would yield it). Hot: it
 * runs for every feature of every comment, so it walks UTF-16 units by hand.
 */
function fnvFeed(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < to) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 63)), 0x01000193);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 63)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 63)), 0x01000193);
    }
    h = Math.imul(h ^ (0x80 | (c & 63)), 0x01000193);
  }
  return h;
}
/** fnvFeed() of one UTF-16 unit that is not a surrogate (one to three UTF-8 bytes). */
function fnvUnit(h: number, c: number): number {
  if (c < 0x80) return Math.imul(h ^ c, 0x01000193);
  if (c < 0x800) h = Math.imul(h ^ (0xc0 | (c >> 6)), 0x01000193);
  else {
    h = Math.imul(h ^ (0xe0 | (c >> 12)), 0x01000193);
    h = Math.imul(h ^ (0x80 | ((c >> 6) & 63)), 0x01000193);
  }
  return Math.imul(h ^ (0x80 | (c & 63)), 0x01000193);
}
let units = new Int32Array(64);
const fold = (h: number) => (((h >>> 0) >>> DIM_BITS) ^ (h >>> 0)) & (DIM - 1);
const SEED = 0x811c9dc5 | 0;
const PREFIX = {
  w: fnvFeed(SEED, 'w:'),
  b: fnvFeed(SEED, 'b:'),
  t: fnvFeed(SEED, 't:'),
  k: fnvFeed(SEED, 'k:'),
  c: fnvFeed(SEED, 'c:'),
  h: fnvFeed(SEED, 'h:'),
};

/**
 * Per-text scratch for vectorize(): the features' full 32-bit hashes per group (to drop repeats
 * and to count each group before weighting it), and a dense accumulator. vectorize() is the hot
 * path of every comment, so it builds no feature-name strings: each name is hashed as it is
 * spelled, straight from the tokens. Repeats are recognized by their 32-bit hash rather than by
 * name; two different names of one text sharing all 32 bits happens about once in 10^6 texts.
 */
class Scratch {
  seen = new Int32Array(1024);
  stamp = new Uint32Array(1024);
  /** 32 − log2(table size): a slot is the top bits of the multiplied hash, all of the table's. */
  shift = 22;
  gen = 1;
  hashes: Int32Array[] = GROUP_LIST.map(() => new Int32Array(256));
  counts = new Int32Array(GROUP_LIST.length);
  size = 0;

  reset(): void {
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    this.counts.fill(0);
    this.size = 0;
  }

  /** Adds a hash to group g unless seen in this text; says whether it was new. */
  add(g: number, h: number): boolean {
    if (this.size * 2 >= this.seen.length) this.#grow();
    const mask = this.seen.length - 1;
    let i = Math.imul(h, 0x9e3779b1) >>> this.shift;
    while (this.stamp[i] === this.gen) {
      if (this.seen[i] === h) return false;
      i = (i + 1) & mask;
    }
    this.stamp[i] = this.gen;
    this.seen[i] = h;
    this.size++;
    let list = this.hashes[g];
    const n = this.counts[g];
    if (n === list.length) {
      const grown = new Int32Array(n * 2);
      grown.set(list);
      this.hashes[g] = list = grown;
    }
    list[n] = h;
    this.counts[g] = n + 1;
    return true;
  }

  #grow(): void {
    const old = { seen: this.seen, stamp: this.stamp, gen: this.gen };
    this.seen = new Int32Array(old.seen.length * 2);
    this.stamp = new Uint32Array(old.seen.length * 2);
    this.shift--;
    const mask = this.seen.length - 1;
    for (let j = 0; j < old.seen.length; j++) {
      if (old.stamp[j] !== old.gen) continue;
      const h = old.seen[j];
      let i = Math.imul(h, 0x9e3779b1) >>> this.shift;
      while (this.stamp[i] === this.gen) i = (i + 1) & mask;
      this.stamp[i] = this.gen;
      this.seen[i] = h;
    }
  }
}
const GROUP_LIST: readonly Group[] = GROUPS;
const G = { w: 0, b: 1, t: 2, k: 3, c: 4, h: 5 } as const;
const scratch = new Scratch();
const STRUCTURAL = GROUP_LIST.length;
const groupValue = new Float64Array(GROUP_LIST.length + 1);
let packed = new Uint32Array(1024);
let spare = new Uint32Array(1024);
const buckets = new Uint32Array(256);
let outIndices = new Uint32Array(1024);
let outValues = new Float32Array(1024);

/**
 * The first n keys (each < 2^22: a 2^18 index and a 3-bit group) sorted ascending, by three
 * passes of 8, 8 and 6 bits: for a few hundred keys the buckets' upkeep is most of the work, and
 * 256 buckets per pass cost less than 2048. Several times faster than TypedArray#sort.
 */
function radixSort(keys: Uint32Array, n: number): Uint32Array {
  if (spare.length < keys.length) spare = new Uint32Array(keys.length);
  let from: Uint32Array = keys;
  let to: Uint32Array = spare;
  for (let shift = 0; shift < 22; shift += 8) {
    buckets.fill(0);
    for (let i = 0; i < n; i++) buckets[(from[i] >>> shift) & 255]++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = buckets[b];
      buckets[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) to[buckets[(from[i] >>> shift) & 255]++] = from[i];
    const swap = from;
    from = to;
    to = swap;
  }
  return from.subarray(0, n);
}

/** The hashed sparse vector the model consumes (collisions summed, indices ascending). */
export function vectorize(raw: string, extras?: TextExtras): SparseVector {
  const v = vectorizeTransient(raw, extras);
  const n = v.indices.length;
  // One buffer for both halves: allocating a typed array's backing store costs more than filling it.
  const buffer = new ArrayBuffer(n * 8);
  const indices = new Uint32Array(buffer, 0, n);
  const values = new Float32Array(buffer, n * 4, n);
  indices.set(v.indices);
  values.set(v.values);
  return { indices, values };
}

/**
 * vectorize() into arrays that the next call overwrites, for a caller that copies the vector at
 * once (the feature worker writes it into its answer): no buffer allocated per comment.
 */
export function vectorizeTransient(raw: string, extras?: TextExtras): SparseVector {
  const n = normalize(raw, extras?.permalink);
  const tokens = tokenize(n.text);
  const sc = scratch;
  sc.reset();
  // Names as featureNames() spells them: "b:" + previous + " " + current, "k:" + a + " … " + c, …
  let prev2 = '';
  let prev1 = '^';
  let j = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const text = tok.text;
    // A word met before in this text has all its character n-grams counted already.
    const newWord = sc.add(G.w, fnvFeed(PREFIX.w, text));
    if (tok.kind === 'sym') continue;
    j++;
    sc.add(G.b, fnvFeed(fnvFeed(fnvFeed(PREFIX.b, prev1), ' '), text));
    if (j >= 2) {
      sc.add(G.t, fnvFeed(fnvFeed(fnvFeed(fnvFeed(fnvFeed(PREFIX.t, prev2), ' '), prev1), ' '), text));
      sc.add(G.k, fnvFeed(fnvFeed(fnvFeed(PREFIX.k, prev2), ' … '), text));
    }
    if (tok.kind === 'word' && newWord) {
      // The word between its edge marks, "<" + text + ">", as UTF-16 units (no string built).
      const len = text.length + 2;
      if (units.length < len) units = new Int32Array(len * 2);
      units[0] = 0x3c;
      let surrogates = false;
      for (let q = 0; q < text.length; q++) {
        const u = text.charCodeAt(q);
        if (u >= 0xd800 && u <= 0xdfff) surrogates = true;
        units[q + 1] = u;
      }
      units[len - 1] = 0x3e;
      if (surrogates) {
        // Astral characters: n-grams count code points, so slice by them (rare).
        const cps = [...`<${text}>`];
        for (let k = CHAR_MIN; k <= CHAR_MAX; k++)
          for (let a = 0; a + k <= cps.length; a++) sc.add(G.c, fnvFeed(PREFIX.c, cps.slice(a, a + k).join('')));
      } else {
        // Each start position hashes its 3-gram once and extends it to the 4- and 5-gram.
        for (let a = 0; a + CHAR_MIN <= len; a++) {
          let h = fnvUnit(fnvUnit(fnvUnit(PREFIX.c, units[a]), units[a + 1]), units[a + 2]);
          sc.add(G.c, h);
          for (let end = a + CHAR_MIN; end < a + CHAR_MAX && end < len; end++) {
            h = fnvUnit(h, units[end]);
            sc.add(G.c, h);
          }
        }
      }
    }
    prev2 = prev1;
    prev1 = text;
  }
  if (j > 0) sc.add(G.b, fnvFeed(fnvFeed(PREFIX.b, prev1), ' $'));
  for (const h of n.hosts) {
    sc.add(G.h, fnvFeed(PREFIX.h, h));
    sc.add(G.h, fnvFeed(PREFIX.h, siteOf(h)));
  }
  // Each (index, group) pair is packed into one integer and the list sorted: equal indices end up
  // together, in group order, so the sums below add in the same order as the named features do.
  // (A dense 2^18 accumulator would be simpler but misses the CPU cache on every feature.)
  let count = 0;
  for (let g = 0; g < GROUP_LIST.length; g++) count += sc.counts[g];
  const facts = structural(raw, n);
  count += facts.length;
  if (packed.length < count) packed = new Uint32Array(Math.max(count, packed.length * 2));
  let at = 0;
  for (let g = 0; g < GROUP_LIST.length; g++) {
    const list = sc.hashes[g];
    const m = sc.counts[g];
    groupValue[g] = GROUP_NORM[GROUP_LIST[g]] / Math.sqrt(m);
    for (let q = 0; q < m; q++) packed[at++] = (fold(list[q]) << 3) | g;
  }
  groupValue[STRUCTURAL] = 1;
  for (const name of facts) packed[at++] = (hashFeature(name) << 3) | STRUCTURAL;
  const sorted = radixSort(packed, count);
  let unique = 0;
  for (let k = 0; k < count; k++) if (k === 0 || sorted[k] >>> 3 !== sorted[k - 1] >>> 3) unique++;
  if (outIndices.length < unique) {
    outIndices = new Uint32Array(Math.max(unique, outIndices.length * 2));
    outValues = new Float32Array(outIndices.length);
  }
  const indices = outIndices;
  const values = outValues;
  let u = -1;
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const index = sorted[k] >>> 3;
    if (u < 0 || index !== indices[u]) {
      if (u >= 0) values[u] = sum;
      indices[++u] = index;
      sum = 0;
    }
    sum += groupValue[sorted[k] & 7];
  }
  if (u >= 0) values[u] = sum;
  return { indices: indices.subarray(0, unique), values: values.subarray(0, unique) };
}
