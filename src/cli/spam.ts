// `parley spam …`: train the shipped classifier, measure it (spam-eval.ts), and moderators' verdicts.
//   parley spam train [--seed N] [--out FILE]
//   parley spam eval FILE… | --corpora …   measure the policy or the classifier (spam-eval.ts)
//   parley spam mark ID spam|ham     a moderator's verdict: moves the comment and teaches the site's filter
//   parley spam explain ID           the score and reasons a comment got
//   parley spam discards [--site ID] [--limit N]   the newest discarded comments, with their reasons
import { parseArgs } from 'node:util';
import { DataError } from '../spam/classifier/data.ts';
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
import { EVAL_USAGE, evaluate, UsageError } from './spam-eval.ts';

const USAGE = `usage:
  parley spam train [--seed N] [--out FILE]
${EVAL_USAGE}
  parley spam mark ID spam|ham
  parley spam explain ID [--json]
  parley spam discards [--site ID] [--limit N] [--json]`;

export async function runSpam(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'train') return train(rest);
    if (sub === 'eval') return await evaluate(rest);
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
