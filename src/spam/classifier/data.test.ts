import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedupe, type Example } from './data.ts';
import { CORPORA } from './corpora.ts';

const ex = (text: string, label: 0 | 1, group = 'a.csv', corpus?: string): Example => ({ text, label, group, corpus });

test('dedupe drops a repeated text of the same label and source, keeping the first, in order', () => {
  const first = ex('Check out my channel', 1);
  const rows = [first, ex('Love this song', 0), ex('Check out my channel', 1), ex('Love this song', 0), ex('x', 1)];
  const kept = dedupe(rows);
  assert.deepEqual(
    kept.map((e) => e.text),
    ['Check out my channel', 'Love this song', 'x'],
  );
  assert.equal(kept[0], first, 'the first copy is the one kept');
});

test('dedupe keeps the same text under the other label, and in another source', () => {
  const rows = [ex('ok', 0), ex('ok', 1), ex('ok', 0, 'b.csv'), ex('ok', 0, 'b.csv')];
  assert.deepEqual(
    dedupe(rows).map((e) => [e.group, e.label]),
    [
      ['a.csv', 0],
      ['a.csv', 1],
      ['b.csv', 0],
    ],
  );
});

test('dedupe compares texts exactly: a change of case or spacing is another text', () => {
  // No near-duplicates are defined: the loaders clean the text (cleanText) before, nothing more.
  const rows = [ex('Great post!', 1), ex('great post!', 1), ex('Great  post!', 1), ex('Great post! ', 1)];
  assert.equal(dedupe(rows).length, 4);
});

test('no shipped corpus loads a text twice with the same label within a source', () => {
  for (const c of CORPORA) {
    const seen = new Set<string>();
    for (const e of c.load()) {
      const key = `${e.group}\u0000${e.label}\u0000${e.text}`;
      assert.ok(!seen.has(key), `${c.name}: ${e.text.slice(0, 60)}`);
      seen.add(key);
    }
  }
});
