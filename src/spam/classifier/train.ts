// Trains the shipped spam model on every shipped corpus (training/spam/, see SOURCE there;
// corpora.ts lists them), each corpus weighed about the same (fit.ts), without the fixed 5 % floor slices, and
// writes src/spam/classifier/model.json. Deterministic: the same data and seed give a
// byte-identical file.
//   node src/spam/classifier/train.ts [--seed N] [--out FILE]      (or: parley spam train)
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CORPORA, trainable } from './corpora.ts';
import type { Example } from './data.ts';
import { trainModel, type FitOptions } from './fit.ts';
import { SHIPPED_MODEL, type SpamModel } from './model.ts';

export function shippedExamples(): Example[] {
  return CORPORA.flatMap((c) => trainable(c.load()));
}

export function trainShipped(options: Partial<FitOptions> = {}): SpamModel {
  return trainModel(shippedExamples(), options);
}

export type TrainReport = { out: string; bytes: number; seconds: number; model: SpamModel };

export function trainAndWrite(seed: number, out: string | URL = SHIPPED_MODEL): TrainReport {
  const t0 = performance.now();
  const model = trainShipped({ seed });
  const text = model.serialize();
  writeFileSync(out, text);
  return {
    out: out instanceof URL ? out.pathname : out,
    bytes: Buffer.byteLength(text),
    seconds: (performance.now() - t0) / 1000,
    model,
  };
}

export function describeReport(r: TrainReport): string {
  const m = r.model;
  return (
    `trained on ${m.meta.spam} spam + ${m.meta.ham} ham comments (${m.meta.sources.join(', ')}), seed ${m.meta.seed}\n` +
    `thresholds: spam ≥ ${m.thresholds.spam.toFixed(3)}, hold ≥ ${m.thresholds.hold.toFixed(3)}\n` +
    `wrote ${r.out} (${(r.bytes / 1024).toFixed(1)} KiB) in ${r.seconds.toFixed(1)} s\n`
  );
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  process.stdout.write(describeReport(trainAndWrite(seed, values.out ?? SHIPPED_MODEL)));
}
