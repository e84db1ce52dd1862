import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadYouTube } from './data.ts';
import { assignFolds, chooseThresholds, trainModel } from './fit.ts';
import { readFileSync } from 'node:fs';
import { SHIPPED_MODEL, SpamModel } from './model.ts';
import { trainShipped } from './train.ts';

const small = () => [...loadYouTube('Youtube01-Psy.csv'), ...loadYouTube('Youtube02-KatyPerry.csv')];

test('same data and seed give a byte-identical model file, which loads back to the same model', () => {
  const data = small();
  const opts = { seed: 7, bags: 2, epochs: 4 };
  const model = trainModel(data, opts);
  const a = model.serialize();
  assert.equal(trainModel(data, opts).serialize(), a);
  const again = SpamModel.parse(a);
  assert.equal(again.serialize(), a);
  for (const text of ['subscribe to my channel please', 'love this song'])
    assert.equal(again.score(text), model.score(text));
  assert.deepEqual([...again.common], [...model.common]);
  assert.notEqual(trainModel(data, { ...opts, seed: 8 }).serialize(), a);
});

test('thresholds come from out-of-fold ham scores of the training data', () => {
  const scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.95, 0.97, 0.99, 0.2];
  const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 0];
  // Seven ham: 1 % allows none ⇒ midway between the highest ham (0.7) and the next score (0.95);
  // 15 % allows one ⇒ midway between the second-highest ham (0.6) and the next score (0.7).
  const t = chooseThresholds(scores, labels, { spamFpr: 0.01, holdFpr: 0.15 });
  assert.ok(Math.abs(t.spam - 0.825) < 1e-12 && Math.abs(t.hold - 0.65) < 1e-12, JSON.stringify(t));
  const folds = assignFolds(
    ['a', 'a', 'b', 'b', 'c', 'c'].map((group, i) => ({ text: `t${i}`, label: (i % 2) as 0 | 1, group })),
    1,
  );
  assert.deepEqual(folds, { fold: [0, 0, 1, 1, 2, 2], k: 3 });
});

const shipped = SpamModel.load();

test('the shipped model flags obvious spam and lets an ordinary news comment through', () => {
  const spam = 'Check out my channel!!! http://bit.ly/2xYz9 subscribe';
  const news =
    'The council should publish the full budget before Thursday’s vote; last year’s overrun was never explained.';
  assert.ok(shipped.score(spam) >= shipped.thresholds.spam, `spam scored ${shipped.score(spam)}`);
  assert.equal(shipped.decide(spam), 'spam');
  assert.ok(shipped.score(news) < shipped.thresholds.hold, `news comment scored ${shipped.score(news)}`);
  assert.equal(shipped.decide(news), 'ham');
});

test('explanations name readable features, strongest first', () => {
  const reasons = shipped.explain('Check out my channel!!! http://bit.ly/2xYz9 subscribe', undefined, { top: 6 });
  const text = reasons.map((r) => r.description);
  assert.ok(text.includes('contains a link'), text.join(' | '));
  assert.ok(text.includes('word "subscribe"'), text.join(' | '));
  assert.ok(reasons.every((r, i) => i === 0 || Math.abs(r.contribution) <= Math.abs(reasons[i - 1].contribution)));
  assert.ok(reasons[0].contribution > 0);
});

test('an unknown file format is refused with a clear message', () => {
  assert.throws(() => SpamModel.parse('{"format":"other"}'), /unsupported file/);
});

test('the committed model file is exactly what `parley spam train` builds from the shipped data', () => {
  // Guards the features: a change in normalization or hashing would silently make the shipped
  // weights mean something else.
  const fresh = trainShipped({ seed: 1 }).serialize();
  assert.equal(fresh, readFileSync(SHIPPED_MODEL, 'utf8'));
});
