// `parley spam …`: train the shipped classifier, or measure a classifier on a labelled file.
//   parley spam train [--seed N] [--out FILE]
//   parley spam eval FILE [--text-column text] [--label-column label] [--spam-value V] [--json] [--raw]
//                         [--train-on FILE…]
//   parley spam mark ID spam|ham     a moderator's verdict: moves the comment and teaches the site's filter
//   parley spam explain ID           the score and reasons a comment got
//   parley spam discards [--site ID] [--limit N]   the newest discarded comments, with their reasons
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DataError, dedupe, loadExamples, type Example, type TableOptions } from '../spam/classifier/data.ts';
import { trainModel } from '../spam/classifier/fit.ts';
import { confusion, confusionOf, metrics, rounded, type Metrics } from '../spam/classifier/metrics.ts';
import { NOT_FROM_A_FILE, policyDecisions } from '../spam/policy-eval.ts';
import { DEFAULT_CHECKS } from '../spam/pipeline.ts';
import { SpamModel } from '../spam/classifier/model.ts';
import { describeReport, trainAndWrite } from '../spam/classifier/train.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import { SpamEngine } from '../spam/engine.ts';
import { AppError } from '../core/errors.ts';
import { isId } from '../core/ids.ts';
import { systemClock } from '../core/clock.ts';
import { SpamReview } from '../core/moderation/spam-review.ts';
import type { Reason } from '../spam/pipeline.ts';
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/open-store.ts';

const USAGE = `usage:
  parley spam train [--seed N] [--out FILE]
  parley spam eval FILE [--text-column NAME] [--label-column NAME] [--spam-value V] [--json] [--raw] [--train-on FILE…]
                        [--checks all|classifier] [--lang en,fr]
  parley spam mark ID spam|ham
  parley spam explain ID [--json]
  parley spam discards [--site ID] [--limit N] [--json]`;

class UsageError extends Error {}

export async function runSpam(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'train') return train(rest);
    if (sub === 'eval') return evaluate(rest);
    if (sub === 'mark' || sub === 'explain' || sub === 'discards') return await review(sub, rest);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`parley spam: ${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    if (err instanceof AppError) {
      process.stderr.write(`parley spam: ${err.code === 'NOT_FOUND' ? 'no such comment' : err.code}\n`);
      process.exit(1);
    }
    if (err instanceof DataError || (err instanceof Error && 'code' in err && String(err.code).startsWith('E'))) {
      process.stderr.write(`parley spam: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function train(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string', default: '1' }, out: { type: 'string' } },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  process.stdout.write(describeReport(values.out ? trainAndWrite(seed, values.out) : trainAndWrite(seed)));
}

function evaluate(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'text-column': { type: 'string' },
      'label-column': { type: 'string' },
      'spam-value': { type: 'string' },
      json: { type: 'boolean', default: false },
      raw: { type: 'boolean', default: false },
      'train-on': { type: 'string', multiple: true },
      seed: { type: 'string', default: '1' },
      checks: { type: 'string', default: 'all' },
      lang: { type: 'string', default: 'en' },
    },
  });
  const [file, ...more] = positionals;
  if (values.checks !== 'all' && values.checks !== 'classifier')
    throw new UsageError('--checks must be all or classifier');
  const languages = values
    .lang!.split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!file) throw new UsageError('eval needs a FILE');
  const trainFiles = values['train-on'] ? [...values['train-on'], ...more] : [];
  if (!values['train-on'] && more.length) throw new UsageError(`unexpected arguments: ${more.join(' ')}`);
  const opts: TableOptions = {
    textColumn: values['text-column'],
    labelColumn: values['label-column'],
    spamValue: values['spam-value'],
    raw: values.raw,
  };
  const test = loadExamples(file, opts);
  if (!test.length) throw new UsageError(`${file}: no rows`);

  let model: SpamModel;
  let origin: string;
  if (trainFiles.length) {
    const training: Example[] = dedupe(trainFiles.flatMap((f) => loadExamples(f, opts)));
    model = trainModel(training, { seed: Number(values.seed) });
    origin = `trained now on ${trainFiles.map((f) => basename(f)).join(', ')} (${model.meta.spam} spam, ${model.meta.ham} ham)`;
  } else {
    model = SpamModel.load();
    origin = `shipped model (trained on ${model.meta.sources.join(', ')})`;
    if (model.meta.sources.includes(basename(file)))
      origin += `\nwarning: ${basename(file)} is part of the shipped model's training data; these figures are optimistic`;
  }
  const labels = test.map((e) => e.label);
  const m = rounded(
    metrics(
      values.checks === 'classifier'
        ? confusion(
            test.map((e) => model.score(e.text, e.extras)),
            labels,
            model.thresholds,
          )
        : confusionOf(policyDecisions(model, test, languages), labels),
    ),
  );
  if (values.json) {
    const { accuracy, precision, recall, f1, mcc, fpr, holdRate, tp, fp, tn, fn, n } = m;
    process.stdout.write(
      `${JSON.stringify({ accuracy, precision, recall, f1, mcc, fpr, holdRate, tp, fp, tn, fn, n })}\n`,
    );
    return;
  }
  process.stdout.write(report(file, origin, model, m, values.checks === 'classifier' ? null : languages));
}

