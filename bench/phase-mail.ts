// Section 6 of `npm run bench`: notification email. mail-send: bench/mail-send.ts, the outbox
// sender's throughput to a local SMTP server (3 runs, median). mail-post-cost: bench/mail-post-cost.ts,
// the CPU notifications add to a post (mail configured or not, alternating rounds, medians).
// Each in its own process, as the other in-process figures (spam checks) are not.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MailPostCostFigures } from './mail-post-cost.ts';
import type { MailSendFigures } from './mail-send.ts';
import { ROOT } from './procs.ts';
import { want, type Run } from './run-context.ts';

function script<T>(run: Run, file: string, args: string[]): T {
  const out = join(run.dataDir, `${file.replace(/\W+/g, '-')}.json`);
  const r = spawnSync(process.execPath, [file, ...args, '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`${file} failed (${r.status})`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

export function mailPhase(run: Run): void {
  if (want(run, 'mail-send')) {
    console.log('mail sender: 5,000 emails to a local SMTP server, 3 runs …');
    run.mailSend = script<MailSendFigures>(run, 'bench/mail-send.ts', ['--runs', '3']);
  }
  if (want(run, 'mail-post-cost')) {
    console.log('CPU that notifications add to a post: mail configured or not, 5 rounds each, alternating …');
    run.mailPostCost = script<MailPostCostFigures>(run, 'bench/mail-post-cost.ts', ['--rounds', '5']);
  }
}
