// `parley spam eval`: the policy or the classifier measured on labelled files, a site's stream
// replayed with a moderator teaching it (--prequential), or every shipped corpus left out of
// training in turn (--corpora). Files before --train-on are measured, files after it trained on;
// each file may carry its own mapping (`FILE?text-column=body&label=spam`, src/spam/eval-files.ts).
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPORA, type Corpus } from '../spam/classifier/corpora.ts';
import { confusion, confusionOf, metrics, rounded, type Confusion } from '../spam/classifier/metrics.ts';
import { SpamModel } from '../spam/classifier/model.ts';
import type { Example, TableOptions } from '../spam/classifier/data.ts';
import {
  calibrationError,
  figures,
  formatCorporaTable,
  groupedByFile,
  kindOf,
  leaveOneCorpusOut,
  trainingWithout,
  type Figures,
  type Left,
} from '../spam/corpus-eval.ts';
import { copiedCorpora } from '../spam/copied-corpus.ts';
import { forTraining, loadFile, parseClass, parseFileSpec, trainOn, type LoadedFile } from '../spam/eval-files.ts';
import { NOT_FROM_A_FILE, policyDecisions } from '../spam/policy-eval.ts';
import { DEFAULT_CHECKS } from '../spam/pipeline.ts';
import { formatPrequential, orderOf, prequential, seededShuffle } from '../spam/prequential.ts';
import { DataError } from '../spam/classifier/data.ts';

export class UsageError extends Error {}

export const EVAL_USAGE = `  parley spam eval FILE… [--text-column NAME] [--label-column NAME] [--spam-value V] [--label spam|ham] [--raw]
                        [--train-on FILE…] [--checks all|classifier] [--lang en,fr] [--seed N] [--json]
  parley spam eval FILE… --prequential [--train-on FILE…] [--seed N] [--json]
  parley spam eval --corpora [--only NAME,…] [--seed N] [--json]
      FILE may carry its own columns: 'FILE?text-column=NAME&label-column=NAME&spam-value=V&label=spam|ham&raw'
      (the flags above apply to measured files that do not say); a .txt file is one comment per line`;

const OPTIONS = {
  'text-column': { type: 'string' },
  'label-column': { type: 'string' },
  'spam-value': { type: 'string' },
  label: { type: 'string' },
  json: { type: 'boolean', default: false },
  raw: { type: 'boolean', default: false },
  'train-on': { type: 'string', multiple: true },
  seed: { type: 'string', default: '1' },
  checks: { type: 'string', default: 'all' },
  lang: { type: 'string' },
  corpora: { type: 'boolean', default: false },
  only: { type: 'string' },
  prequential: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, tokens: true, options: OPTIONS });
const say = (line: string) => process.stderr.write(`${line}\n`);

/** Files before the first --train-on are measured; --train-on's values and files after it, trained on. */
function fileArgs(tokens: NonNullable<ReturnType<typeof parse>['tokens']>): { test: string[]; train: string[] } {
  const out = { test: [] as string[], train: [] as string[] };
  let training = false;
  for (const t of tokens) {
    if (t.kind === 'option' && t.name === 'train-on') {
      training = true;
      if (t.value !== undefined) out.train.push(t.value);
    } else if (t.kind === 'positional') (training ? out.train : out.test).push(t.value);
  }
  return out;
}

function usage<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw err instanceof DataError ? new UsageError(err.message) : err;
  }
}
const spec = (arg: string, defaults: TableOptions = {}) => usage(() => parseFileSpec(arg, defaults));
const classOf = (value: string) => usage(() => parseClass(value, '--label'));

