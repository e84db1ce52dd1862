// Evaluation of the training recipe on the shipped data:
//   node src/spam/classifier/evaluate.ts [--seed N] [--spam-fpr 0.01] [--json] [--with-sms]
// 1. Leave-one-video-out on the YouTube Spam Collection: train on four videos (thresholds
//    chosen on those four only, by inner leave-one-video-out), test on the fifth; per video
//    and pooled over the five folds.
//    The same folds' models are also run inside the whole policy (src/spam/policy-eval.ts).
// 2. Train on all of YouTube, test on the SMS Spam Collection (another medium entirely).
// --spam-fpr sets the share of training ham (out of fold) the spam threshold may block.
// --with-sms adds a third table: leave-one-video-out with the SMS set added to every training
// side (how the shipped model is trained), to check that it does not hurt comments.
import { parseArgs } from 'node:util';
import { loadSms, loadYouTube, videoName, YOUTUBE_FILES, type Example } from './data.ts';
import { DEFAULT_FIT, trainModel, type FitOptions } from './fit.ts';
import { addConfusions, confusion, confusionOf, metrics, rounded, type Confusion, type Metrics } from './metrics.ts';
import { policyDecisions } from '../policy-eval.ts';
import type { SpamModel } from './model.ts';

export type Row = { name: string; thresholds?: { spam: number; hold: number } } & Metrics;

export function evaluateOn(model: SpamModel, examples: readonly Example[]): Confusion {
  const p = examples.map((e) => model.score(e.text, e.extras));
  return confusion(
    p,
    examples.map((e) => e.label),
    model.thresholds,
  );
}

export function leaveOneVideoOut(options: Partial<FitOptions>, extra: readonly Example[] = [], policy?: Row[]): Row[] {
  const videos = YOUTUBE_FILES.map((f) => ({ name: videoName(f), examples: loadYouTube(f) }));
  const rows: Row[] = [];
  const parts: Confusion[] = [];
  const policyParts: Confusion[] = [];
  for (const test of videos) {
    const train = [...videos.filter((v) => v !== test).flatMap((v) => v.examples), ...extra];
    const model = trainModel(train, options);
    const c = evaluateOn(model, test.examples);
    parts.push(c);
    rows.push({ name: test.name, thresholds: model.thresholds, ...rounded(metrics(c)) });
    if (policy) {
      // The same fold's model inside the whole policy (content checks, site language English).
      const pc = confusionOf(
        policyDecisions(model, test.examples, ['en']),
        test.examples.map((e) => e.label),
      );
      policyParts.push(pc);
      policy.push({ name: test.name, ...rounded(metrics(pc)) });
    }
  }
  rows.push({ name: 'pooled', ...rounded(metrics(addConfusions(parts))) });
  if (policy) policy.push({ name: 'pooled', ...rounded(metrics(addConfusions(policyParts))) });
  return rows;
}

export function youtubeToSms(options: Partial<FitOptions>): Row {
  const model = trainModel(
    YOUTUBE_FILES.flatMap((f) => loadYouTube(f)),
    options,
  );
  return { name: 'YouTube→SMS', thresholds: model.thresholds, ...rounded(metrics(evaluateOn(model, loadSms()))) };
}

const f3 = (x: number) => x.toFixed(3);

export function formatTable(title: string, rows: Row[]): string {
  const head = `${title}\n${'set'.padEnd(12)}     n  acc    prec   recall F1     MCC    FPR    hold   thresholds (spam/hold)\n`;
  return (
    head +
    rows
      .map((r) => {
        const t = r.thresholds ? `${r.thresholds.spam.toFixed(3)}/${r.thresholds.hold.toFixed(3)}` : '';
        return `${r.name.padEnd(12)} ${String(r.n).padStart(5)}  ${[r.accuracy, r.precision, r.recall, r.f1, r.mcc, r.fpr, r.holdRate].map(f3).join('  ')}  ${t}`;
      })
      .join('\n') +
    '\n'
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      'spam-fpr': { type: 'string', default: String(DEFAULT_FIT.spamFpr) },
      json: { type: 'boolean', default: false },
      'with-sms': { type: 'boolean', default: false },
    },
  });
  const options = { seed: Number(values.seed), spamFpr: Number(values['spam-fpr']) };
  const t0 = performance.now();
  const policy: Row[] = [];
  const lovo = leaveOneVideoOut(options, [], policy);
  const sms = youtubeToSms(options);
  const withSms = values['with-sms'] ? leaveOneVideoOut(options, loadSms()) : null;
  const seconds = (performance.now() - t0) / 1000;
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ lovo, lovoPolicy: policy, youtubeToSms: sms, lovoWithSms: withSms, seconds }, null, 1)}\n`,
    );
    return;
  }
  process.stdout.write(`${formatTable('YouTube, leave one video out', lovo)}\n`);
  process.stdout.write(
    `${formatTable(
      'The same folds through the whole policy (content checks; spam or discard = spam, held apart)',
      policy,
    )}\n`,
  );
  process.stdout.write(`${formatTable('Trained on YouTube, tested on SMS', [sms])}\n`);
  if (withSms) process.stdout.write(`${formatTable('YouTube leave one video out, SMS added to training', withSms)}\n`);
  process.stdout.write(`(${seconds.toFixed(1)} s)\n`);
}

if (import.meta.main) await main();
