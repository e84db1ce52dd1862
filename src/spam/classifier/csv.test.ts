import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDelimited, parseTable } from './csv.ts';
import { cleanText, examplesFromTable } from './data.ts';

test('quoted fields keep commas, doubled quotes and line breaks', () => {
  const input = 'id,text,label\r\n1,"Hello, world",0\n2,"She said ""hi""\nthen left",1\n3,,0\n4,"",1';
  assert.deepEqual(parseDelimited(input), [
    ['id', 'text', 'label'],
    ['1', 'Hello, world', '0'],
    ['2', 'She said "hi"\nthen left', '1'],
    ['3', '', '0'],
    ['4', '', '1'],
  ]);
});

test('a byte-order mark, a final newline and blank lines are not rows; TSV is sniffed', () => {
  const t = parseTable('\uFEFFtext\tlabel\n"a\tb"\tspam\n\nc\tham\n');
  assert.deepEqual(t.header, ['text', 'label']);
  assert.deepEqual(t.rows, [
    { text: 'a\tb', label: 'spam' },
    { text: 'c', label: 'ham' },
  ]);
});

test('an unterminated quote is an error, not a silent merge', () => {
  assert.throws(() => parseDelimited('a,"b\nc'), /unterminated/);
});

test('labels: 1/spam/true and 0/ham/false, or one chosen spam value; header-less SMS layout', () => {
  const csv = 'Comment,Class\n"Buy now, cheap",SPAM\nnice song,ham\nok,true\nno,0\n';
  assert.deepEqual(
    examplesFromTable(csv, 'x.csv').map((e) => [e.text, e.label]),
    [
      ['Buy now, cheap', 1],
      ['nice song', 0],
      ['ok', 1],
      ['no', 0],
    ],
  );
  const custom = examplesFromTable('body,class\na,junk\nb,fine\n', 'y.csv', { spamValue: 'junk' });
  assert.deepEqual(
    custom.map((e) => e.label),
    [1, 0],
  );
  assert.throws(() => examplesFromTable('text,label\na,maybe\n', 'z.csv'), /z\.csv:2: label "maybe"/);
  const sms = examplesFromTable('ham\tSee you "later"\nspam\tWIN &lt;now&gt;\n', 'SMS');
  assert.deepEqual(
    sms.map((e) => [e.label, e.text]),
    [
      [0, 'See you "later"'],
      [1, 'WIN <now>'],
    ],
  );
});

test('YouTube export HTML becomes what the commenter typed', () => {
  const raw =
    'I&#39;m here<br /><a href="http://www.youtube.com/watch?v=x&amp;t=1m">1:00</a> &amp; <a href="http://a.example/p">http://a.example/p</a> <b>ok</b>\uFEFF';
  assert.equal(cleanText(raw), "I'm here\n1:00 & http://a.example/p ok");
});