export async function evaluate(argv: string[]): Promise<void> {
  const { values, tokens } = parse(argv);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  const languages = (values.lang ?? 'en')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const files = fileArgs(tokens);
  if (values.corpora) {
    if (files.test.length || files.train.length || values.prequential)
      throw new UsageError('--corpora takes no files and no --train-on or --prequential');
    // Without --lang each corpus is judged with its own site's languages (Russian for Telegram).
    return corpora(values, seed, values.lang === undefined ? undefined : languages);
  }
  if (values.only !== undefined) throw new UsageError('--only goes with --corpora');
  if (values.checks !== 'all' && values.checks !== 'classifier')
    throw new UsageError('--checks must be all or classifier');
  if (values.prequential && values.checks !== 'all') throw new UsageError('--prequential judges with the whole policy');
  if (!files.test.length) throw new UsageError('eval needs a FILE (or --corpora)');
  const defaults: TableOptions = {
    textColumn: values['text-column'],
    labelColumn: values['label-column'],
    spamValue: values['spam-value'],
    raw: values.raw,
    label: values.label === undefined ? undefined : classOf(values.label),
  };
  const test = files.test.map((f) => loadFile(spec(f, defaults)));
  const examples = test.flatMap((f) => f.examples);
  if (!examples.length) throw new UsageError(`${files.test.join(', ')}: no rows`);
  const train = files.train.map((f) => loadFile(spec(f)));
  const { model, origin } = chooseModel(test, train, seed, values.prequential);
  if (values.prequential) return stream(test, examples, model, origin, seed, languages, values.json);
  measure(test, examples, model, origin, languages, values);
}

