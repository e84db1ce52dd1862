import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderFullSync, renderMarkdownSync } from './markdown.ts';
import { plainTextHtml } from './plain-text.ts';

// Pieces that are plain words, and near-misses of every kind of markup: the bodies made of them
// take the shortcut often and miss it often, by a character, at a line's start or its end.
const PIECES = [
  'word',
  'Zoë',
  'Мария',
  '佐藤',
  '🙄',
  ' ',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\n \n',
  '\r\n',
  '\t',
  '\u2028',
  '\u00a0',
  '\0',
  '.',
  ',',
  ':',
  '?',
  '!',
  '"',
  "'",
  '(',
  ')',
  '/',
  '%',
  '$',
  '^',
  '{',
  '@',
  '1',
  '12',
  '3.',
  '4)',
  '-',
  '+',
  '=',
  '#',
  '>',
  '<',
  '&',
  '&amp;',
  '&copy;',
  '*',
  '_',
  '~',
  '`',
  '[',
  ']',
  '\\',
  '|',
  'example.com',
  'www.example',
  'a@b.org',
  'https://',
  'mailto:',
  'http:',
  '//x',
  'a.co',
  '.de',
  'localhost',
  '1.2.3.4',
];
const body = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));
const never = () => false;

test('a body the shortcut takes renders exactly as the renderer renders it', () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.oneof(body, fc.string(), fc.string({ unit: 'binary' })), (b) => {
      const fast = renderMarkdownSync(b);
      if (plainTextHtml(b, never) !== null) taken++;
      assert.equal(fast, renderFullSync(b), `body ${JSON.stringify(b)}`);
    }),
    { numRuns: 20_000 },
  );
  // The comparison is worth something only if the shortcut was taken, and often.
  assert.ok(taken > 2000, `the shortcut was taken ${taken} times`);
});

test('plain paragraphs and line breaks are built directly; markup and addresses are left to the renderer', () => {
  assert.equal(
    plainTextHtml('Merci pour l’article, "très" clair.\nQui paie ?\n\nJörg', never),
    '<p>Merci pour l’article, &quot;très&quot; clair.<br>\nQui paie ?</p>\n<p>Jörg</p>\n',
  );
  for (const markup of ['a *b*', '> quoted', '1. first', 'x  \ny', '    code', 'a &amp; b', 'see http://x.org'])
    assert.equal(plainTextHtml(markup, never), null, markup);
  // An e-mail address has no markup character: only the renderer's own test tells it is a link.
  assert.notEqual(plainTextHtml('write to a@b.org', never), null);
  assert.equal(
    plainTextHtml('write to a@b.org', (p) => p.includes('@')),
    null,
  );
  assert.match(renderMarkdownSync('write to a@b.org'), /<a href="mailto:a@b.org"/);
});
