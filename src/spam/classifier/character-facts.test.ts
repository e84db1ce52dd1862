import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { characterFacts } from './character-facts.ts';

/** The facts as Unicode's regular expressions define them: what the one-pass walk must equal. */
function byExpressions(raw: string) {
  const count = (s: string) => [...s].length;
  return {
    letters: count(raw.replace(/\P{L}+/gu, '')),
    upper: count(raw.replace(/\P{Lu}+/gu, '')),
    elongated: /(\p{L})\1{3,}/u.test(raw),
    punctRun: /([^\p{L}\p{N}\s])\1{2,}/u.test(raw),
    excl: raw.match(/!/g)?.length ?? 0,
  };
}

test('the one-pass walk agrees with the Unicode expressions on any text', () => {
  // Letters of three scripts and both cases, a title-case letter, an emoji, symbols, digits of
  // two scripts, spaces of three kinds and a lone surrogate.
  const pieces = [...'aAéÉжЖß!$€1٣ .', 'ǅ', '😀', '\u00a0', '\n', '\ud800'];
  const runs = fc.array(fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 5 })), { maxLength: 20 });
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: 'binary' }),
        runs.map((r) => r.map(([p, n]) => p.repeat(n)).join('')),
      ),
      (s) => {
        assert.deepEqual(characterFacts(s), byExpressions(s));
      },
    ),
    { numRuns: 3000 },
  );
});

test('examples: elongated letters, symbol runs, capitals in any script', () => {
  assert.deepEqual(characterFacts('Sooooo GOOD!!!'), {
    letters: 10,
    upper: 5,
    elongated: true,
    punctRun: true,
    excl: 3,
  });
  assert.deepEqual(characterFacts('ПРИВЕТ €€€ 123'), {
    letters: 6,
    upper: 6,
    elongated: false,
    punctRun: true,
    excl: 0,
  });
  assert.deepEqual(characterFacts('ok 😀😀😀'), { letters: 2, upper: 0, elongated: false, punctRun: true, excl: 0 });
});
