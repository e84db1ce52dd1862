// Section 4 of `npm run bench`: the spam checks. spam-checks: bench/spam-check.ts in this
// process, every default check on each distinct comment of the training collections.
// akismet-comment-check: bench/akismet.ts (its own server process, 3 runs, median).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AkismetFigures } from './akismet.ts';
import { ROOT } from './procs.ts';
import { want, type Run } from './run-context.ts';
import { measureSpamChecks } from './spam-check.ts';

export async function spamPhase(run: Run): Promise<void> {
  const { duration, load } = run.settings;
  if (want(run, 'spam-checks')) {
    console.log('spam checks, in process (3 rounds after a warm-up round) …');
    run.spamChecks = await measureSpamChecks(3);
    console.log(`  p50 ${run.spamChecks.p50Ms} ms, p99 ${run.spamChecks.p99Ms} ms`);
  }
  if (want(run, 'akismet-comment-check')) {
    const out = join(run.dataDir, 'akismet.json');
    const args = [
      'bench/akismet.ts',
      '--runs',
      '3',
      '--duration',
      String(duration),
      '--warmup',
      String(load.warmupS),
      '--connections',
      String(load.connections),
      '--wait-quiet',
      String(load.waitQuietS),
      '--out',
      out,
    ];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench/akismet.ts failed (${r.status})`);
    run.akismet = JSON.parse(readFileSync(out, 'utf8')) as AkismetFigures;
  }
}
