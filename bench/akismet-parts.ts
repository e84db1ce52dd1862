// In-process cost of the pieces of one Akismet comment-check, on the bodies bench/akismet.ts
// sends (a script, not a test): `node bench/akismet-parts.ts` (ROUNDS=n for more rounds).
// The HTTP benchmark shares two cores with its load generator and moves by ±15 % from run to
// run; this one isolates the pure work (form parsing on the serving thread, the text features
// and the language on the feature worker, the worker round trip) so a change to one of them
// can be judged in microseconds.
import { parseAkismetForm } from '../src/server/routes/akismet/form.ts';
import { vectorize } from '../src/spam/classifier/features.ts';
import { detectLanguage } from '../src/spam/checks/language.ts';
import { FeaturePool } from '../src/spam/feature-pool.ts';
import { bodies } from './akismet.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CT = 'application/x-www-form-urlencoded; charset=UTF-8';
const raw = bodies('abcdefghijkl', 4000).map((b) => Buffer.from(b));
const forms = raw.map((b) => parseAkismetForm(b, CT));
const texts = forms.map((f) => f.comment_content ?? '');
const extras = forms.map((f) => ({
  authorUrl: null,
  permalink: f.permalink ?? null,
  context: [f['comment_context[0]'], f['comment_context[1]']].join(', '),
}));

function time(label: string, fn: (i: number) => unknown): void {
  const perRound: number[] = [];
  let sink = 0;
  for (let r = 0; r <= ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < raw.length; i++) if (fn(i)) sink++;
    const us = Number(process.hrtime.bigint() - t0) / 1000 / raw.length;
    if (r > 0) perRound.push(us);
  }
  perRound.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} median ${perRound[perRound.length >> 1].toFixed(2)} µs  (min ${perRound[0].toFixed(2)})${sink < 0 ? '' : ''}`,
  );
}

time('parseAkismetForm', (i) => parseAkismetForm(raw[i], CT));
time('vectorize', (i) => vectorize(texts[i], extras[i]));
time('detectLanguage', (i) => detectLanguage(texts[i], ['eng']));

// The round trip through the worker, as the engine makes it: many in flight at once.
const pool = new FeaturePool(1);
await pool.warm();
for (const inFlight of [1, 8, 64]) {
  const perRound: number[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < raw.length; i += inFlight) {
      const batch: Promise<unknown>[] = [];
      for (let k = i; k < Math.min(raw.length, i + inFlight); k++)
        batch.push(pool.analyze(texts[k], extras[k], ['eng']));
      await Promise.all(batch);
    }
    const cpu = process.cpuUsage(cpu0);
    void t0;
    if (r > 0) perRound.push((cpu.user + cpu.system) / raw.length);
  }
  perRound.sort((a, b) => a - b);
  console.log(
    `pool, ${String(inFlight).padStart(2)} in flight: process CPU median ${perRound[perRound.length >> 1].toFixed(2)} µs/analysis (both threads)`,
  );
}
await pool.close();