function report(file: string, origin: string, model: SpamModel, m: Metrics, policy: string[] | null): string {
  const f = (x: number) => x.toFixed(4);
  return [
    `${file}: ${m.n} rows, ${m.tp + m.fn} spam, ${m.tn + m.fp} ham`,
    `model: ${origin}`,
    policy
      ? `decision: the default policy's content checks (${DEFAULT_CHECKS.map((c) => c.name)
          .filter((c) => !NOT_FROM_A_FILE.includes(c))
          .join(', ')}; site languages ${policy.join(', ')}): spam or discard counts as spam, held as not spam`
      : `decision: the classifier alone, spam at p ≥ ${model.thresholds.spam.toFixed(3)}, held for a moderator at p ≥ ${model.thresholds.hold.toFixed(3)} (held counts as not spam)`,
    `accuracy   ${f(m.accuracy)}`,
    `precision  ${f(m.precision)}`,
    `recall     ${f(m.recall)}`,
    `F1         ${f(m.f1)}`,
    `MCC        ${f(m.mcc)}`,
    `FPR        ${f(m.fpr)}  (ham judged spam)`,
    `hold rate  ${f(m.holdRate)}`,
    `tp ${m.tp}  fp ${m.fp}  tn ${m.tn}  fn ${m.fn}`,
    '',
  ].join('\n');
}

const reasonLines = (reasons: Reason[]) =>
  reasons.map((r) => `  ${r.score >= 0 ? '+' : ''}${r.score}\t${r.check}\t${r.reason}`).join('\n');

async function review(sub: 'mark' | 'explain' | 'discards', argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      limit: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  if (sub !== 'discards' && !isId(positionals[0])) throw new UsageError(`${sub} needs a comment ID`);
  if (sub === 'mark' && positionals[1] !== 'spam' && positionals[1] !== 'ham')
    throw new UsageError('mark needs a verdict: spam or ham');
  const store = await openStore(loadConfig());
  try {
    const spam = new SpamEngine({ model: shippedModel(), store, clock: systemClock });
    const review = new SpamReview({ store, spam });
    if (sub === 'mark') {
      const r = await review.mark(positionals[0], positionals[1] as 'spam' | 'ham', { by: 'cli' });
      // Servers pick the correction up from the database within seconds (engine.ts).
      process.stdout.write(
        `${positionals[0]}\t${r.status}\tfilter: ${(r.before * 100).toFixed(1)} % → ${(r.after * 100).toFixed(1)} % spam for this text\n`,
      );
    } else if (sub === 'explain') {
      const e = await review.explain(positionals[0]);
      if (values.json) process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
      else {
        const words = e.spam.words
          .map((w) => `  ${w.contribution >= 0 ? '+' : ''}${w.contribution}\t${w.description}`)
          .join('\n');
        process.stdout.write(
          `${e.id}\t${e.status}\tscore ${e.spam.score ?? '-'}\n${reasonLines(e.spam.reasons) || '  (no reasons: nothing looked like spam)'}\nwhat weighs most with the classifier now (+ towards spam):\n${words || '  (nothing)'}\n`,
        );
      }
    } else {
      const sites = await store.listSites();
      const site = values.site
        ? sites.find((s) => s.id === values.site)
        : sites.length === 1
          ? sites[0]
          : sites.find((s) => s.is_default);
      if (!site) throw new UsageError(values.site ? `no site ${values.site}` : 'several sites: choose one with --site');
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit must be an integer from 1 to 1000');
      const list = await review.discards(site.id, null, limit);
      if (values.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else
        for (const d of list)
          process.stdout.write(
            `${d.id}\t${d.createdAt}\t${d.source}\tscore ${d.spam.score}\t${JSON.stringify(d.body.slice(0, 60))}\n${reasonLines(d.spam.reasons)}\n`,
          );
    }
  } finally {
    await store.close();
  }
}
