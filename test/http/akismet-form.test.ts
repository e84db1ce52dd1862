// The Akismet form parser reads UTF-8 bodies in one pass over the bytes; it must give exactly
// the fields querystring.parse gave (the last value of a repeated name), quirks included, for
// any bytes a client may send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'node:querystring';
import { parseAkismetForm } from '../../src/server/routes/akismet/form.ts';

const CT = 'application/x-www-form-urlencoded; charset=UTF-8';

function reference(body: Buffer): Record<string, string | undefined> {
  const q = parse(body.toString('utf8'), '&', '=', { maxKeys: 2000 });
  const out: Record<string, string | undefined> = Object.create(null);
  for (const k in q) {
    const v = q[k];
    out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  }
  return out;
}

function same(body: Buffer): void {
  const got = parseAkismetForm(body, CT);
  const want = reference(body);
  assert.deepEqual(Object.entries(got), Object.entries(want), JSON.stringify(body.toString('latin1')));
  assert.equal(Object.getPrototypeOf(got), null);
}

test('ordinary bodies: the fields of URLSearchParams, the last of a repeated name', () => {
  same(
    Buffer.from(
      new URLSearchParams({
        api_key: 'abc',
        blog: 'https://x.example',
        comment_content: 'Ça coûte 5 € + TVA, 100% sûr! 😀 a&b=c',
        'comment_context[0]': 'a b',
      }).toString(),
    ),
  );
  same(Buffer.from('a=1&a=2&b=&c&&=&=x&d=e=f&__proto__=p&constructor=k'));
  same(Buffer.from(''));
  same(Buffer.from('&'));
  same(Buffer.from('&&a=1&&'));
  same(Buffer.from('+=+&a+b=c+d&%41=%42&%zz=%4&%e2%82=%E2%82%AC&v=%4+1&w%4+1=1&x=%+41&y=%'));
  same(Buffer.from('%EF%BB%BFbom=%EF%BB%BF&s=%ED%A0%80&o=%C0%80&big=%F4%90%80%80&cut=%E2%82&lone=%80&e=%C3%A9%C3'));
  same(Buffer.concat([Buffer.from('%1b\xc3\xa9%11=a+%'), Buffer.from([0xe2, 0x82, 0xac])]));
});

test('more than 2000 pairs: the first 2000 count, empty ones too', () => {
  same(Buffer.from(Array.from({ length: 2500 }, (_, i) => `k${i}=${i}`).join('&')));
  same(Buffer.from(Array.from({ length: 2500 }, (_, i) => (i % 3 ? `k${i}=${i}` : '')).join('&')));
  same(Buffer.from(Array.from({ length: 2001 }, (_, i) => `k${i}`).join('&')));
});

test('random bytes around the separators, escapes and broken UTF-8 give the same fields', () => {
  let seed = 7;
  const rng = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 2 ** 24;
  };
  const pieces = ['a', 'b', '=', '=', '&', '&', '+', '%', '%', '4', '1', 'f', 'F', 'g', ' ', 'é', '€', '😀', '\u0000'];
  const raw = [0x80, 0xbf, 0xc3, 0xe2, 0x82, 0xf0, 0x9f, 0xff, 0xfe];
  for (let n = 0; n < 20_000; n++) {
    const parts: Buffer[] = [];
    const len = Math.floor(rng() * 24);
    for (let i = 0; i < len; i++) {
      parts.push(
        rng() < 0.15
          ? Buffer.from([raw[Math.floor(rng() * raw.length)]])
          : Buffer.from(pieces[Math.floor(rng() * pieces.length)]),
      );
    }
    same(Buffer.concat(parts));
  }
});

test('random ASCII escapes, valid UTF-8 or not, give the same fields', () => {
  let seed = 11;
  const rng = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 2 ** 24;
  };
  const pieces = [
    'a',
    '=',
    '&',
    '+',
    '%',
    '%2',
    '%41',
    '%7e',
    '%C3',
    '%a9',
    '%E2',
    '%82',
    '%AC',
    '%F0',
    '%9F',
    '%98',
    '%80',
    '%ED',
    '%A0',
    '%C0',
    '%EF',
    '%BB',
    '%BF',
    '%FF',
    '%00',
    '%2B',
    '%26',
    '%3D',
    '%zz',
  ];
  for (let n = 0; n < 20_000; n++) {
    let body = '';
    const len = Math.floor(rng() * 16);
    for (let i = 0; i < len; i++) body += pieces[Math.floor(rng() * pieces.length)];
    same(Buffer.from(body, 'latin1'));
  }
});
