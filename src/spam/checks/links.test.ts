import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moderate } from '../pipeline.ts';
import { checkContext } from './test-context.ts';
import { isBareLink, links } from './links.ts';

test('a link with next to nothing said is a bare link, whatever its form', () => {
  for (const body of [
    'https://twitter.com/someone_photo',
    'http://binbox.io/1FIRo#123',
    'gofundme.com/grwmps',
    'More... http://shop.example.com/item?24398',
    'plz ^^ https://www.example.co/KodysMan',
    'Silly...\n\nhttp://i.imgur.example.com/VsdIpGv.png',
    'www.example.net/page',
  ])
    assert.equal(isBareLink(body), true, body);
});

test('a comment that says something beside its link, or none at all, is not', () => {
  for (const body of [
    'The full ruling is here, page 12: https://courts.example.gov/ruling.pdf',
    'I bought mine at amazon.com last year and it broke in a week.',
    'No link in this one at all.',
    'Node.js 24 runs TypeScript directly.',
    `${'word '.repeat(70)}https://example.com`,
  ])
    assert.equal(isBareLink(body), false, body);
});

test('a bare link waits for a moderator, with no points; with a sure classifier it is spam', () => {
  const ctx = (body: string, p?: number) => checkContext(body, { p, disabledChecks: ['form-timing'] });
  const r = links.run(ctx('https://twitter.com/someone_photo'));
  assert.deepEqual(r, { score: 0, reason: 'a link with next to nothing said', outcome: 'hold' });
  assert.equal(moderate(ctx('https://twitter.com/someone_photo')).outcome, 'hold');
  assert.equal(moderate(ctx('https://twitter.com/someone_photo', 0.999)).outcome, 'spam');
  assert.equal(moderate(ctx('The ruling is on https://courts.example.gov/ruling.pdf, page 12.')).outcome, 'approve');
});

test('costs the same on long hostile text', () => {
  for (const body of ['a.com '.repeat(50), 'http://'.repeat(40), `${'a.'.repeat(140)}com`]) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) isBareLink(body);
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 50, body.slice(0, 12));
  }
});
