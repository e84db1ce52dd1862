import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addConfusions, confusion, decide, metrics } from './metrics.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

test('metrics of a hand-made confusion matrix', () => {
  const m = metrics({ tp: 40, fp: 10, tn: 45, fn: 5, heldSpam: 3, heldHam: 2 });
  close(m.accuracy, 85 / 100);
  close(m.precision, 40 / 50);
  close(m.recall, 40 / 45);
  close(m.f1, (2 * 0.8 * (40 / 45)) / (0.8 + 40 / 45));
  close(m.mcc, (40 * 45 - 10 * 5) / Math.sqrt(50 * 45 * 55 * 50));
  close(m.fpr, 10 / 55);
  close(m.holdRate, 5 / 100);
  assert.deepEqual([m.tp, m.fp, m.tn, m.fn, m.n], [40, 10, 45, 5, 100]);
});

test('undefined ratios are 0, not NaN', () => {
  const m = metrics({ tp: 0, fp: 0, tn: 7, fn: 0, heldSpam: 0, heldHam: 0 });
  assert.deepEqual([m.precision, m.recall, m.f1, m.mcc, m.fpr], [0, 0, 0, 0, 0]);
  assert.equal(m.accuracy, 1);
});

test('held comments count as not spam and are reported apart', () => {
  const t = { spam: 0.9, hold: 0.5 };
  assert.deepEqual([decide(0.95, t), decide(0.9, t), decide(0.6, t), decide(0.49, t)], ['spam', 'spam', 'hold', 'ham']);
  const c = confusion([0.95, 0.6, 0.2, 0.95, 0.6, 0.1], [1, 1, 1, 0, 0, 0], t);
  assert.deepEqual(c, { tp: 1, fp: 1, tn: 2, fn: 2, heldSpam: 1, heldHam: 1 });
  assert.deepEqual(addConfusions([c, c]), { tp: 2, fp: 2, tn: 4, fn: 4, heldSpam: 2, heldHam: 2 });
  assert.equal(metrics(c).holdRate, 2 / 6);
});
