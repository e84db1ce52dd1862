// The spam classifier: a logistic-regression model over hashed features (features.ts), its
// compact deterministic file format, and readable explanations for moderators.
//
// File format (JSON, keys in a fixed order): weights are quantized to int8 with one scale
// (w = q × scale) and only non-zero ones are kept: their indices as LEB128 varint gaps and
// their int8 values, each base64-encoded. `common` lists (as varint gaps too) the features
// found in at least 1 % of the training comments ("the", "to"…), which a site's corrections
// should barely touch. The in-memory model is always the dequantized one, so what is
// evaluated is exactly what is shipped.
import { readFileSync } from 'node:fs';
import {
  DIM,
  DIM_BITS,
  FEATURES_VERSION,
  namedFeatures,
  vectorize,
  type NamedFeature,
  type SparseVector,
  type TextExtras,
} from './features.ts';
import { PLACEHOLDER_NAMES, siteOf, type Token } from './normalize.ts';
import { decide, type Decision, type Thresholds } from './metrics.ts';
import { SiteLayer } from './site-layer.ts';

export { SiteLayer };
export const FORMAT = 'parley-spam-linear/1';

export type ModelMeta = {
  readonly seed: number;
  readonly sources: readonly string[];
  readonly spam: number;
  readonly ham: number;
  readonly options: string;
};
import type { Contribution } from '../../core/ports.ts';

export type { Contribution };

export const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
export const logit = (p: number) => Math.log(p / (1 - p));

export class SpamModel {
  readonly weights: Float32Array;
  readonly bias: number;
  readonly scale: number;
  readonly thresholds: Thresholds;
  readonly meta: ModelMeta;
  /** Indices of features common in the training data (ascending). */
  readonly common: ReadonlySet<number>;

  private constructor(
    weights: Float32Array,
    bias: number,
    scale: number,
    thresholds: Thresholds,
    meta: ModelMeta,
    common: readonly number[],
  ) {
    this.common = new Set(common);
    this.weights = weights;
    this.bias = bias;
    this.scale = scale;
    this.thresholds = thresholds;
    this.meta = meta;
  }

  /** Quantizes trained weights; the result behaves exactly like its serialized file. */
  static fromTrained(
    raw: ArrayLike<number>,
    bias: number,
    thresholds: Thresholds,
    meta: ModelMeta,
    common: readonly number[],
  ): SpamModel {
    let max = 0;
    for (let i = 0; i < raw.length; i++) max = Math.max(max, Math.abs(raw[i]));
    const scale = Math.fround(max > 0 ? max / 127 : 1);
    const w = new Float32Array(DIM);
    for (let i = 0; i < raw.length; i++) w[i] = Math.round(raw[i] / scale) * scale;
    const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
    const sorted = [...new Set(common)].sort((a, b) => a - b);
    return new SpamModel(
      w,
      Math.fround(bias),
      scale,
      { spam: r6(thresholds.spam), hold: r6(thresholds.hold) },
      meta,
      sorted,
    );
  }

  margin(v: SparseVector, layer?: SiteLayer | null): number {
    let m = this.bias;
    for (let k = 0; k < v.indices.length; k++) m += this.weights[v.indices[k]] * v.values[k];
    return layer ? m + layer.margin(v) : m;
  }

  /** Probability that the text is spam. */
  score(text: string, extras?: TextExtras, layer?: SiteLayer | null): number {
    return sigmoid(this.margin(vectorize(text, extras), layer));
  }

  decide(text: string, extras?: TextExtras, layer?: SiteLayer | null): Decision {
    return decide(this.score(text, extras, layer), this.thresholds);
  }

  /**
   * The features that pushed the score most, strongest first, as sentences a moderator can
   * read; positive contributions point to spam. Character n-grams count towards the word
   * they came from.
   */
  explain(text: string, extras?: TextExtras, opts: { top?: number; layer?: SiteLayer | null } = {}): Contribution[] {
    const { features, tokens } = namedFeatures(text, extras);
    const sums = new Map<string, number>();
    for (const f of features) {
      const w = this.weights[f.index] + (opts.layer?.weight(f.index) ?? 0);
      if (w === 0) continue;
      const key = describe(f, tokens);
      sums.set(key, (sums.get(key) ?? 0) + w * f.value);
    }
    return [...sums]
      .map(([description, contribution]) => ({ description, contribution: Math.round(contribution * 1000) / 1000 }))
      .filter((c) => c.contribution !== 0)
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.description < b.description ? -1 : 1))
      .slice(0, opts.top ?? 5);
  }

  serialize(): string {
    const indices: number[] = [];
    const q: number[] = [];
    for (let i = 0; i < DIM; i++) {
      const v = Math.round(this.weights[i] / this.scale);
      if (v !== 0) {
        indices.push(i);
        q.push(v);
      }
    }
    const doc = {
      format: FORMAT,
      features: FEATURES_VERSION,
      dimBits: DIM_BITS,
      bias: this.bias,
      scale: this.scale,
      thresholds: { spam: this.thresholds.spam, hold: this.thresholds.hold },
      meta: {
        seed: this.meta.seed,
        sources: this.meta.sources,
        spam: this.meta.spam,
        ham: this.meta.ham,
        options: this.meta.options,
      },
      count: indices.length,
      indices: encodeGaps(indices),
      weights: Buffer.from(Int8Array.from(q).buffer).toString('base64'),
      common: encodeGaps([...this.common]),
    };
    return `${JSON.stringify(doc, null, 1)}\n`;
  }

  static parse(json: string): SpamModel {
    const doc = JSON.parse(json);
    if (doc.format !== FORMAT || doc.features !== FEATURES_VERSION || doc.dimBits !== DIM_BITS) {
      throw new Error(
        `spam model: unsupported file (${doc.format}, ${doc.features}); retrain with "parley spam train"`,
      );
    }
    const indices = decodeGaps(doc.indices);
    const q = new Int8Array(Buffer.from(doc.weights, 'base64'));
    if (indices.length !== doc.count || q.length !== doc.count) throw new Error('spam model: corrupt weights');
    const w = new Float32Array(DIM);
    indices.forEach((index, k) => {
      w[index] = q[k] * doc.scale;
    });
    return new SpamModel(w, doc.bias, doc.scale, doc.thresholds, doc.meta, decodeGaps(doc.common));
  }

  static load(path: string | URL = SHIPPED_MODEL): SpamModel {
    return SpamModel.parse(readFileSync(path, 'utf8'));
  }
}

