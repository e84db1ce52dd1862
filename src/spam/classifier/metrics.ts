// Three-way decisions and the figures reported for them. A held comment waits for a moderator:
// it is neither blocked nor published, so it counts as "not judged spam" in the confusion
// matrix (a held spam is a miss, a held ham is not a false positive) and is reported apart as
// the hold rate.

export type Thresholds = { readonly spam: number; readonly hold: number };
export type Decision = 'spam' | 'hold' | 'ham';

export function decide(p: number, t: Thresholds): Decision {
  return p >= t.spam ? 'spam' : p >= t.hold ? 'hold' : 'ham';
}

export type Confusion = { tp: number; fp: number; tn: number; fn: number; heldSpam: number; heldHam: number };

/** The confusion matrix of decisions already made (by the whole policy, say). */
export function confusionOf(decisions: readonly Decision[], labels: ArrayLike<number>): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0, heldSpam: 0, heldHam: 0 };
  decisions.forEach((d, i) => {
    const spam = labels[i] === 1;
    if (d === 'spam') spam ? c.tp++ : c.fp++;
    else {
      spam ? c.fn++ : c.tn++;
      if (d === 'hold') spam ? c.heldSpam++ : c.heldHam++;
    }
  });
  return c;
}

export function confusion(probabilities: ArrayLike<number>, labels: ArrayLike<number>, t: Thresholds): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0, heldSpam: 0, heldHam: 0 };
  for (let i = 0; i < labels.length; i++) {
    const d = decide(probabilities[i], t);
    const spam = labels[i] === 1;
    if (d === 'spam') spam ? c.tp++ : c.fp++;
    else {
      spam ? c.fn++ : c.tn++;
      if (d === 'hold') spam ? c.heldSpam++ : c.heldHam++;
    }
  }
  return c;
}

export function addConfusions(cs: Confusion[]): Confusion {
  const sum: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0, heldSpam: 0, heldHam: 0 };
  for (const c of cs) for (const k of Object.keys(sum) as (keyof Confusion)[]) sum[k] += c[k];
  return sum;
}

export type Metrics = {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  mcc: number;
  /** Ham judged spam, over all ham. */
  fpr: number;
  /** Held (between the hold and spam thresholds), over all. */
  holdRate: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  n: number;
};

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Undefined ratios (no positives predicted, no ham…) are reported as 0. */
export function metrics(c: Confusion): Metrics {
  const { tp, fp, tn, fn } = c;
  const n = tp + fp + tn + fn;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const denom = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    accuracy: ratio(tp + tn, n),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    mcc: denom === 0 ? 0 : (tp * tn - fp * fn) / denom,
    fpr: ratio(fp, fp + tn),
    holdRate: ratio(c.heldSpam + c.heldHam, n),
    tp,
    fp,
    tn,
    fn,
    n,
  };
}

/** Rounds every ratio to four decimals (for printing and JSON). */
export function rounded(m: Metrics): Metrics {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    ...m,
    accuracy: r(m.accuracy),
    precision: r(m.precision),
    recall: r(m.recall),
    f1: r(m.f1),
    mcc: r(m.mcc),
    fpr: r(m.fpr),
    holdRate: r(m.holdRate),
  };
}
