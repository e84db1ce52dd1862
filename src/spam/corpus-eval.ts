// Leave one corpus out (`parley spam eval --corpora`): how the policy and the classifier do on a
// kind of comment they were not trained on. Each corpus is measured whole, floor slice included,
// against a model trained now on the trainable part of every other corpus. A corpus whose
// examples are grouped by file (YouTube: one video per file) is also left out one file at a
// time, the model trained on the other corpora and its other files, and its folds pooled:
// comments under one video are too alike to judge the others by.
import { addConfusions, confusion, confusionOf, metrics, type Confusion } from './classifier/metrics.ts';
import type { Corpus, CorpusKind } from './classifier/corpora.ts';
import { trainable } from './classifier/corpora.ts';
import type { Example, Label } from './classifier/data.ts';
import type { SpamModel } from './classifier/model.ts';
import { commandLine, corpusFileArg, examplesOfCorpus } from './eval-files.ts';
import { policyDecisions } from './policy-eval.ts';

/** What a corpus's row reports: two-class rates, or the shares a one-class corpus ends in. */
export type Figures = {
  n: number;
  accuracy?: number;
  precision?: number;
  recall?: number;
  mcc?: number;
  fpr?: number;
  holdRate?: number;
  spamRate?: number;
  heldRate?: number;
  publishedRate?: number;
};
export type CorpusResult = {
  name: string;
  kind: CorpusKind;
  about: string;
  policy: Figures;
  classifier: Figures & { ece: number };
  /** The `parley spam eval` command lines whose figures pooled give the policy's row. */
  commands: string[];
};
export type CorporaReport = {
  seed: number;
  /** null: each corpus with its own site's languages. */
  languages: string[] | null;
  seconds: number;
  corpora: CorpusResult[];
};

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function kindOf(labels: readonly Label[]): CorpusKind {
  const spam = labels.filter((l) => l === 1).length;
  return spam === labels.length ? 'spam-only' : spam === 0 ? 'ham-only' : 'two-class';
}

export function figures(kind: CorpusKind, c: Confusion): Figures {
  const n = c.tp + c.fp + c.tn + c.fn;
  const share = (k: number) => (n === 0 ? 0 : r4(k / n));
  if (kind === 'spam-only')
    return { n, spamRate: share(c.tp), heldRate: share(c.heldSpam), publishedRate: share(c.fn - c.heldSpam) };
  if (kind === 'ham-only') return { n, spamRate: share(c.fp), heldRate: share(c.heldHam) };
  const m = metrics(c);
  return {
    n,
    accuracy: r4(m.accuracy),
    precision: r4(m.precision),
    recall: r4(m.recall),
    mcc: r4(m.mcc),
    fpr: r4(m.fpr),
    holdRate: r4(m.holdRate),
  };
}

/** Expected calibration error: over equal-width bins of p, |mean p − share of spam|, bin-weighted. */
export function calibrationError(p: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    sumP[b] += p[i];
    sumY[b] += labels[i];
  }
  // (n_b / N) · |sumP_b / n_b − sumY_b / n_b| is |sumP_b − sumY_b| / N.
  let e = 0;
  for (let b = 0; b < bins; b++) e += Math.abs(sumP[b] - sumY[b]);
  return p.length ? r4(e / p.length) : 0;
}

/** Whether a corpus's groups are its files (then it is left out one file at a time). */
export function groupedByFile(c: Corpus): boolean {
  return c.files.length > 1 && examplesOfCorpus(c).every((e) => c.files.some((f) => f.file === e.group));
}

/** What is kept out of a training: whole corpora, or single files of corpora grouped by file. */
export type Left = { corpus: string; file: string | null };
const isLeft = (left: readonly Left[], corpus: string, file: string | null) =>
  left.some((l) => l.corpus === corpus && (l.file === null || l.file === file));

/** The trainable examples of every corpus but what is left out, and the files they come from. */
export function trainingWithout(
  corpora: readonly Corpus[],
  left: readonly Left[],
): { examples: Example[]; files: string[] } {
  const examples: Example[] = [];
  const files: string[] = [];
  // A text the measured part also has ("lol" is under a video and under a news outlet's post)
  // would be measured on what the model was trained with: it is kept out of the training too.
  const measured = new Set<string>();
  for (const c of corpora) {
    const byFile = groupedByFile(c);
    for (const e of examplesOfCorpus(c)) if (isLeft(left, c.name, byFile ? e.group : null)) measured.add(e.text);
  }
  for (const c of corpora) {
    if (isLeft(left, c.name, null)) continue;
    const byFile = groupedByFile(c);
    const kept = byFile ? examplesOfCorpus(c).filter((e) => !isLeft(left, c.name, e.group)) : examplesOfCorpus(c);
    examples.push(...trainable(kept).filter((e) => !measured.has(e.text)));
    for (const f of c.files) if (!byFile || !isLeft(left, c.name, f.file)) files.push(corpusFileArg(f));
  }
  return { examples, files };
}

/** One measured file reads best with its flags (`--label ham`); several need a mapping each. */
function measuredArgs(files: Corpus['files']): string[] {
  if (files.length > 1) return files.map(corpusFileArg);
  return [corpusFileArg({ file: files[0].file, args: '' }), ...files[0].args.split(/\s+/).filter(Boolean)];
}

