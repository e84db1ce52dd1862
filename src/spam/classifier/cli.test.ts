// `parley spam eval` end to end, on small files written here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/parley.mjs', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, 'spam', ...args], { encoding: 'utf8', timeout: 60_000 });

test('parley spam eval prints the figures, as one JSON object with --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-spam-'));
  try {
    const file = join(dir, 'sample.csv');
    writeFileSync(
      file,
      'comment,verdict\n' +
        '"Check out my channel!!! http://bit.ly/x, subscribe",junk\n' +
        '"Free gift card, visit www.win-prizes.example now",junk\n' +
        '"The council should publish the budget before the vote.",ok\n' +
        '"I was at the meeting; the minutes are accurate.",ok\n',
    );
    const r = run([
      'eval',
      file,
      '--text-column',
      'comment',
      '--label-column',
      'verdict',
      '--spam-value',
      'junk',
      '--json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(m), [
      'accuracy',
      'precision',
      'recall',
      'f1',
      'mcc',
      'fpr',
      'holdRate',
      'tp',
      'fp',
      'tn',
      'fn',
      'n',
    ]);
    assert.equal(m.n, 4);
    assert.equal(m.fp, 0);
    assert.equal(m.tp + m.fn, 2);
    const human = run(['eval', file, '--text-column', 'comment', '--label-column', 'verdict', '--spam-value', 'junk']);
    assert.match(human.stdout, /accuracy\s+\d\.\d{4}/);
    assert.match(human.stdout, /FPR\s+0\.0000/);
    const bad = run(['eval', file, '--text-column', 'nope']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /no column "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parley spam eval runs the whole policy by default, the classifier alone with --checks classifier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-spam-'));
  try {
    const file = join(dir, 'news.csv');
    // A reader citing two sources: the classifier, trained on news readers too, does not call it
    // spam; the policy holds it for a moderator (two links), which is not a false positive either.
    writeFileSync(
      file,
      'text,label,website\n' +
        '"Both agencies reported it: https://a.example/report and https://b.example/story",0,\n' +
        '"Check out my channel!!! http://bit.ly/x subscribe, free gift card",1,http://spam.example\n' +
        '"The council should publish the budget before the vote.",0,\n',
    );
    const classifier = JSON.parse(run(['eval', file, '--checks', 'classifier', '--json']).stdout);
    assert.deepEqual([classifier.tp, classifier.fp], [1, 0]);
    const policy = JSON.parse(run(['eval', file, '--json']).stdout);
    assert.deepEqual([policy.tp, policy.fp, policy.tn], [1, 0, 2]);
    assert.ok(policy.holdRate > 0.3);
    assert.match(
      run(['eval', file]).stdout,
      /the default policy's content checks \(blocklist, keywords, links, contact, testimonial, confusables, padding, praise, blog-talk, self-promotion, advert, author-fields, language, classifier, site-learning; site languages en\)/,
    );
    assert.equal(run(['eval', file, '--checks', 'some']).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
