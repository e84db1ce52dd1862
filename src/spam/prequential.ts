// Test, then teach (`parley spam eval FILE --prequential`): a labelled file replayed as a site's
// stream of comments. Each comment is judged by the whole default policy with what the site has
// learned so far, then its true label is taught through the spam engine's own `learn`, the
// code a moderator's verdict goes through on the server (a text already clearly on its side
// teaches nothing). The same stream judged without teaching is the baseline. The figures are
// those of comments 51…N, 101…N and 201…N: how well the site does once moderators have
// spent their first 50, 100, 200 verdicts on it.
import { fakeClock } from '../core/clock.ts';
import type { SpamCorrectionRow, SpamMemoryStore } from '../core/ports.ts';
import type { Example, Label } from './classifier/data.ts';
import { confusionOf, metrics, type Decision } from './classifier/metrics.ts';
import type { SpamModel } from './classifier/model.ts';
import { SpamEngine } from './engine.ts';
import { decisionOf, evalContexts } from './policy-eval.ts';

export const WINDOWS = [50, 100, 200] as const;
export type StreamFigures = {
  mcc: number;
  fpr: number;
  holdRate: number;
  accuracy: number;
  precision: number;
  recall: number;
  n: number;
};
export type After = Record<'50' | '100' | '200', StreamFigures>;
export type PrequentialReport = { after: After; withoutTeaching: { after: After } };

/** Whether a file's order is its own or a sort by class, which no site's stream looks like. */
export type Order = { sorted: boolean; why: string };

const SORTED_IF_EXPECTED_BELOW = 1e-3;
const name = (l: Label) => (l === 1 ? 'spam' : 'ham');

export function orderOf(labels: readonly Label[]): Order {
  const n = labels.length;
  const spam = labels.filter((l) => l === 1).length;
  if (spam === 0 || spam === n) return { sorted: false, why: 'one class only' };
  const longest = [0, 0];
  let runs = 1;
  let run = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && labels[i] !== labels[i - 1]) {
      runs++;
      run = 0;
    }
    longest[labels[i]] = Math.max(longest[labels[i]], ++run);
  }
  if (runs === 2) return { sorted: true, why: `all ${name(labels[0])} come before all ${name(labels[n - 1])}` };
  for (const l of [1, 0] as const) {
    // In a random order a run of l at least L long starts at about n(1 − q) + 1 places, each
    // with probability q^L (q the class's share): far below one such run means a sort.
    const q = (l === 1 ? spam : n - spam) / n;
    const expected = (n * (1 - q) + 1) * q ** longest[l];
    if (expected < SORTED_IF_EXPECTED_BELOW)
      return {
        sorted: true,
        why: `${longest[l]} ${name(l)} in a row (a random order would have ${expected.toExponential(1)} such runs)`,
      };
  }
  return { sorted: false, why: 'no run of one class longer than chance gives' };
}

/** A seeded shuffle (mulberry32): the same seed gives the same stream on every machine. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The corrections log a site's engine reads and writes, in memory: one replay's site only. */
function memoryLog(): SpamMemoryStore {
  const rows: SpamCorrectionRow[] = [];
  return {
    addSpamCorrection: async (row) => {
      let i = rows.length;
      while (i > 0 && rows[i - 1].id > row.id) i--;
      rows.splice(i, 0, row);
    },
    spamCorrections: async (siteId, afterId) =>
      rows.filter((r) => r.site_id === siteId && (afterId === null || r.id > afterId)),
    spamLayer: async () => undefined,
    compactSpamCorrections: async () => {
      throw new Error('a replay never compacts');
    },
  };
}

/** The policy's decision on each comment of the stream, with and without teaching as it goes. */
export async function replay(
  model: SpamModel,
  stream: readonly Example[],
  languages: readonly string[],
): Promise<{ taught: Decision[]; plain: Decision[] }> {
  // A comment a minute: the engine syncs its layer with the log as it would on a server.
  const clock = fakeClock();
  const taught = new SpamEngine({ model, store: memoryLog(), clock });
  const plain = new SpamEngine({ model, store: memoryLog(), clock });
  const contexts = evalContexts(stream, languages);
  const out = { taught: [] as Decision[], plain: [] as Decision[] };
  for (let i = 0; i < stream.length; i++) {
    const { input, extras } = contexts[i];
    out.taught.push(decisionOf(await taught.moderate(input, extras)));
    out.plain.push(decisionOf(await plain.moderate(input, extras)));
    const sample = { text: stream[i].text, extras: { authorUrl: input.website, ...extras } };
    await taught.learn(input.siteId, stream[i].label, sample, { source: 'prequential' });
    clock.advance(60_000);
  }
  return out;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The figures of comments `from + 1`…N. */
export function after(decisions: readonly Decision[], labels: readonly Label[]): After {
  const out = {} as After;
  for (const from of WINDOWS) {
    const m = metrics(confusionOf(decisions.slice(from), labels.slice(from)));
    out[String(from) as keyof After] = {
      mcc: r4(m.mcc),
      fpr: r4(m.fpr),
      holdRate: r4(m.holdRate),
      accuracy: r4(m.accuracy),
      precision: r4(m.precision),
      recall: r4(m.recall),
      n: m.n,
    };
  }
  return out;
}

export async function prequential(
  model: SpamModel,
  stream: readonly Example[],
  languages: readonly string[],
): Promise<PrequentialReport> {
  const { taught, plain } = await replay(model, stream, languages);
  const labels = stream.map((e) => e.label);
  return { after: after(taught, labels), withoutTeaching: { after: after(plain, labels) } };
}

export function formatPrequential(r: PrequentialReport): string {
  const f = (x: number) => x.toFixed(3).padStart(7);
  const lines = [
    `${'comments'.padEnd(14)} ${'n'.padStart(6)}   taught: MCC     FPR    held  │ not taught: MCC     FPR    held`,
  ];
  for (const w of WINDOWS) {
    const k = String(w) as keyof After;
    const a = r.after[k];
    const b = r.withoutTeaching.after[k];
    lines.push(
      `${`${w + 1}…N`.padEnd(14)} ${String(a.n).padStart(6)}   ${f(a.mcc)} ${f(a.fpr)} ${f(a.holdRate)}  │     ${f(b.mcc)} ${f(b.fpr)} ${f(b.holdRate)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
