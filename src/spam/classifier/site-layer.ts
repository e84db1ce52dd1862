// A site's own corrections on top of the shipped model: sparse weight adjustments, added to
// the base weights, learned online whenever a moderator overrides a verdict.
//
// learn() takes gradient steps of the logistic loss restricted to the corrected text's
// features. Each step is normalized by the text's squared feature norm, so one step moves the
// text's own margin by `rate × (label − p)` whatever its length; steps repeat until the text
// sits clearly on the corrected side of the thresholds. Texts sharing words, spellings or
// linked hosts move the same way in proportion to what they share. Structural features
// (length, "contains a link"…) are shared by unrelated texts, so they move five times less.
import { DIM_BITS, namedFeatures, type SparseVector, type TextExtras } from './features.ts';
import type { Label } from './data.ts';
import type { SpamModel } from './model.ts';

const STRUCTURAL_SHARE = 0.2;
const RATE = 2;
const MAX_STEPS = 12;
/** How far past the threshold (in logit units) a corrected text is pushed. */
const CLEARANCE = 1;
const MAX_ABS = 8;

export type SiteLayerJson = { format: 'parley-spam-site/1'; dimBits: number; corrections: number; adjustments: [number, number][] };

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
const logit = (p: number) => Math.log(p / (1 - p));

export class SiteLayer {
  readonly model: SpamModel;
  private readonly adjustments = new Map<number, number>();
  corrections = 0;

  constructor(model: SpamModel) {
    this.model = model;
  }

  weight(index: number): number {
    return this.adjustments.get(index) ?? 0;
  }

  get size(): number {
    return this.adjustments.size;
  }

  /** The layer's additive contribution to a vector's margin. */
  margin(v: SparseVector): number {
    let m = 0;
    for (let k = 0; k < v.indices.length; k++) {
      const a = this.adjustments.get(v.indices[k]);
      if (a !== undefined) m += a * v.values[k];
    }
    return m;
  }

  score(text: string, extras?: TextExtras): number {
    return this.model.score(text, extras, this);
  }

  /** Learns one moderator correction; returns the probability before and after. */
  learn(text: string, extras: TextExtras | undefined, label: Label): { before: number; after: number; steps: number } {
    const xs = new Map<number, { x: number; share: number }>();
    for (const f of namedFeatures(text, extras).features) {
      const e = xs.get(f.index) ?? { x: 0, share: f.name.startsWith('s:') ? STRUCTURAL_SHARE : 1 };
      e.x += f.value;
      xs.set(f.index, e);
    }
    let norm = 0;
    for (const { x, share } of xs.values()) norm += x * x * share;
    const t = this.model.thresholds;
    const target = label === 1 ? logit(t.spam) + CLEARANCE : logit(t.hold) - CLEARANCE;
    const marginNow = () => {
      let m = this.model.bias;
      for (const [i, { x }] of xs) m += (this.model.weights[i] + this.weight(i)) * x;
      return m;
    };
    const before = sigmoid(marginNow());
    let steps = 0;
    this.corrections++;
    if (norm === 0) return { before, after: before, steps };
    for (let m = marginNow(); steps < MAX_STEPS && (label === 1 ? m < target : m > target); m = marginNow(), steps++) {
      // At least a third of the remaining distance per step, so far-off texts converge fast.
      const push = Math.max(RATE * Math.abs(label - sigmoid(m)), Math.abs(target - m) / 3 + 0.05) * (label === 1 ? 1 : -1);
      for (const [i, { x, share }] of xs) {
        const next = this.weight(i) + (push * x * share) / norm;
        this.adjustments.set(i, Math.max(-MAX_ABS, Math.min(MAX_ABS, next)));
      }
    }
    return { before, after: sigmoid(marginNow()), steps };
  }

  toJSON(): SiteLayerJson {
    const adjustments = [...this.adjustments]
      .filter(([, w]) => w !== 0)
      .sort((a, b) => a[0] - b[0])
      .map(([i, w]) => [i, Math.round(w * 1e5) / 1e5] as [number, number]);
    return { format: 'parley-spam-site/1', dimBits: DIM_BITS, corrections: this.corrections, adjustments };
  }

  static fromJSON(model: SpamModel, json: SiteLayerJson): SiteLayer {
    if (json.format !== 'parley-spam-site/1' || json.dimBits !== DIM_BITS) throw new Error('spam site layer: unsupported format');
    const layer = new SiteLayer(model);
    for (const [i, w] of json.adjustments) layer.adjustments.set(i, w);
    layer.corrections = json.corrections;
    return layer;
  }
}
