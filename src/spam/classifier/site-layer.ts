// A site's own lessons on top of the shipped model: sparse weight adjustments, added to the base
// weights (so the two combine in log-odds), learned online from every verdict a moderator gives.
//
// Each verdict teaches in two ways:
// - Evidence: one online Newton step of the logistic loss on the site's adjustments, per
//   feature, with a Gaussian prior around the shipped weights. Every verdict counts, right or
//   wrong (a text the model already rates as its label adds evidence and barely moves); each
//   feature keeps the evidence it has seen (its summed Fisher information), so its steps shrink
//   as that grows. A word or structural feature shared by the site's spam and ham therefore
//   settles where the site's own mix puts it, instead of drifting with whichever class happened
//   to be corrected more.
// - Correction: when the text still sits on the wrong side of (or too close to) the thresholds,
//   its own vocabulary — the words, spellings and linked hosts not common in the training data —
//   is pushed until it is clearly on the corrected side: one verdict fixes that text and moves
//   texts that share its distinctive words. Each feature's share is its blame (how hard it pushed
//   towards the wrong verdict, relative to the worst) plus a fixed share. Structural features
//   and common words ("the", "contains a link") take no part in it unless the text has nothing
//   else: those are what unrelated texts share, and earlier a fifth of every correction went to
//   them, so a run of "not spam" verdicts on a site slowly made every linked or pleading comment
//   pass (`parley spam eval --prequential` on single YouTube videos: teaching lowered MCC).
//
// The layer is bounded: at most MAX_FEATURES adjusted features per site, the weakest dropped
// first when it is full, and no adjustment beyond ±MAX_ABS.
import { DIM_BITS, namedFeatures, type SparseVector, type TextExtras } from './features.ts';
import type { Label } from './data.ts';
import { FeatureTable } from './feature-table.ts';
import type { SpamModel } from './model.ts';

const UNLEARNED = /^s:(?:len|caps)=/;
/** Share of a text feature the model has no opinion on (a word it has never seen, say). */
const NEW_SHARE = 0.3;
/** Share of every other text feature: a campaign's own words move, not only those that misled. */
const OWN_SHARE = 1;
const RATE = 2;
const MAX_STEPS = 12;
/** How far past the threshold (in logit units) a corrected text is pushed. */
const CLEARANCE = 1;
const MAX_ABS = 8;
/**
 * Precision of the prior around the shipped weights, in units of Fisher information: a feature
 * seen once in a text the model was unsure of (p = ½, information ¼) moves at most 1 / (PRIOR + ¼).
 * Structural features and common words were seen in thousands of training comments: their
 * shipped weights are better founded, and it takes more of the site's evidence to move them.
 * (Replaying the two-class corpora with `parley spam eval --prequential`: 0.25–1 and 2–8 all did
 * better than no evidence step; these kept the one-verdict side effects smallest. docs/spam.md.)
 */
const PRIOR = 0.5;
const SHARED_PRIOR = 4;
/** A first step smaller than this (in logit units per unit of feature) is not kept. */
const NEGLIGIBLE = 0.01;
/** Adjusted features kept per site (about 90 bytes each in memory); the weakest go first beyond it. */
export const MAX_FEATURES = 100_000;

export type SiteLayerJson = {
  format: 'parley-spam-site/2';
  dimBits: number;
  corrections: number;
  adjustments: [number, number][];
  /** Each adjusted feature's evidence, as [index, summed Fisher information]. */
  evidence: [number, number][];
};

/** What the first version stored: adjustments without evidence (still read). */
type SiteLayerJsonV1 = Omit<SiteLayerJson, 'format' | 'evidence'> & { format: 'parley-spam-site/1' };