export const SHIPPED_MODEL = new URL('./model.json', import.meta.url);

let shipped: SpamModel | null = null;
/** The model committed with the code, loaded once per process (it is read-only). */
export function shippedModel(): SpamModel {
  shipped ??= SpamModel.load();
  return shipped;
}

/** Ascending indices as LEB128 varints of their gaps, base64-encoded. */
function encodeGaps(ascending: readonly number[]): string {
  const bytes: number[] = [];
  let prev = 0;
  for (const i of ascending) {
    for (let d = i - prev; ; d >>>= 7) {
      if (d < 0x80) {
        bytes.push(d);
        break;
      }
      bytes.push((d & 0x7f) | 0x80);
    }
    prev = i;
  }
  return Buffer.from(bytes).toString('base64');
}

function decodeGaps(b64: string): number[] {
  const bytes = Buffer.from(b64, 'base64');
  const out: number[] = [];
  let at = 0;
  let index = 0;
  while (at < bytes.length) {
    let d = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      d |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    index += d;
    out.push(index);
  }
  return out;
}

const STRUCTURAL: Record<string, string> = {
  's:links=1': 'contains a link',
  's:links=2+': 'contains two or more links',
  's:email': 'contains an e-mail address',
  's:phone': 'contains a phone number',
  's:number': 'contains a long number',
  's:elongated': 'stretched letters ("sooo")',
  's:punct-run': 'repeated punctuation ("!!!")',
  's:excl=1': 'one exclamation mark',
  's:excl=2': 'two or three exclamation marks',
  's:excl=3': 'four or more exclamation marks',
  's:author-url': 'the author gave a website',
  's:self-link': 'links to the page itself',
  's:len=0': 'very short (under 12 characters)',
  's:len=1': 'short (12–24 characters)',
  's:len=2': 'length 25–49 characters',
  's:len=3': 'length 50–99 characters',
  's:len=4': 'length 100–199 characters',
  's:len=5': 'length 200–399 characters',
  's:len=6': 'long (400 characters or more)',
  's:caps=0': 'few capitals',
  's:caps=1': 'some capitals (15–35 % of letters)',
  's:caps=2': 'many capitals (35–70 % of letters)',
  's:caps=3': 'mostly capitals',
  's:topic=0': 'no word from the page’s title or tags',
  's:topic=1': 'uses a word from the page’s title or tags',
  's:topic=2': 'uses several words from the page’s title or tags',
  's:cue-promo': 'self-promotion ("check out", "my channel", "subscribe"…)',
  's:cue-bait': 'asks for likes, shares or favours ("please", "like this comment"…)',
  's:cue-money': 'talks money or prizes ("free", "win", "earn money"…)',
  's:cue-contact': 'asks to be contacted ("call me", "text now"…)',
};

const readable = (s: string) => s.replace(/[\uE000-\uE004]/g, (c) => `‹${PLACEHOLDER_NAMES[c].replace(/^an? /, '')}›`);

function describe(f: NamedFeature, tokens: readonly Token[]): string {
  const body = f.name.slice(2);
  switch (f.name[0]) {
    case 'c':
      return wordDescription(tokens[f.word!]);
    case 'w':
      return wordDescription(tokens.find((t) => t.text === body) ?? { text: body, kind: 'word' });
    case 'b':
    case 't':
    case 'k': {
      const words = body.split(' ');
      if (words[0] === '^' && words[1] === '…') return `second word "${readable(words[2])}"`;
      if (words[0] === '^') return `starts with "${readable(words.slice(1).join(' '))}"`;
      if (words[words.length - 1] === '$') return `ends with "${readable(words.slice(0, -1).join(' '))}"`;
      return `phrase "${readable(body)}"`;
    }
    case 'h':
      return `links to ${siteOf(body)}`;
    default:
      return STRUCTURAL[f.name] ?? f.name;
  }
}

function wordDescription(t: Token): string {
  if (t.kind === 'ph') return `contains ${PLACEHOLDER_NAMES[t.text]}`;
  if (t.kind === 'sym') return `symbols "${t.text}"`;
  return `word "${t.text}"`;
}
