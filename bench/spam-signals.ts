// How often each signal check fires on the shipped corpora, and what it costs (a script, not a test):
//   node bench/spam-signals.ts [--check contact] [--show spam|ham] [--corpus civil] [--json]
// Every comment of every corpus in CORPORA (src/spam/classifier/corpora.ts) goes through each
// check alone, as the body of a new comment. Printed per corpus and label: the share it fires
// on, its mean points over the comments it fires on, and the share it alone holds (≥ 3 points).
// Then each check's cost per comment over the civil corpus (the most like a news site's readers),
// timed per call after a warm-up round, alone and all of them in a row. `--show` prints the comments a check fires on.
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../src/core/sites/settings.ts';
import type { Check, CheckContext } from '../src/spam/check.ts';
import { contact } from '../src/spam/checks/contact.ts';
import { confusables } from '../src/spam/checks/confusables.ts';
import { padding } from '../src/spam/checks/padding.ts';
import { CORPORA } from '../src/spam/classifier/corpora.ts';
import type { Example } from '../src/spam/classifier/data.ts';

export const SIGNAL_CHECKS: readonly Check[] = [contact, confusables, padding];

function contextFor(e: Example): CheckContext {
  return {
    siteId: 'bench',
    siteLang: 'en',
    languages: ['en'],
    name: e.author?.name ?? 'Reader',
    email: e.author?.email ?? 'reader@example.com',
    website: e.author?.website ?? null,
    body: e.text,
    ipHash: 'net',
    userAgent: 'Mozilla/5.0',
    form: { honeypotFilled: false },
    formAgeMs: 30_000,
    page: { title: e.extras?.context ?? null, url: e.extras?.permalink ?? null },
    settings: DEFAULT_SETTINGS,
    facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
    classifier: null,
    now: 0,
  };
}

export type Firing = {
  corpus: string;
  label: 'spam' | 'ham';
  n: number;
  fired: number;
  meanPoints: number;
  held: number;
};

export function firings(check: Check, show?: 'spam' | 'ham', only?: string): Firing[] {
  const out: Firing[] = [];
  for (const c of CORPORA) {
    if (only && c.name !== only) continue;
    const examples = c.load();
    for (const label of [1, 0] as const) {
      const ofLabel = examples.filter((e) => e.label === label);
      if (!ofLabel.length) continue;
      let fired = 0;
      let points = 0;
      let held = 0;
      const name = label === 1 ? 'spam' : 'ham';
      for (const e of ofLabel) {
        const r = check.run(contextFor(e));
        if (!r) continue;
        fired++;
        points += r.score;
        if (r.score >= 3) held++;
        if (show === name)
          console.log(`  ${c.name} ${name} +${r.score} ${r.reason} | ${JSON.stringify(e.text.slice(0, 160))}`);
      }
      out.push({ corpus: c.name, label: name, n: ofLabel.length, fired, meanPoints: fired ? points / fired : 0, held });
    }
  }
  return out;
}

/**
 * Microseconds per comment over the civil corpus: mean and quantiles of per-call timings. Given
 * several checks, they run one after the other on each comment, as in the policy (where they
 * share the folded text and its words).
 */
export function cost(checks: readonly Check[]): { meanUs: number; p50Us: number; p99Us: number } {
  const civil = CORPORA.find((c) => c.name === 'civil')!.load();
  const contexts = civil.map(contextFor);
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const ctx of contexts) {
      const t0 = performance.now();
      for (const check of checks) check.run(ctx);
      const dt = performance.now() - t0;
      if (round > 0) times.push(dt * 1000);
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => Math.round(times[Math.floor((times.length - 1) * p)] * 100) / 100;
  return {
    meanUs: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 100) / 100,
    p50Us: q(0.5),
    p99Us: q(0.99),
  };
}

const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(2)} %`;

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      check: { type: 'string' },
      show: { type: 'string' },
      corpus: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const checks = SIGNAL_CHECKS.filter((c) => !values.check || c.name === values.check);
  const show = values.show === 'spam' || values.show === 'ham' ? values.show : undefined;
  const report = checks.map((check) => ({
    check: check.name,
    firings: firings(check, show, values.corpus),
    cost: cost([check]),
  }));
  const together = cost(checks);
  if (values.json) console.log(JSON.stringify({ report, together }, null, 2));
  else {
    for (const r of report) {
      console.log(
        `\n${r.check}: ${r.cost.meanUs} µs mean, ${r.cost.p50Us} µs p50, ${r.cost.p99Us} µs p99 per civil comment`,
      );
      console.log('  corpus      label      n   fires on   mean points   ≥ 3 points');
      for (const f of r.firings) {
        console.log(
          `  ${f.corpus.padEnd(10)}  ${f.label.padEnd(4)}  ${String(f.n).padStart(6)}  ${pct(f.fired, f.n).padStart(9)}  ${f.meanPoints.toFixed(2).padStart(12)}  ${pct(f.held, f.n).padStart(11)}`,
        );
      }
    }
    const names = checks.map((c) => c.name).join(' + ');
    console.log(
      `\n${names} in a row: ${together.meanUs} µs mean, ${together.p50Us} µs p50, ${together.p99Us} µs p99 per civil comment`,
    );
  }
}