type Fold = { label: string; test: Example[]; testFiles: string[]; left: Left };

function folds(c: Corpus): Fold[] {
  if (groupedByFile(c))
    return c.files.map((f) => ({
      label: `${c.name}/${f.file}`,
      test: examplesOfCorpus(c).filter((e) => e.group === f.file),
      testFiles: measuredArgs([f]),
      left: { corpus: c.name, file: f.file },
    }));
  return [
    {
      label: c.name,
      test: examplesOfCorpus(c),
      testFiles: measuredArgs(c.files),
      left: { corpus: c.name, file: null },
    },
  ];
}

export type CorporaOptions = {
  corpora: readonly Corpus[];
  /** The corpora measured (all when absent); each is still trained against all the others. */
  only?: readonly string[];
  seed: number;
  /** The site's languages for every corpus; each corpus's own (corpora.ts) when absent. */
  languages?: readonly string[];
  train: (examples: Example[]) => SpamModel;
  progress?: (line: string) => void;
};

export function leaveOneCorpusOut(o: CorporaOptions): CorporaReport {
  const t0 = performance.now();
  const measured = o.only ? o.corpora.filter((c) => o.only!.includes(c.name)) : o.corpora;
  const plan = measured.map((c) => ({ c, folds: folds(c) }));
  const total = plan.reduce((n, p) => n + p.folds.length, 0);
  let done = 0;
  const corpora = plan.map(({ c, folds }) => {
    const policy: Confusion[] = [];
    const alone: Confusion[] = [];
    const ps: number[] = [];
    const ys: number[] = [];
    const commands: string[] = [];
    const languages = o.languages ?? c.languages;
    for (const fold of folds) {
      const training = trainingWithout(o.corpora, [fold.left]);
      const started = performance.now();
      o.progress?.(`[${++done}/${total}] ${fold.label}: training on ${training.examples.length} examples…`);
      const model = o.train(training.examples);
      const labels = fold.test.map((e) => e.label);
      const p = fold.test.map((e) => model.score(e.text, e.extras));
      alone.push(confusion(p, labels, model.thresholds));
      policy.push(confusionOf(policyDecisions(model, fold.test, languages), labels));
      ps.push(...p);
      ys.push(...labels);
      const seed = o.seed === 1 ? [] : ['--seed', String(o.seed)];
      const lang = languages.join(',') === 'en' ? [] : ['--lang', languages.join(',')];
      commands.push(
        commandLine(['parley', 'spam', 'eval', ...fold.testFiles, '--train-on', ...training.files, ...seed, ...lang]),
      );
      o.progress?.(`      ${fold.label}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    return {
      name: c.name,
      kind: c.kind,
      about: c.about,
      policy: figures(c.kind, addConfusions(policy)),
      classifier: { ...figures(c.kind, addConfusions(alone)), ece: calibrationError(ps, ys) },
      commands,
    };
  });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  return { seed: o.seed, languages: o.languages ? [...o.languages] : null, seconds, corpora };
}

const COLUMNS: [keyof Figures | 'ece', string][] = [
  ['accuracy', 'acc'],
  ['precision', 'prec'],
  ['recall', 'recall'],
  ['mcc', 'MCC'],
  ['fpr', 'FPR'],
  ['holdRate', 'held'],
  ['spamRate', 'spam'],
  ['heldRate', 'held'],
  ['publishedRate', 'publ'],
  ['ece', 'ECE'],
];

function row(name: string, kind: string, by: string, f: Figures & { ece?: number }): string {
  const cells = COLUMNS.map(([k]) => {
    const v = f[k];
    return v === undefined ? '     ·' : v.toFixed(3).padStart(6);
  });
  return `${name.padEnd(10)} ${kind.padEnd(10)} ${by.padEnd(10)} ${String(f.n).padStart(6)} ${cells.join(' ')}`;
}

export function formatCorporaTable(r: CorporaReport): string {
  const head = `${'corpus'.padEnd(10)} ${'kind'.padEnd(10)} ${'judged by'.padEnd(10)} ${'n'.padStart(6)} ${COLUMNS.map(
    ([, h]) => h.padStart(6),
  ).join(' ')}`;
  const lines = [
    'Leave one corpus out: each corpus measured whole (its floor slice too) by a model trained now on the',
    'trainable part of all the others (a corpus of several videos: also on its other videos, folds pooled).',
    'Two-class: held counts as not spam (reported apart as held). One-class: the shares judged spam, held',
    "and published. ECE: expected calibration error of the classifier's probability (10 equal bins).",
    "Each corpus's commands reproduce its policy row (pooled); add --checks classifier for the classifier's.",
    '',
    head,
  ];
  for (const c of r.corpora) {
    lines.push(row(c.name, c.kind, 'policy', c.policy), row('', '', 'classifier', c.classifier));
    for (const cmd of c.commands) lines.push(`  $ ${cmd}`);
  }
  lines.push(
    '',
    `seed ${r.seed}, site languages ${r.languages ? r.languages.join(',') : "each corpus's own (telegram: ru,en; others: en)"}; ${r.seconds.toFixed(0)} s`,
    '',
  );
  return lines.join('\n');
}
