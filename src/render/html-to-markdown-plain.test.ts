import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { wpCommentHtml } from '../import/formats/wxr.ts';
import { htmlToMarkdown, htmlToMarkdownFull } from './html-to-markdown.ts';

// Words, spacing of every kind, and what Markdown or HTML would read as markup, at a line's
// start or inside it: most texts made of these are plain, many by a character only.
const PIECES = [
  'word',
  'Zoë',
  'Мария',
  '佐藤',
  '🙄',
  ' ',
  '  ',
  '\u00a0',
  '\u2028',
  '\t',
  '\n',
  '\n\n',
  '\n \n',
  '\r\n',
  '\0',
  '.',
  ',',
  '?',
  '"',
  "'",
  '(',
  ')',
  '1',
  '2.',
  '3)',
  '-',
  '+',
  '=',
  '#',
  '>',
  '<',
  '<b>',
  '&',
  '&amp;',
  '&nbsp;',
  '*',
  '_',
  '`',
  '[',
  ']',
  '\\',
  '|',
  '~',
  '<br>',
  '</p>',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }).map((parts) => parts.join(''));
// Paragraphs of lines put together by hand, as other systems write them.
const paragraphs = fc
  .array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((ps) => ps.map((lines) => `<p>${lines.join('<br>\n')}</p>`).join('\n'));

test('plain paragraphs convert exactly as the full conversion converts them', () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.oneof(text.map(wpCommentHtml), paragraphs, fc.string()), (html) => {
      const fast = htmlToMarkdown(html);
      const full = htmlToMarkdownFull(html);
      assert.equal(fast, full, `html ${JSON.stringify(html)}`);
      // Whether the shortcut applied: it never tokenizes, so a changed full conversion would differ.
      if (html.startsWith('<p>') && !/[<&]/.test(html.replace(/<\/?p>|<br>/g, ''))) taken++;
    }),
    { numRuns: 20_000 },
  );
  assert.ok(taken > 2000, `plain paragraphs were met ${taken} times`);
});

test('a WordPress comment in plain words: its lines and paragraphs, escaped where Markdown would read markup', () => {
  assert.equal(
    htmlToMarkdown(wpCommentHtml('Thanks *all*  of you\n2. point\n\n# not a heading')),
    'Thanks \\*all\\* of you\n2\\. point\n\n\\# not a heading',
  );
  assert.equal(htmlToMarkdown('<p>a</p>\n<p></p>'), htmlToMarkdownFull('<p>a</p>\n<p></p>'));
});
