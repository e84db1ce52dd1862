// Leave one corpus out on a tiny made-up corpus list (the real one takes minutes a training):
// what each fold trains on, what each row reports by kind, and the commands that reproduce it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Corpus } from './classifier/corpora.ts';
import type { Example, Label } from './classifier/data.ts';
import {
  calibrationError,
  figures,
  formatCorporaTable,
  kindOf,
  leaveOneCorpusOut,
  trainingWithout,
} from './corpus-eval.ts';
import { trainOn } from './eval-files.ts';

const HAM = ['the council vote', 'bridge repairs this summer', 'a fair point on taxes', 'the school board budget'];
const SPAM = ['cheap pills online', 'win a free phone', 'crypto profits daily', 'click my channel now'];

function made(n: number, label: Label, group: string, corpus: string): Example[] {
  const words = label === 1 ? SPAM : HAM;
  return Array.from({ length: n }, (_, i) => ({
    text: `${words[i % words.length]} ${group} number ${i}`,
    label,
    group,
    corpus,
  }));
}

function corpus(name: string, kind: Corpus['kind'], files: string[], spam: number, ham: number): Corpus {
  return {
    name,
    kind,
    about: `made-up ${name}`,
    languages: ['en'],
    files: files.map((file) => ({ file, args: kind === 'spam-only' ? '--label spam' : '--text-column body' })),
    load: () =>
      (files.length > 1 ? files : [name]).flatMap((g) => [...made(spam, 1, g, name), ...made(ham, 0, g, name)]),
  };
}

const CORPORA: Corpus[] = [
  corpus('videos', 'two-class', ['v1.csv', 'v2.csv'], 12, 12),
  corpus('chat', 'two-class', ['chat.csv'], 15, 20),
  corpus('blog', 'spam-only', ['blog.txt'], 20, 0),
  corpus('news', 'ham-only', ['news.csv'], 0, 25),
];

