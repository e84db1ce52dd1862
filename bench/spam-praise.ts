// The praise and author-fields checks alone over every shipped corpus, and over the Civil
// Comments readers given names, websites and pages (ham-with-authors.ts), as a script:
//   node bench/spam-praise.ts [--seed 2017] [--share 0.2] [--rounds 5]
// Per corpus and label: how many comments each check fires on, the mean points it gives (over
// all comments), how many it alone brings to the hold line (3), and how many the two together
// bring to hold (3) and to spam (6). Then each check's cost per comment over the civil readers.
// The checks run on the context the server builds (check-context.ts), with default settings.
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../src/core/sites/settings.ts';
import type { CheckContext } from '../src/spam/check.ts';
import { buildCheckContext, withClassifier } from '../src/spam/check-context.ts';
import { authorFields } from '../src/spam/checks/author-fields.ts';
import { praise } from '../src/spam/checks/praise.ts';
import { CORPORA } from '../src/spam/classifier/corpora.ts';
import type { Example } from '../src/spam/classifier/data.ts';
import { withAuthors } from './ham-with-authors.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '2017' }, share: { type: 'string' }, rounds: { type: 'string' } },
});
const seed = Number(values.seed);
const share = Number(values.share ?? 0.2);
const rounds = Number(values.rounds ?? 5);

export function contextOf(e: Example): CheckContext {
  const input = buildCheckContext({
    site: { id: 'bench', lang: 'en' },
    settings: DEFAULT_SETTINGS,
    comment: {
      name: e.author?.name ?? '',
      email: e.author?.email ?? '',
      website: e.author?.website ?? null,
      body: e.text,
      ipHash: null,
      userAgent: null,
    },
    page: { title: e.extras?.context ?? null, url: e.extras?.permalink ?? null },
    now: 0,
  });
  return withClassifier(input, null);
}

type Row = { set: string; n: number; pf: number; pp: number; p3: number; af: number; ap: number; a3: number };
type Sums = Row & { hold: number; spam: number };

function measure(set: string, examples: readonly Example[]): Sums {
  const s: Sums = { set, n: 0, pf: 0, pp: 0, p3: 0, af: 0, ap: 0, a3: 0, hold: 0, spam: 0 };
  for (const e of examples) {
    const ctx = contextOf(e);
    const p = praise.run(ctx)?.score ?? 0;
    const a = authorFields.run(ctx)?.score ?? 0;
    s.n++;
    if (p > 0) s.pf++;
    if (a > 0) s.af++;
    if (p >= 3) s.p3++;
    if (a >= 3) s.a3++;
    s.pp += p;
    s.ap += a;
    if (p + a >= 3) s.hold++;
    if (p + a >= 6) s.spam++;
  }
  return s;
}

const pct = (x: number, n: number) => `${((100 * x) / Math.max(n, 1)).toFixed(2)} %`;
function print(rows: Sums[]): void {
  console.log(
    '| set | comments | praise fired | praise mean pts | praise ≥ 3 | author-fields fired | author mean pts | author = 3 | both ≥ 3 | both ≥ 6 |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.set} | ${r.n} | ${pct(r.pf, r.n)} | ${(r.pp / Math.max(r.n, 1)).toFixed(2)} | ${pct(r.p3, r.n)} | ${pct(r.af, r.n)} | ${(r.ap / Math.max(r.n, 1)).toFixed(2)} | ${pct(r.a3, r.n)} | ${pct(r.hold, r.n)} | ${pct(r.spam, r.n)} |`,
    );
}

/** Microseconds per comment for one check, per call: the median and the 99th percentile of the last rounds. */
function cost(contexts: readonly CheckContext[], run: (ctx: CheckContext) => unknown): { p50: number; p99: number } {
  const times: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const ctx of contexts) {
      const t0 = performance.now();
      run(ctx);
      const dt = performance.now() - t0;
      if (round > 0) times.push(dt);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] * 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

const rows: Sums[] = [];
let civil: Example[] = [];
for (const corpus of CORPORA) {
  const examples = corpus.load();
  if (corpus.name === 'civil') civil = examples;
  for (const label of [1, 0] as const) {
    const part = examples.filter((e) => e.label === label);
    if (part.length) rows.push(measure(`${corpus.name} ${label ? 'spam' : 'ham'}`, part));
  }
}
const readers = withAuthors(civil, seed, share);
rows.push(measure(`civil ham with authors (seed ${seed}, ${Math.round(share * 100)} % websites)`, readers));
rows.push(
  measure(
    'civil ham with authors, websites only',
    readers.filter((e) => e.author?.website),
  ),
);
print(rows);

const contexts = readers.map(contextOf);
for (const [name, run] of [
  ['praise', (c: CheckContext) => praise.run(c)],
  ['author-fields', (c: CheckContext) => authorFields.run(c)],
  ['both', (c: CheckContext) => [praise.run(c), authorFields.run(c)]],
] as const) {
  const c = cost(contexts, run);
  console.log(
    `cost of ${name} over civil with authors: p50 ${c.p50.toFixed(1)} µs, p99 ${c.p99.toFixed(1)} µs per comment`,
  );
}
