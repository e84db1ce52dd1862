// How a site's layer learns from a stream of verdicts: a new campaign is caught after a few,
// a run of "not spam" verdicts does not open the door to spam, every verdict (right or wrong)
// adds evidence, and what one feature can move is bounded. Our own made-up texts throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namedFeatures } from './features.ts';
import { SiteLayer, SpamModel } from './model.ts';

const model = SpamModel.load();
const indexOf = (text: string, name: string) => {
  const f = namedFeatures(text).features.find((x) => x.name === name);
  assert.ok(f, `no feature ${name} in "${text}"`);
  return f.index;
};

const CAMPAIGN = [
  'Vexolin drops fixed my knees in a week, order yours at marlowtonic',
  'my aunt swears by Vexolin drops, marlowtonic ships them overnight',
  'Vexolin drops are the real deal, ask marlowtonic for the starter pack',
  'Tried Vexolin drops from marlowtonic and my joints feel new',
  'Vexolin drops beat any pill, marlowtonic delivers worldwide',
  'get Vexolin drops now, marlowtonic has stock',
];

test('after a few verdicts a new campaign is caught, fresh messages of it too; readers on the topic are not', () => {
  const fresh = 'Vexolin drops work, message marlowtonic';
  const longer = 'anyone else on Vexolin drops? marlowtonic has a discount this month';
  const reader = 'My knees were bad all winter, the physio exercises helped a lot';
  for (const t of [fresh, longer, reader]) assert.equal(model.decide(t), 'ham', `premise: ${t}`);
  const layer = new SiteLayer(model);
  for (const t of CAMPAIGN) layer.learn(t, undefined, 1);
  assert.equal(model.decide(fresh, undefined, layer), 'spam', `fresh: ${layer.score(fresh)}`);
  // Half its words are the campaign's: held for a moderator, not published.
  assert.equal(model.decide(longer, undefined, layer), 'hold', `longer: ${layer.score(longer)}`);
  assert.equal(model.decide(reader, undefined, layer), 'ham', `reader: ${layer.score(reader)}`);
});

const VERBS = ['read', 'check', 'share', 'look at', 'see', 'sign', 'watch'];
const THINGS = ['minutes', 'timetable', 'petition', 'report', 'detour map', 'survey', 'agenda', 'photos'];
const SITES = ['council', 'buses', 'library', 'school', 'roads', 'parks'];
/** Readers pointing each other to a page with "please": the shipped model rates them all spam. */
const READERS = Array.from(
  { length: 48 },
  (_, i) =>
    `Please ${VERBS[i % 7]} the ${THINGS[i % 8]} here https://${SITES[i % 6]}.example.org/${THINGS[i % 8].replace(' ', '-')}`,
);
const PROMOTERS = [
  'please check my new song https://sound.example.net/kadi',
  'please visit my page https://pages.example.net/kadi',
  'please follow me https://social.example.net/kadi',
  'check this out guys https://tube.example.net/kadi',
];

test('a run of "not spam" verdicts on linked, pleading comments does not let linked, pleading spam pass', () => {
  assert.ok(
    READERS.every((t) => model.decide(t) !== 'ham'),
    'premise: the shipped model holds or blocks them',
  );
  assert.ok(
    PROMOTERS.every((t) => model.decide(t) === 'spam'),
    'premise',
  );
  const layer = new SiteLayer(model);
  const links = indexOf(READERS[0], 's:links=1');
  const timetable = indexOf(READERS[1], 'w:timetable');
  const moves: number[] = [];
  for (const t of READERS) {
    const before = layer.weight(links);
    layer.learn(t, undefined, 0);
    moves.push(before - layer.weight(links));
  }
  assert.ok(
    READERS.every((t) => model.decide(t, undefined, layer) === 'ham'),
    'each reader is now published',
  );
  for (const t of PROMOTERS) assert.equal(model.decide(t, undefined, layer), 'spam', `${t}: ${layer.score(t)}`);
  // "Contains a link" is what every comment with a link shares: it moves with evidence, its
  // steps shrinking as evidence grows, and far less than a word these readers have to themselves.
  assert.ok(moves[0] > moves.at(-1)! * 3, `first step ${moves[0]}, last ${moves.at(-1)}`);
  assert.ok(layer.evidenceOf(links) > 0);
  assert.ok(Math.abs(layer.weight(links)) < 1, `links moved ${layer.weight(links)}`);
  assert.ok(
    Math.abs(layer.weight(timetable)) > Math.abs(layer.weight(links)) / 8,
    `own word ${layer.weight(timetable)}`,
  );
});

test('a verdict the model already agreed with adds evidence without a correction', () => {
  const text = 'The council should publish the bus timetable sooner, it changed twice';
  assert.equal(model.decide(text), 'ham', 'premise');
  const layer = new SiteLayer(model);
  const word = indexOf(text, 'w:council');
  const r = layer.learn(text, undefined, 0);
  assert.equal(r.steps, 0, 'no correction needed');
  assert.ok(layer.evidenceOf(word) > 0, 'but the verdict counts as evidence');
  assert.ok(r.after <= r.before, `${r.before} → ${r.after}`);
});

test('one feature can only move so far, however often a site insists', () => {
  const layer = new SiteLayer(model);
  const text = 'Zentrivo Zentrivo Zentrivo';
  const word = indexOf(text, 'w:zentrivo');
  let last = 0;
  const steps: number[] = [];
  for (let i = 0; i < 300; i++) {
    layer.learn(text, undefined, i % 2 === 0 ? 1 : 0);
    steps.push(Math.abs(layer.weight(word) - last));
    last = layer.weight(word);
  }
  assert.ok(Math.abs(layer.weight(word)) <= 8, `weight ${layer.weight(word)}`);
  // Contradicting verdicts on the same text: the corrections swing it, but the evidence keeps
  // growing, and the layer never leaves its bounds.
  assert.ok(layer.evidenceOf(word) > 1, `evidence ${layer.evidenceOf(word)}`);
  assert.ok(steps.every((s) => Number.isFinite(s) && s <= 16));
});

test('a snapshot of the first format still loads; the current one keeps the evidence', () => {
  const v1 = { format: 'parley-spam-site/1', dimBits: 18, corrections: 3, adjustments: [[5, 0.25]] };
  const old = SiteLayer.fromJSON(model, v1);
  assert.equal(old.weight(5), 0.25);
  assert.equal(old.evidenceOf(5), 0);
  assert.equal(old.corrections, 3);

  const layer = new SiteLayer(model);
  for (const t of CAMPAIGN) layer.learn(t, undefined, 1);
  const json = JSON.parse(JSON.stringify(layer.toJSON()));
  assert.equal(json.format, 'parley-spam-site/2');
  const back = SiteLayer.fromJSON(model, json);
  const word = indexOf(CAMPAIGN[0], 'w:vexolin');
  assert.ok(Math.abs(back.evidenceOf(word) - layer.evidenceOf(word)) < 1e-4);
  assert.deepEqual(back.toJSON(), layer.toJSON());
  assert.throws(() => SiteLayer.fromJSON(model, { ...json, format: 'parley-spam-site/9' }), /unsupported/);
  assert.throws(() => SiteLayer.fromJSON(model, { ...json, evidence: undefined }), /unsupported/);
});
