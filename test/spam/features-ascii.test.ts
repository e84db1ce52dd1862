// ASCII comments take shortcuts in feature extraction (one loop for the character facts, no
// NFKC): on any ASCII text they must name exactly what the Unicode regular expressions name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namedFeatures } from '../../src/spam/classifier/features.ts';
import { normalize } from '../../src/spam/classifier/normalize.ts';

const bin = (x: number, edges: readonly number[]) => edges.filter((e) => x >= e).length;

function expected(raw: string): string[] {
  const out = [`s:len=${bin([...raw.trim()].length, [12, 25, 50, 100, 200, 400])}`];
  const letters = raw.replace(/\P{L}+/gu, '').length;
  const upper = raw.replace(/\P{Lu}+/gu, '').length;
  if (letters >= 8) out.push(`s:caps=${bin(upper / letters, [0.15, 0.35, 0.7])}`);
  if (/(\p{L})\1{3,}/u.test(raw)) out.push('s:elongated');
  if (/([^\p{L}\p{N}\s])\1{2,}/u.test(raw)) out.push('s:punct-run');
  const excl = raw.match(/!/g)?.length ?? 0;
  if (excl) out.push(`s:excl=${bin(excl, [1, 2, 4])}`);
  return out;
}

test('on ASCII text the character facts are those of the Unicode definitions', () => {
  let seed = 5;
  const rng = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 2 ** 24;
  };
  const pieces = [
    'a',
    'A',
    'Z',
    'z',
    'e',
    'E',
    '0',
    '9',
    ' ',
    '\t',
    '\n',
    '\u000b',
    '\u001c',
    '\u0000',
    '\u007f',
    '!',
    '!',
    '?',
    '.',
    '-',
    '_',
    '@',
    '[',
    '`',
    '{',
    'aaaa',
    'EEEE',
    '!!!',
    '...',
    '   ',
  ];
  for (let n = 0; n < 5000; n++) {
    let raw = '';
    const len = Math.floor(rng() * 40);
    for (let i = 0; i < len; i++) raw += pieces[Math.floor(rng() * pieces.length)];
    const names = namedFeatures(raw)
      .features.map((f) => f.name)
      .filter((name) => /^s:(len|caps|elongated|punct-run|excl)/.test(name));
    assert.deepEqual(names, expected(raw), JSON.stringify(raw));
  }
});

test('NFKC and the format-character pass leave ASCII text as it is', () => {
  const text = 'Visit WWW.Example.COM/x, mail me@ex.org or call +44 7700 900123: 123456 times!';
  assert.equal(text.normalize('NFKC'), text);
  assert.equal(normalize(text).text, normalize(`\u200b${text}`).text);
});
