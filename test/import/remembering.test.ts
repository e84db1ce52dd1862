import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remembering } from '../../src/core/import/remembering.ts';

test('a remembered hash is worked out once per key, a null answer included, and forgotten past the limit', () => {
  const asked: string[] = [];
  const hash = remembering((key) => {
    asked.push(key);
    return key.startsWith('bad') ? null : `h(${key})`;
  }, 3);
  assert.equal(hash('a'), 'h(a)');
  assert.equal(hash('bad'), null);
  assert.equal(hash('a'), 'h(a)');
  assert.equal(hash('bad'), null);
  assert.deepEqual(asked, ['a', 'bad']);
  hash('b');
  // A fourth key: what was known is dropped (memory stays bounded), so 'a' is worked out again.
  hash('c');
  assert.equal(hash('a'), 'h(a)');
  assert.deepEqual(asked, ['a', 'bad', 'b', 'c', 'a']);
});