function isLayerJson(v: unknown): v is SiteLayerJson | SiteLayerJsonV1 {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Partial<SiteLayerJson> | Partial<SiteLayerJsonV1>;
  const base = j.dimBits === DIM_BITS && typeof j.corrections === 'number' && Array.isArray(j.adjustments);
  if (j.format === 'parley-spam-site/1') return base;
  return j.format === 'parley-spam-site/2' && base && Array.isArray((j as Partial<SiteLayerJson>).evidence);
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
const logit = (p: number) => Math.log(p / (1 - p));
const clamp = (w: number) => Math.max(-MAX_ABS, Math.min(MAX_ABS, w));

type Taught = { x: number; shared: boolean; share: number; frozen: boolean };

export class SiteLayer {
  readonly model: SpamModel;
  /** Each adjusted feature's adjustment and summed Fisher information (how much the site has shown of it). */
  readonly #table = new FeatureTable();
  corrections = 0;

  constructor(model: SpamModel) {
    this.model = model;
  }

  weight(index: number): number {
    return this.#table.weight(index);
  }

  /** The evidence behind a feature's adjustment (0 for one never taught, or read from a /1 snapshot). */
  evidenceOf(index: number): number {
    return this.#table.evidence(index);
  }

  get size(): number {
    return this.#table.size;
  }

  /** The layer's additive contribution to a vector's margin. */
  margin(v: SparseVector): number {
    return this.#table.dot(v.indices, v.values);
  }

  score(text: string, extras?: TextExtras): number {
    return this.model.score(text, extras, this);
  }

  /** Learns one moderator verdict; returns the probability before and after. */
  learn(text: string, extras: TextExtras | undefined, label: Label): { before: number; after: number; steps: number } {
    const xs = new Map<number, Taught>();
    for (const f of namedFeatures(text, extras).features) {
      const shared = f.name.startsWith('s:') || this.model.common.has(f.index);
      // A verdict is about what a comment says, not its length or capitals: learning those
      // would move every comment of the same length. They still count in the margin.
      const frozen = UNLEARNED.test(f.name);
      const e = xs.get(f.index) ?? { x: 0, shared, share: 0, frozen };
      e.x += f.value;
      xs.set(f.index, e);
    }
    const w = (i: number) => this.model.weights[i] + this.weight(i);
    const marginNow = () => {
      let m = this.model.bias;
      for (const [i, { x }] of xs) m += w(i) * x;
      return m;
    };
    const before = sigmoid(marginNow());
    this.corrections++;
    this.#addEvidence(xs, label, before);
    const steps = this.#correct(xs, label, w, marginNow);
    // Beyond the bound the weakest quarter goes (amortized: a prune every MAX_FEATURES / 4 new features).
    if (this.#table.size > MAX_FEATURES) this.#table.keepStrongest(Math.floor(MAX_FEATURES * 0.75));
    return { before, after: sigmoid(marginNow()), steps };
  }

  /** One Newton step per feature, its curvature the evidence so far plus the prior's. */
  #addEvidence(xs: Map<number, Taught>, label: Label, p: number): void {
    const info = p * (1 - p);
    for (const [i, e] of xs) {
      if (e.frozen || e.x === 0) continue;
      const known = this.#table.has(i);
      const h = this.evidenceOf(i) + e.x * e.x * info;
      const step = (e.x * (label - p)) / ((e.shared ? SHARED_PRIOR : PRIOR) + h);
      // A text the model was already sure of says next to nothing about a feature the site has
      // not adjusted yet: keeping it would only fill the layer (and slow every check's lookups).
      if (!known && Math.abs(step) < NEGLIGIBLE) continue;
      this.#table.set(i, clamp(this.weight(i) + step), h);
    }
  }

  /** Pushes the text's own features until it sits clearly on its label's side; returns the steps taken. */
  #correct(xs: Map<number, Taught>, label: Label, w: (i: number) => number, marginNow: () => number): number {
    const t = this.model.thresholds;
    const target = label === 1 ? logit(t.spam) + CLEARANCE : logit(t.hold) - CLEARANCE;
    const short = (m: number) => (label === 1 ? m < target : m > target);
    if (!short(marginNow())) return 0;
    // Blame: how hard each feature pushed towards the wrong verdict, relative to the worst.
    const wrong = label === 1 ? -1 : 1;
    let worst = 0;
    for (const [i, e] of xs) if (!e.frozen) worst = Math.max(worst, wrong * w(i) * e.x);
    let norm = 0;
    for (const [i, e] of xs) {
      const blame = worst > 0 ? Math.max(0, (wrong * w(i) * e.x) / worst) : 0;
      e.share = e.frozen || e.shared ? 0 : blame + (Math.abs(w(i)) <= this.model.scale ? NEW_SHARE : OWN_SHARE);
      norm += e.x * e.x * e.share;
    }
    // A text of nothing but structural features and common words: those are all it can move.
    if (norm === 0)
      for (const e of xs.values()) {
        e.share = e.frozen ? 0 : 1;
        norm += e.x * e.x * e.share;
      }
    if (norm === 0) return 0;
    let steps = 0;
    for (let m = marginNow(); steps < MAX_STEPS && short(m); m = marginNow(), steps++) {
      // At least half the remaining distance per step, so far-off texts converge in a few steps.
      const push =
        Math.max(RATE * Math.abs(label - sigmoid(m)), Math.abs(target - m) / 2 + 0.05) * (label === 1 ? 1 : -1);
      for (const [i, { x, share }] of xs)
        if (share > 0) this.#table.set(i, clamp(this.weight(i) + (push * x * share) / norm), this.evidenceOf(i));
    }
    return steps;
  }

  toJSON(): SiteLayerJson {
    const r5 = (x: number) => Math.round(x * 1e5) / 1e5;
    const kept = this.#table.entries().filter(([, w]) => r5(w) !== 0);
    return {
      format: 'parley-spam-site/2',
      dimBits: DIM_BITS,
      corrections: this.corrections,
      adjustments: kept.map(([i, w]) => [i, r5(w)]),
      evidence: kept.filter(([, , h]) => r5(h) !== 0).map(([i, , h]) => [i, r5(h)]),
    };
  }

  /**
   * From a stored snapshot, whatever it holds: this format or the first one (adjustments
   * without evidence, read as adjustments the site has shown nothing for yet); any other is
   * refused, not guessed at.
   */
  static fromJSON(model: SpamModel, json: unknown): SiteLayer {
    if (!isLayerJson(json)) throw new Error('spam site layer: unsupported format');
    const layer = new SiteLayer(model);
    const evidence = new Map(json.format === 'parley-spam-site/2' ? json.evidence : []);
    for (const [i, w] of json.adjustments) layer.#table.set(i, w, evidence.get(i) ?? 0);
    layer.corrections = json.corrections;
    return layer;
  }
}
