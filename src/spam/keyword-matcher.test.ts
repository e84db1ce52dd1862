import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileKeywords } from './keyword-matcher.ts';

test('words match whole words, case- and accent-insensitively', () => {
  const m = compileKeywords(['casino', 'prêt rapide']);
  assert.equal(m.firstMatch(['Best CASINO bonus']), 'casino');
  assert.equal(m.firstMatch(['un pret RAPIDE sans frais']), 'prêt rapide');
  assert.equal(m.firstMatch(['casinos are not casino-free'.replace('casino-free', 'free')]), null);
  assert.equal(m.firstMatch(['the word occasion']), null);
});

test('wildcards stand for any run of characters', () => {
  const m = compileKeywords(['viagr*', '*coin', 'free * money']);
  assert.equal(m.firstMatch(['buy viagra now']), 'viagr*');
  assert.equal(m.firstMatch(['bitcoin gains']), '*coin');
  assert.equal(m.firstMatch(['get free easy money']), 'free * money');
  assert.equal(m.firstMatch(['money for free']), null);
});

test('every field is searched; empty and wildcard-only patterns are ignored', () => {
  const m = compileKeywords(['', '***', 'spammer.example']);
  assert.equal(m.patterns.length, 1);
  assert.equal(m.firstMatch([null, 'Anne', 'https://spammer.example/x']), 'spammer.example');
});

test('pathological lists and texts stay linear', () => {
  const m = compileKeywords(['a*a*a*a*a*a*a*a*a*b', ...Array.from({ length: 500 }, (_, i) => `word${i}*x`)]);
  const text = 'a'.repeat(65_000);
  const t0 = performance.now();
  assert.equal(m.firstMatch([text]), null);
  assert.ok(performance.now() - t0 < 500, `took ${performance.now() - t0} ms`);
});
