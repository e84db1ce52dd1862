// inReplyOrder, the ordering the whole-file readers (Commento, Comentario) share: a reply after its
// parent whatever the file's order, however long the chain, and a precise reason for each reply
// that cannot be placed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportItem } from '../../src/core/import/source.ts';
import { type Entry, inReplyOrder } from '../../src/import/formats/reply-order.ts';

const entry = (i: number, key: string, parentKey: string | null, thread = 'page'): Entry => ({
  at: `comments[${i}]`,
  thread: { key: thread, url: `https://news.example/${thread}`, title: null, createdAt: null, at: '' },
  comment: {
    key,
    threadKey: thread,
    parentKey,
    createdAt: 0,
    status: 'approved',
    author: { name: 'A', email: null, website: null, sourceId: null },
    body: { format: 'markdown', text: key },
    ip: null,
    userAgent: null,
    at: `comments[${i}]`,
  },
  unused: [],
});
const summary = (items: Iterable<ImportItem>) =>
  [...items].map((i) =>
    i.kind === 'comment'
      ? `${i.comment.key}@${i.comment.at}`
      : i.kind === 'invalid'
        ? `! ${i.at}: ${i.message}`
        : i.kind === 'origin'
          ? `origin ${i.origin}`
          : `${i.kind}@${i.kind === 'thread' ? i.thread.at : i.at}`,
  );

test('a chain of 50,000 replies listed deepest first comes out root first, without running out of stack', () => {
  const n = 50_000;
  const entries = Array.from({ length: n }, (_, i) => {
    const depth = n - 1 - i;
    return entry(i, `c${depth}`, depth === 0 ? null : `c${depth - 1}`);
  });
  const keys = [...inReplyOrder(entries)].flatMap((i) => (i.kind === 'comment' ? [i.comment.key] : []));
  assert.equal(keys.length, n);
  assert.deepEqual(keys.slice(0, 3), ['c0', 'c1', 'c2']);
  assert.equal(keys[n - 1], `c${n - 1}`);
});

test('each thread once, before its first comment, at that comment; replies right after their parent', () => {
  const entries = [entry(0, 'b', 'a'), entry(1, 'x', null, 'other'), entry(2, 'a', null), entry(3, 'c', 'a')];
  assert.deepEqual(summary(inReplyOrder(entries)), [
    'thread@comments[1]',
    'x@comments[1]',
    'thread@comments[2]',
    'a@comments[2]',
    'b@comments[0]',
    'c@comments[3]',
  ]);
});

test('replies under a missing or refused comment are kept as orphans; loops, duplicates and other pages are refused', () => {
  const entries: Entry[] = [
    entry(0, 'grandchild', 'child'),
    entry(1, 'child', 'refused'),
    { at: 'comments[2]', wrong: 'a comment with a bad date', key: 'refused' },
    entry(3, 'orphan', 'nowhere'),
    entry(4, 'loop1', 'loop2'),
    entry(5, 'loop2', 'loop1'),
    entry(6, 'root', null),
    entry(7, 'root', null),
    entry(8, 'across', 'root', 'other'),
    // Two replies waiting in a chain for a comment listed after them, which is refused.
    entry(9, 'w2', 'w1'),
    entry(10, 'w1', 'late'),
    entry(11, 'late', 'nowhere'),
  ];
  assert.deepEqual(summary(inReplyOrder(entries)), [
    // A reply to an unreadable comment, and its own reply: kept (the import makes it an orphan).
    'thread@comments[1]',
    'child@comments[1]',
    'grandchild@comments[0]',
    '! comments[2]: a comment with a bad date',
    'orphan@comments[3]',
    'root@comments[6]',
    '! comments[7]: a second comment with the id root',
    '! comments[8]: a reply to root, a comment on another page',
    // A chain waiting for a comment whose parent is not in the file: kept, parents first.
    'late@comments[11]',
    'w1@comments[10]',
    'w2@comments[9]',
    '! comments[4]: a reply to loop2, in a loop of replies',
    '! comments[5]: a reply to loop1, in a loop of replies',
  ]);
});
