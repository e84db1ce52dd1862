import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureTable } from './feature-table.ts';

test('a feature table grows past its first arrays and keeps every number', () => {
  const t = new FeatureTable();
  for (let i = 0; i < 1000; i++) t.set(i * 7, i / 10, i / 100);
  assert.equal(t.size, 1000);
  assert.equal(t.weight(7 * 999), 99.9);
  assert.equal(t.evidence(7 * 999), 9.99);
  assert.equal(t.weight(3), 0, 'absent: no adjustment');
  t.set(7, -1, 2);
  assert.deepEqual(t.entries()[1], [7, -1, 2]);
  assert.equal(t.dot([0, 7, 14, 15], [1, 2, 3, 1]), 0 * 1 + -1 * 2 + 0.2 * 3);
});

test('keeping the strongest drops the smallest adjustments, ties by index, the same on every run', () => {
  const t = new FeatureTable();
  const weights = [0.5, -3, 0.1, 2, -0.5, 0.1, 4];
  for (const [i, w] of weights.entries()) t.set(100 - i, w, i);
  t.keepStrongest(4);
  assert.deepEqual(
    t.entries().map(([i, w]) => [i, w]),
    [
      [94, 4],
      [96, -0.5],
      [97, 2],
      [99, -3],
    ],
    '|-0.5| at index 96 ties with 0.5 at index 100: the lower index stays',
  );
  t.set(1, 9, 1);
  assert.equal(t.size, 5);
  assert.equal(t.evidence(94), 6);
});