test('each fold trains on every other corpus (and the other files of a corpus grouped by file)', () => {
  const seen: Example[][] = [];
  const report = leaveOneCorpusOut({
    corpora: CORPORA,
    seed: 1,
    languages: ['en'],
    train: (examples) => {
      seen.push(examples);
      return trainOn(examples, 1);
    },
  });
  assert.equal(seen.length, 5, 'two folds for the grouped corpus, one for each other');
  const [v1, v2, chat, blog, news] = seen;
  assert.ok(!v1.some((e) => e.group === 'v1.csv') && v1.some((e) => e.group === 'v2.csv'));
  assert.ok(!v2.some((e) => e.group === 'v2.csv') && v2.some((e) => e.group === 'v1.csv'));
  assert.ok(!chat.some((e) => e.corpus === 'chat') && chat.some((e) => e.corpus === 'news'));
  assert.ok(!blog.some((e) => e.corpus === 'blog'));
  assert.ok(!news.some((e) => e.corpus === 'news'));
  assert.deepEqual(
    report.corpora.map((c) => [c.name, c.policy.n]),
    [
      ['videos', 48],
      ['chat', 35],
      ['blog', 20],
      ['news', 25],
    ],
    'every corpus is measured whole, floor slice included',
  );
  const [videos, , blogRow, newsRow] = report.corpora;
  assert.ok(videos.policy.mcc !== undefined && videos.classifier.ece >= 0);
  assert.deepEqual(Object.keys(blogRow.policy), ['n', 'spamRate', 'heldRate', 'publishedRate']);
  assert.deepEqual(Object.keys(newsRow.classifier), ['n', 'spamRate', 'heldRate', 'ece']);
  assert.equal(videos.commands.length, 2);
  assert.match(videos.commands[0], /^parley spam eval \S*v1\.csv --text-column body --train-on '\S*v2\.csv/);
  assert.doesNotMatch(videos.commands[0].split('--train-on')[1], /v1\.csv/);
  // Quoted: a shell would read "?" as a wildcard.
  assert.match(blogRow.commands[0], /--train-on .*'\S*news\.csv\?text-column=body'/);
  assert.match(blogRow.commands[0], /eval \S*blog\.txt --label spam --train-on/);
  const table = formatCorporaTable(report);
  assert.match(table, /^videos\s+two-class\s+policy\s+48 /m);
  assert.match(table, /^\s+classifier\s+25 /m);
  assert.equal(table.match(/^ {2}\$ parley spam eval/gm)?.length, 5);
});

test('--only measures the named corpora, still trained against all the others', () => {
  let trainings = 0;
  const report = leaveOneCorpusOut({
    corpora: CORPORA,
    only: ['news'],
    seed: 2,
    languages: ['en', 'fr'],
    train: (examples) => {
      trainings++;
      assert.deepEqual([...new Set(examples.map((e) => e.corpus))], ['videos', 'chat', 'blog']);
      return trainOn(examples, 2);
    },
  });
  assert.equal(trainings, 1);
  assert.deepEqual(
    report.corpora.map((c) => c.name),
    ['news'],
  );
  assert.match(report.corpora[0].commands[0], / --seed 2 --lang en,fr$/);
});

test('the training set leaves out whole corpora, or one file of a corpus grouped by file', () => {
  const { examples, files } = trainingWithout(CORPORA, [
    { corpus: 'videos', file: 'v2.csv' },
    { corpus: 'news', file: null },
  ]);
  assert.deepEqual([...new Set(examples.map((e) => e.group))], ['v1.csv', 'chat', 'blog']);
  assert.deepEqual(
    files.map((f) => f.replace(/^.*\//, '')),
    ['v1.csv?text-column=body', 'chat.csv?text-column=body', 'blog.txt?label=spam'],
  );
});

test('a text the measured part also has is kept out of the training, whichever corpus brings it', () => {
  const shared = (name: string, text: string, label: Label): Corpus => ({
    ...corpus(name, 'two-class', [`${name}.csv`], 4, 4),
    load: () => [...made(4, 1, name, name), ...made(4, 0, name, name), { text, label, group: name, corpus: name }],
  });
  const corpora = [shared('clips', 'lol', 0), shared('posts', 'lol', 0), shared('texts', 'win big now', 1)];
  const without = (name: string) =>
    trainingWithout(corpora, [{ corpus: name, file: null }]).examples.map((e) => e.text);
  assert.ok(!without('posts').includes('lol'), 'the measured corpus has it: not trained on from another');
  assert.ok(without('texts').includes('lol'), 'kept when the measured corpus does not have it');
  assert.ok(!without('clips').includes('lol'));
  // Within a corpus grouped by file, the same holds between its files.
  const videos = trainingWithout(
    [
      {
        ...CORPORA[0],
        load: () => [
          ...CORPORA[0].load(),
          { text: 'sub4sub', label: 1, group: 'v1.csv', corpus: 'videos' },
          { text: 'sub4sub', label: 1, group: 'v2.csv', corpus: 'videos' },
        ],
      },
    ],
    [{ corpus: 'videos', file: 'v2.csv' }],
  ).examples.map((e) => e.text);
  assert.ok(!videos.includes('sub4sub'));
});

test('figures by kind, and the expected calibration error', () => {
  const c = { tp: 6, fp: 0, tn: 0, fn: 4, heldSpam: 3, heldHam: 0 };
  assert.deepEqual(figures('spam-only', c), { n: 10, spamRate: 0.6, heldRate: 0.3, publishedRate: 0.1 });
  assert.deepEqual(figures('ham-only', { tp: 0, fp: 1, tn: 9, fn: 0, heldSpam: 0, heldHam: 2 }), {
    n: 10,
    spamRate: 0.1,
    heldRate: 0.2,
  });
  assert.equal(kindOf([1, 1]), 'spam-only');
  assert.equal(kindOf([0]), 'ham-only');
  assert.equal(kindOf([0, 1]), 'two-class');
  // One bin: mean p 0.9 against a spam share of 0.5.
  assert.equal(calibrationError([0.9, 0.9], [1, 0]), 0.4);
  // Calibrated bins: 0.2 with one spam in five; 1.0 (the top bin includes 1) with all spam.
  assert.equal(calibrationError([0.2, 0.2, 0.2, 0.2, 0.2, 1, 1], [1, 0, 0, 0, 0, 1, 1]), 0);
  assert.equal(calibrationError([], []), 0);
});
