import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SiteLayer, SpamModel } from './model.ts';

const model = SpamModel.load();
const unrelated = 'The bridge closure will add twenty minutes to my commute.';

test('one correction flips the corrected text; related texts follow, unrelated ones barely move', () => {
  const layer = new SiteLayer(model);
  const corrected = 'Subscribe to the Gazette newsletter, it is worth it.';
  const related = 'I subscribed to the Gazette newsletter last week and it is great.';
  const before = { related: layer.score(related), unrelated: layer.score(unrelated) };
  assert.equal(model.decide(corrected), 'spam', 'premise: the shipped model blocks it');
  assert.equal(model.decide(related), 'spam', 'premise: the shipped model blocks it');

  const r = layer.learn(corrected, undefined, 0);
  assert.ok(r.before > model.thresholds.spam && r.after < model.thresholds.hold, JSON.stringify(r));
  assert.equal(model.decide(corrected, undefined, layer), 'ham');
  // Measured in logit units: a text far past the line moves as much as one near it, but its
  // probability barely shows it.
  const logit = (p: number) => Math.log(p / (1 - p));
  assert.ok(
    logit(before.related) - logit(layer.score(related)) > 1.5,
    `related: ${before.related} → ${layer.score(related)}`,
  );
  assert.ok(
    Math.abs(layer.score(unrelated) - before.unrelated) < 0.02,
    `unrelated: ${before.unrelated} → ${layer.score(unrelated)}`,
  );
});

test('a missed spam is learned the other way, and the layer survives JSON', () => {
  const layer = new SiteLayer(model);
  const missed = 'Cheap loans for everyone, ring Mark today.';
  const related = 'Cheap loans, ring Mark.';
  assert.notEqual(model.decide(missed), 'spam', 'premise: the shipped model lets it through');
  layer.learn(missed, undefined, 1);
  assert.equal(model.decide(missed, undefined, layer), 'spam');
  const moved = (t: string) => layer.score(t) - model.score(t);
  assert.ok(moved(related) > 0.15, `related moved ${moved(related)}`);
  assert.ok(Math.abs(moved(unrelated)) < moved(related) / 2, `unrelated moved ${moved(unrelated)}`);

  const back = SiteLayer.fromJSON(model, JSON.parse(JSON.stringify(layer.toJSON())));
  assert.equal(back.corrections, 1);
  assert.ok(Math.abs(back.score(missed) - layer.score(missed)) < 1e-3);
  assert.deepEqual(back.toJSON(), layer.toJSON());
});
