import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIM, fnv1a32, hashFeature, namedFeatures, vectorize } from './features.ts';
import { normalize, PH_EMAIL, PH_NUM, PH_PHONE, PH_SELF, PH_URL, resourceKey, tokenize } from './normalize.ts';

test('FNV-1a matches the published test vectors; indices stay in range', () => {
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  for (const s of ['w:subscribe', 'c:<ch', 's:links=1', 'w:日本'])
    assert.ok(hashFeature(s) >= 0 && hashFeature(s) < DIM);
});

test('normalization: NFKC, lower case, placeholders for links, addresses, phones and long numbers', () => {
  const n = normalize('\uFEFFＦＲＥＥ at WWW.Example.com/x, mail me@ex.org, call +44 7700 900123 or 87121!');
  assert.equal(n.text, `free at ${PH_URL} , mail ${PH_EMAIL} , call ${PH_PHONE} or ${PH_NUM} !`);
  assert.deepEqual(n.hosts, ['example.com']);
  assert.deepEqual(n.counts, { urls: 1, selfLinks: 0, emails: 1, phones: 1, numbers: 1 });
  assert.equal(normalize('see 2015 and 1,000').counts.numbers, 0);
  // Network addresses beside other numbers are technical talk, not a phone; dotted phones still are.
  assert.equal(normalize('try ping -s 1400 8.8.8.8 and 10.0.0.1').counts.phones, 0);
  assert.equal(normalize('set the PC to 192.168.0.66').counts.phones, 0);
  assert.equal(normalize('call 1.877.241.0055 now').counts.phones, 1);
});

test('a link to the page itself is not counted as a link', () => {
  assert.equal(
    resourceKey('https://youtu.be/AbC_123-xyz'),
    resourceKey('http://www.youtube.com/watch?v=AbC_123-xyz&t=1m'),
  );
  assert.notEqual(resourceKey('https://youtu.be/abc_123-xyz'), resourceKey('https://youtu.be/AbC_123-xyz'));
  const n = normalize(
    'Roar: http://youtu.be/CevxZvSJLk8 and https://news.example/a/',
    'https://www.youtube.com/watch?v=CevxZvSJLk8',
  );
  assert.equal(n.counts.selfLinks, 1);
  assert.equal(n.counts.urls, 1);
  assert.ok(n.text.includes(PH_SELF));
});

test('tokens: apostrophes joined, elongations squeezed, symbols kept as runs', () => {
  assert.deepEqual(
    tokenize("don't stooop!!!!!! :)").map((t) => t.text),
    ['dont', 'stoop', '!!!', ':)'],
  );
});

test('features are named, grouped and deterministic', () => {
  const { features } = namedFeatures('Check out my channel!!! http://x.example/me', { context: 'Budget vote' });
  const names = features.map((f) => f.name);
  for (const n of [
    'w:check',
    'b:check out',
    't:check out my',
    'k:check … my',
    'c:<che',
    'h:x.example',
    's:links=1',
    's:excl=2',
    's:cue-promo',
  ])
    assert.ok(names.includes(n), n);
  // The page's title is no feature: only spam corpora carry one (see structural()).
  assert.ok(!names.some((n) => n.startsWith('s:topic')));
  const a = vectorize('Check out my channel!!!');
  const b = vectorize('Check out my channel!!!');
  assert.deepEqual(a, b);
  assert.ok(a.indices.every((v, i) => i === 0 || v > a.indices[i - 1]));
});

test('pathological 64 KB texts stay fast (no quadratic matching)', () => {
  for (const text of [
    'a.'.repeat(32_000),
    'a-'.repeat(32_000),
    `${'1.'.repeat(32_000)}a`,
    `${'x.'.repeat(99)}@ `.repeat(320),
    `http://${'a'.repeat(65_000)}`,
  ]) {
    const t0 = performance.now();
    vectorize(text);
    assert.ok(performance.now() - t0 < 1500, `${text.slice(0, 12)}…: ${performance.now() - t0} ms`);
  }
});

test('the fast vectorize() gives exactly the vector of the named features (what training and explanations use)', () => {
  const texts = [
    'Check out my channel!!! http://x.example/me and www.y.example, mail me@ex.org',
    '𝒻𝓇𝑒𝑒 m𝐨ney 😀😀 at http://x.y/ré — call +44 7700 900123',
    'Le gouvernement français a annoncé hier… « coopération » avec la Russie',
    'Правительство объявило о сотрудничестве, см. https://example.ru/новости',
    "don't stooop!!!!!! :) 12345678 ok",
    '',
    'a',
  ];
  for (const text of texts) {
    for (const extras of [
      undefined,
      { authorUrl: 'https://a.example', context: 'Russia France talks', permalink: 'https://x.example/me' },
    ]) {
      const acc = new Map<number, number>();
      for (const f of namedFeatures(text, extras).features) acc.set(f.index, (acc.get(f.index) ?? 0) + f.value);
      const indices = [...acc.keys()].sort((a, b) => a - b);
      const v = vectorize(text, extras);
      assert.deepEqual([...v.indices], indices, text);
      assert.deepEqual(
        [...v.values],
        indices.map((i) => Math.fround(acc.get(i)!)),
        text,
      );
    }
  }
});

test('an IPv4 address is not read as a phone number', () => {
  const names = namedFeatures('The server at 198.51.100.23 stopped answering.').features.map((f) => f.name);
  assert.ok(!names.includes('s:phone'), names.join(' '));
  assert.ok(namedFeatures('Call +1 415 555 0134 now').features.some((f) => f.name === 's:phone'));
});
