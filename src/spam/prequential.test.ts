// Test, then teach: when a file's order counts as sorted, and a replay where only teaching
// can catch the spam (a made-up phrase no model has seen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Example, Label } from './classifier/data.ts';
import { SpamModel } from './classifier/model.ts';
import { orderOf, prequential, seededShuffle } from './prequential.ts';

test('a file grouped by class, or with a run far longer than chance, counts as sorted', () => {
  assert.deepEqual(orderOf([1, 1, 0, 0, 0]), { sorted: true, why: 'all spam come before all ham' });
  assert.equal(orderOf([0, 0, 0, 1]).sorted, true);
  assert.equal(orderOf([1, 1, 1]).sorted, false, 'one class: nothing to sort');
  const mixed = seededShuffle(
    Array.from({ length: 600 }, (_, i): Label => (i % 3 === 0 ? 1 : 0)),
    7,
  );
  assert.equal(orderOf(mixed).sorted, false, orderOf(mixed).why);
  // The same mix with 40 spam in a row somewhere in the middle.
  const burst: Label[] = [...mixed.slice(0, 300), ...Array<Label>(40).fill(1), ...mixed.slice(300)];
  const o = orderOf(burst);
  assert.equal(o.sorted, true);
  assert.match(o.why, /^4\d spam in a row/);
});

test('a seeded shuffle is the same for the same seed and keeps every item', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  assert.deepEqual(seededShuffle(items, 3), seededShuffle(items, 3));
  assert.notDeepEqual(seededShuffle(items, 3), seededShuffle(items, 4));
  assert.deepEqual(
    [...seededShuffle(items, 3)].sort((a, b) => a - b),
    items,
  );
});

const TOPICS = ['the bridge repairs', 'the school budget', 'the council vote', 'the bus timetable', 'the new library'];
const VIEWS = ['seems fair to me', 'took far too long', 'needs a proper debate', 'was explained well here'];

/** Readers' remarks, and spam that says only a phrase the shipped model has never seen. */
export function stream(n: number): Example[] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 1
      ? { text: `Zorbleck quandium flessivar ${i % 7} glimmerdash`, label: 1 as const, group: 'made-up' }
      : { text: `I think ${TOPICS[i % 5]} ${VIEWS[(i >> 1) % 4]}, thanks`, label: 0 as const, group: 'made-up' },
  );
}

test('taught as it goes, the site catches spam the shipped model misses', async () => {
  const r = await prequential(SpamModel.load(), stream(260), ['en']);
  assert.deepEqual(Object.keys(r.after), ['50', '100', '200']);
  assert.deepEqual(Object.keys(r.after['50']), ['mcc', 'fpr', 'holdRate', 'accuracy', 'precision', 'recall', 'n']);
  assert.deepEqual([r.after['50'].n, r.after['100'].n, r.after['200'].n], [210, 160, 60]);
  assert.equal(r.withoutTeaching.after['50'].recall, 0, 'never taught, the made-up spam passes');
  assert.ok(r.after['50'].mcc > 0.9, `taught: MCC ${r.after['50'].mcc}`);
  assert.equal(r.after['50'].fpr, 0);
});