function corpora(values: Values, seed: number, languages: string[] | undefined): void {
  const only = values.only
    ?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = only?.filter((n) => !CORPORA.some((c) => c.name === n)) ?? [];
  if (unknown.length)
    throw new UsageError(`--only: no corpus ${unknown.join(', ')} (known: ${CORPORA.map((c) => c.name).join(', ')})`);
  const report = leaveOneCorpusOut({
    corpora: CORPORA,
    only,
    seed,
    languages,
    train: (examples) => trainOn(examples, seed),
    progress: say,
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 1)}\n` : formatCorporaTable(report));
}

const trainedOn = (model: SpamModel, c: Corpus) =>
  model.meta.sources.some((s) => s === c.name || c.files.some((f) => f.file === s));

/**
 * The model to measure with: trained now on --train-on's files; else the shipped one, unless a
 * stream replays a shipped corpus it was trained on: then one trained now without that corpus
 * (without that file, for a corpus grouped by file), as --corpora does.
 */
function chooseModel(test: LoadedFile[], train: LoadedFile[], seed: number, stream: boolean) {
  const names = (fs: LoadedFile[]) => fs.map((f) => basename(f.spec.path)).join(', ');
  if (train.length) {
    say(`training on ${names(train)}…`);
    const model = trainOn(train.flatMap(forTraining), seed);
    return { model, origin: `trained now on ${names(train)} (${model.meta.spam} spam, ${model.meta.ham} ham)` };
  }
  const model = SpamModel.load();
  const seen = test.filter((f) => f.corpus && trainedOn(model, f.corpus));
  const left: Left[] = seen.map((f) => ({ corpus: f.corpus!.name, file: groupedByFile(f.corpus!) ? f.file : null }));
  const what = [names(seen)];
  // The same texts under another path (the original download, a copy): found by content.
  const elsewhere = test.filter((f) => !f.corpus);
  const copied = copiedCorpora(
    elsewhere.flatMap((f) => f.examples),
    CORPORA.filter((c) => trainedOn(model, c)),
  );
  for (const c of copied) {
    left.push({ corpus: c.corpus, file: c.file });
    what.push(
      `${names(elsewhere)} (${Math.round(c.share * 100)} % of its texts are the shipped ${c.file ?? c.corpus})`,
    );
  }
  const seenNames = what.filter(Boolean).join(', ');
  const origin = `shipped model (trained on ${model.meta.sources.join(', ')})`;
  if (!left.length) return { model, origin };
  if (!stream)
    return { model, origin: `${origin}\nwarning: it was trained on ${seenNames}; these figures are optimistic` };
  const training = trainingWithout(CORPORA, left);
  say(`the shipped model was trained on ${seenNames}: training without it, on ${training.examples.length} examples…`);
  const fresh = trainOn(training.examples, seed);
  return { model: fresh, origin: `trained now on the shipped corpora without ${seenNames}` };
}

async function stream(
  test: LoadedFile[],
  examples: Example[],
  model: SpamModel,
  origin: string,
  seed: number,
  languages: string[],
  json: boolean,
): Promise<void> {
  const order = orderOf(examples.map((e) => e.label));
  const replayed = order.sorted ? seededShuffle(examples, seed) : examples;
  const how = order.sorted ? `shuffled with seed ${seed}: ${order.why}` : `as in the file (${order.why})`;
  const report = await prequential(model, replayed, languages);
  if (json) {
    say(`model: ${origin}\norder: ${how}`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  process.stdout.write(
    `${test.map((f) => f.spec.path).join(', ')}: ${examples.length} comments, replayed ${how}\n` +
      `model: ${origin}\n` +
      'each judged by the default policy (spam or discard = spam, held apart), then taught its true label\n' +
      "through the engine's learn(), as a moderator's verdict; beside it, the same stream never taught\n\n" +
      formatPrequential(report),
  );
}

function measure(
  test: LoadedFile[],
  examples: Example[],
  model: SpamModel,
  origin: string,
  languages: string[],
  values: Values,
): void {
  const labels = examples.map((e) => e.label);
  const alone = values.checks === 'classifier';
  const p = alone ? examples.map((e) => model.score(e.text, e.extras)) : [];
  const c = alone
    ? confusion(p, labels, model.thresholds)
    : confusionOf(policyDecisions(model, examples, languages), labels);
  const ece = alone ? calibrationError(p, labels) : undefined;
  const kind = kindOf(labels);
  const shares: Partial<Figures> = kind === 'two-class' ? {} : figures(kind, c);
  if (values.json) {
    const { accuracy, precision, recall, f1, mcc, fpr, holdRate, tp, fp, tn, fn, n } = rounded(metrics(c));
    const out = { accuracy, precision, recall, f1, mcc, fpr, holdRate, tp, fp, tn, fn, n, ...shares, ece };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const decision = alone
    ? `the classifier alone, spam at p ≥ ${model.thresholds.spam.toFixed(3)}, held for a moderator at p ≥ ${model.thresholds.hold.toFixed(3)} (held counts as not spam)`
    : `the default policy's content checks (${DEFAULT_CHECKS.map((ch) => ch.name)
        .filter((ch) => !NOT_FROM_A_FILE.includes(ch))
        .join(', ')}; site languages ${languages.join(', ')}): spam or discard counts as spam, held as not spam`;
  process.stdout.write(
    `${test.map((f) => f.spec.path).join(', ')}: ${c.tp + c.fp + c.tn + c.fn} rows, ${c.tp + c.fn} spam, ${c.tn + c.fp} ham\n` +
      `model: ${origin}\ndecision: ${decision}\n${figureLines(c, shares, ece)}`,
  );
}

function figureLines(c: Confusion, shares: Partial<Figures>, ece: number | undefined): string {
  const f = (x: number) => x.toFixed(4);
  const m = rounded(metrics(c));
  const lines =
    shares.spamRate === undefined
      ? [
          `accuracy   ${f(m.accuracy)}`,
          `precision  ${f(m.precision)}`,
          `recall     ${f(m.recall)}`,
          `F1         ${f(m.f1)}`,
          `MCC        ${f(m.mcc)}`,
          `FPR        ${f(m.fpr)}  (ham judged spam)`,
          `hold rate  ${f(m.holdRate)}`,
        ]
      : [
          `judged spam  ${f(shares.spamRate)}`,
          `held         ${f(shares.heldRate!)}`,
          ...(shares.publishedRate === undefined ? [] : [`published    ${f(shares.publishedRate)}`]),
        ];
  if (ece !== undefined) lines.push(`ECE        ${f(ece)}  (expected calibration error, 10 equal-width bins)`);
  lines.push(`tp ${m.tp}  fp ${m.fp}  tn ${m.tn}  fn ${m.fn}`, '');
  return lines.join('\n');
}
