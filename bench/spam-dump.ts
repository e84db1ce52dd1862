// What the whole default policy decides for each comment of one shipped corpus left out of
// training, with the reasons, to see what a check misses (a script, not a test):
//   node bench/spam-dump.ts --corpus wordpress [--label spam|ham] [--outcome approve|hold|spam] [--limit 40] [--authors]
// The model trained without the corpus is cached under the system's temp directory (keyed by the
// corpus and the training data's size), so looking again costs seconds, not a training. With
// --authors the corpus (civil) is given readers' names and websites (ham-with-authors.ts) first.
// Prints how many end in each outcome, how often each check fires per outcome, then examples.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sigmoid, SpamModel } from '../src/spam/classifier/model.ts';
import { CORPORA } from '../src/spam/classifier/corpora.ts';
import { vectorize } from '../src/spam/classifier/features.ts';
import { withClassifier } from '../src/spam/check-context.ts';
import { trainingWithout } from '../src/spam/corpus-eval.ts';
import { trainOn } from '../src/spam/eval-files.ts';
import { evalContexts } from '../src/spam/policy-eval.ts';
import { moderate } from '../src/spam/pipeline.ts';
import { withAuthors } from './ham-with-authors.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'wordpress' },
    outcome: { type: 'string' },
    limit: { type: 'string', default: '30' },
    authors: { type: 'boolean', default: false },
    label: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const corpus = CORPORA.find((c) => c.name === values.corpus);
if (!corpus) throw new Error(`no corpus ${values.corpus}`);

const training = trainingWithout(CORPORA, [{ corpus: corpus.name, file: null }]);
const dir = join(tmpdir(), 'parley-spam-dump');
mkdirSync(dir, { recursive: true });
const cached = join(dir, `without-${corpus.name}-${training.examples.length}-${values.seed}.json`);
let model: SpamModel;
if (existsSync(cached)) model = SpamModel.parse(readFileSync(cached, 'utf8'));
else {
  model = trainOn(training.examples, Number(values.seed));
  writeFileSync(cached, model.serialize());
}

let examples = corpus.load();
if (values.authors) examples = withAuthors(examples);
if (values.label) examples = examples.filter((e) => e.label === (values.label === 'spam' ? 1 : 0));
const rows = evalContexts(examples, corpus.languages).map(({ input, extras }, i) => {
  const p = sigmoid(model.margin(vectorize(examples[i].text, extras)));
  const v = moderate(withClassifier(input, { p, layerMargin: 0, thresholds: model.thresholds, explain: () => [] }));
  return { e: examples[i], v, p };
});

const outcomes = new Map<string, number>();
const fired = new Map<string, Map<string, number>>();
for (const { v } of rows) {
  outcomes.set(v.outcome, (outcomes.get(v.outcome) ?? 0) + 1);
  const m = fired.get(v.outcome) ?? new Map<string, number>();
  fired.set(v.outcome, m);
  for (const r of v.reasons) m.set(r.check, (m.get(r.check) ?? 0) + 1);
}
console.log(`${corpus.name}: ${rows.length} comments`);
for (const [o, n] of outcomes) {
  const checks = [...(fired.get(o) ?? [])].map(([c, k]) => `${c} ${k}`).join(', ');
  console.log(`  ${o}: ${n} (${((100 * n) / rows.length).toFixed(1)} %) — ${checks}`);
}
const shown = rows.filter((r) => !values.outcome || r.v.outcome === values.outcome).slice(0, Number(values.limit));
for (const { e, v, p } of shown) {
  const who = e.author ? `[${e.author.name} | ${e.author.website ?? ''}] ` : '';
  console.log(`\n${v.outcome} ${v.score} p=${p.toFixed(2)} ${who}${e.extras?.context ? `(${e.extras.context}) ` : ''}`);
  console.log(`  ${e.text.slice(0, 300).replace(/\s+/g, ' ')}`);
  for (const r of v.reasons) console.log(`    ${r.check} ${r.score}: ${r.reason}`);
}
