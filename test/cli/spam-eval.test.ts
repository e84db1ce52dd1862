// `parley spam eval` end to end on small files written here: one-class files (--label, .txt),
// training files each read with its own mapping, a prequential replay, --corpora's flags (the
// table itself takes minutes a training: src/spam/corpus-eval.test.ts runs it on made-up corpora).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPORA, corpus, trainable } from '../../src/spam/classifier/corpora.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (args: string[], cwd = root) =>
  spawnSync(process.execPath, [join(root, 'bin/parley.mjs'), 'spam', 'eval', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-spam-eval-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const PHRASE = 'Zorbleck quandium flessivar glimmerdash';
const TOPICS = ['the bridge repairs', 'the school budget', 'the council vote', 'the bus timetable', 'the new library'];
const VIEWS = ['seems fair to me', 'took far too long', 'needs a proper debate', 'was explained well here'];
const remark = (i: number) => `I think ${TOPICS[i % 5]} ${VIEWS[(i >> 1) % 4]}, thanks`;
const csv = (rows: [string, string][]) =>
  rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');

test('--label reads a one-class file; a .txt file is one comment per line', (t) => {
  const dir = scratch(t);
  const spam = join(dir, 'caught.txt');
  writeFileSync(
    spam,
    'Check out my channel!!! http://bit.ly/x subscribe\n\nFree gift card, visit www.win-prizes.example now\n' +
      'Cheap pills online, best prices http://pills.example\n',
  );
  const r = run([spam, '--label', 'spam', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.n, 3, 'blank lines are not comments');
  assert.equal(m.tp + m.fn, 3);
  assert.equal(Math.round((m.spamRate + m.heldRate + m.publishedRate) * 1e3), 1e3);
  assert.match(run([spam, '--label', 'spam']).stdout, /judged spam\s+\d\.\d{4}\nheld\s+\d\.\d{4}\npublished/);

  const ham = join(dir, 'readers.csv');
  writeFileSync(ham, `comment,when\n${csv([0, 1, 2, 3].map((i) => [remark(i), '2024']))}\n`);
  const h = JSON.parse(run([ham, '--label', 'ham', '--text-column', 'comment', '--json']).stdout);
  assert.deepEqual([h.n, h.tn + h.fp], [4, 4]);
  assert.equal(h.publishedRate, undefined, 'a ham-only file reports judged spam and held');

  const noLabel = run([spam]);
  assert.equal(noLabel.status, 1);
  assert.match(noLabel.stderr, /one comment per line; name its class with --label spam\|ham/);
  assert.equal(run([spam, '--label', 'maybe']).status, 2);
});

test('--train-on reads each file with its own mapping', (t) => {
  const dir = scratch(t);
  const rows: [string, string][] = [];
  for (let i = 0; i < 24; i++) rows.push(i % 2 ? [`${PHRASE} ${i}`, 'junk'] : [remark(i), 'fine']);
  writeFileSync(join(dir, 'moderated.csv'), `body,verdict\n${csv(rows)}\n`);
  writeFileSync(join(dir, 'more-spam.txt'), `${[1, 2, 3, 4, 5, 6].map((i) => `${PHRASE} offer ${i}`).join('\n')}\n`);
  writeFileSync(join(dir, 'more-ham.txt'), `${[7, 8, 9, 10, 11, 12, 13, 14].map(remark).join('\n')}\n`);
  writeFileSync(
    join(dir, 'test.csv'),
    `text,label\n${csv([
      [`${PHRASE} today`, '1'],
      [remark(3), '0'],
    ])}\n`,
  );
  const args = [
    'test.csv',
    '--checks',
    'classifier',
    '--train-on',
    'moderated.csv?text-column=body&label-column=verdict&spam-value=junk',
    'more-spam.txt?label=spam',
    '--train-on',
    'more-ham.txt?label=ham',
  ];
  const r = run(args, dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /model: trained now on moderated\.csv, more-spam\.txt, more-ham\.txt \(18 spam, 20 ham\)/);
  assert.match(r.stdout, /tp 1 {2}fp 0 {2}tn 1 {2}fn 0/);
  assert.match(r.stdout, /ECE\s+0\.\d{4}/);

  const unlabelled = run(['test.csv', '--train-on', 'more-spam.txt'], dir);
  assert.equal(unlabelled.status, 1);
  assert.match(unlabelled.stderr, /more-spam\.txt: a \.txt file is one comment per line/);
  const typo = run(['test.csv', '--train-on', 'moderated.csv?text=body'], dir);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown option "text" \(known: text-column, label-column, spam-value, label, raw\)/);
});

test('--prequential: taught as it goes, the site catches a spam phrase the shipped model misses', (t) => {
  const dir = scratch(t);
  const rows: [string, string][] = [];
  for (let i = 0; i < 300; i++) rows.push(i % 3 === 1 ? [`${PHRASE} ${i % 7}`, 'spam'] : [remark(i), 'ham']);
  const file = join(dir, 'stream.csv');
  writeFileSync(file, `text,label\n${csv(rows)}\n`);
  const r = run([file, '--prequential', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['after', 'withoutTeaching']);
  assert.deepEqual(Object.keys(j.withoutTeaching.after), ['50', '100', '200']);
  assert.deepEqual(Object.keys(j.after['100']), ['mcc', 'fpr', 'holdRate', 'accuracy', 'precision', 'recall', 'n']);
  assert.deepEqual([j.after['50'].n, j.after['100'].n, j.after['200'].n], [250, 200, 100]);
  for (const k of ['50', '100', '200'])
    assert.ok(
      j.after[k].mcc > j.withoutTeaching.after[k].mcc + 0.5,
      `after ${k}: taught ${j.after[k].mcc}, never taught ${j.withoutTeaching.after[k].mcc}`,
    );
  assert.match(r.stderr, /order: as in the file/);

  // Sorted by class, the file is replayed in a seeded shuffle instead.
  writeFileSync(file, `text,label\n${csv([...rows].sort((a, b) => a[1].localeCompare(b[1])))}\n`);
  const sorted = run([file, '--prequential', '--seed', '3']);
  assert.equal(sorted.status, 0, sorted.stderr);
  assert.match(sorted.stdout, /replayed shuffled with seed 3: all ham come before all spam/);
  assert.match(sorted.stdout, /^101…N\s+200\s/m);
});

test('a shipped corpus file is read as corpora.ts reads it, its class known', () => {
  const r = run(['training/spam/telegram-spam.txt', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.n, 175, 'deduplicated as in the corpus');
  assert.equal(m.tp + m.fn, 175);
});

test('a copy of a shipped corpus file under another name is known by its texts', (t) => {
  const dir = scratch(t);
  const copy = join(dir, 'downloaded-comments.csv');
  copyFileSync(join(root, 'training/spam/Youtube03-LMFAO.csv'), copy);
  const r = run([copy, '--text-column', 'CONTENT', '--label-column', 'CLASS']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /warning: it was trained on downloaded-comments\.csv \(100 % of its texts are the shipped Youtube03-LMFAO\.csv\); these figures are optimistic/,
  );
  // A file of its own texts is not mistaken for one.
  const own = join(dir, 'own.csv');
  writeFileSync(own, `text,label\n${Array.from({ length: 12 }, (_, i) => `"${remark(i)}",${i % 2}`).join('\n')}\n`);
  const mine = run([own]);
  assert.equal(mine.status, 0, mine.stderr);
  assert.doesNotMatch(mine.stdout, /warning/);
});

test('--prequential on a copy of a shipped corpus replays it on a model trained without that corpus', (t) => {
  const dir = scratch(t);
  // A small copy: 200 of the shipped Civil comments, in a file of another name (training without
  // civil takes about 12 s of CPU; a copy of a smaller corpus would train on nearly everything).
  const civil = corpus('civil').load().slice(0, 200);
  const copy = join(dir, 'civil-sample.csv');
  writeFileSync(copy, `comment_id,comment_text\n${csv(civil.map((e, i) => [String(i), e.text]))}\n`);
  const r = run([copy, '--text-column', 'comment_text', '--label', 'ham', '--prequential']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^model: trained now on the shipped corpora without civil-sample\.csv \(100 % of its texts are the shipped civil\)$/m,
  );
  // Trained on every other corpus's trainable examples, and on none of civil's.
  const others = CORPORA.filter((c) => c.name !== 'civil').flatMap((c) => trainable(c.load()));
  assert.match(r.stderr, new RegExp(`training without it, on ${others.length} examples`));

  // A file of its own texts is replayed on the shipped model, trained on every corpus.
  const own = join(dir, 'own.csv');
  writeFileSync(own, `text,label\n${Array.from({ length: 12 }, (_, i) => `"${remark(i)}",${i % 2}`).join('\n')}\n`);
  const mine = run([own, '--prequential']);
  assert.equal(mine.status, 0, mine.stderr);
  assert.match(
    mine.stdout,
    /^model: shipped model \(trained on youtube, sms, instagram, telegram, wordpress, civil\)$/m,
  );
});

test('--corpora takes no files; --only names corpora and goes with --corpora', () => {
  const cases: [string[], RegExp][] = [
    [['--corpora', 'x.csv'], /--corpora takes no files/],
    [['--corpora', '--prequential'], /--corpora takes no files/],
    [['--corpora', '--only', 'telegram,nope'], /--only: no corpus nope \(known: youtube, sms,/],
    [['x.csv', '--only', 'telegram'], /--only goes with --corpora/],
    [[], /eval needs a FILE \(or --corpora\)/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
