// The shipped policy on the comments a blog gets (test/fixtures/spam, written by us): long
// technical comments full of numbers, addresses and links stay published, and the four kinds of
// blog spam (support-number scams, praise carrying a link, property and travel adverts) are
// mostly judged spam. Floors are today's figures less one comment's margin.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Example } from '../../src/spam/classifier/data.ts';
import { shippedModel } from '../../src/spam/classifier/model.ts';
import { policyDecisions } from '../../src/spam/policy-eval.ts';

const read = (name: string, label: 0 | 1): Example[] =>
  readFileSync(new URL(`../fixtures/spam/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((text) => ({ text, label, group: name }));

const share = (decisions: string[], kind: string) => decisions.filter((d) => d === kind).length / decisions.length;

test('long technical comments with versions, addresses, commands and links are not judged spam', () => {
  const ham = read('technical-ham.txt', 0);
  assert.equal(ham.length, 40);
  const d = policyDecisions(shippedModel(), ham, ['en']);
  assert.equal(share(d, 'spam'), 0, 'a technical comment judged spam');
  assert.ok(share(d, 'hold') <= 0.05, `held ${share(d, 'hold')}`);
});

test('support-number scams, praise with a link, property and travel adverts are mostly judged spam', () => {
  const spam = read('blog-spam.txt', 1);
  assert.equal(spam.length, 40);
  const d = policyDecisions(shippedModel(), spam, ['en']);
  assert.ok(share(d, 'spam') >= 0.8, `judged spam ${share(d, 'spam')}`);
  assert.ok(share(d, 'ham') <= 0.05, `published ${share(d, 'ham')}`);
});
