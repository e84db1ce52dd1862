// `npm run soak`: mixed load for a long stretch on real server processes, SQLite then
// PostgreSQL, with a PostgreSQL restart (35 % into the run) and a kill -9 of the server, started
// again on the same data (60 %), in the middle. Every 10 s: the server's RSS and open file
// descriptors from /proc, p50/p99 of the window, errors, streams open. At the end one table per
// backend and a verdict: from minute 2 to the end RSS may grow ×1.1 at most and p99 ×1.5, and
// every comment the server acknowledged must be in the database. Exits 1 on FAIL.
// A script, not a test: it takes 2 × (minutes + about half a minute of set-up).
//
// Flags: --minutes N (10), --backend sqlite|postgres|both (both), --streams N (500).
// PostgreSQL runs on a private server made for the soak (initdb in a temporary folder, its own
// port; test/helpers/private-postgres.ts), so restarting it disturbs nobody.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { cpuPressure } from './procs.ts';
import { soakBackend, type Backend, type SoakSettings } from './soak-backend.ts';
import { printBackend, spanOf, TARGETS, type Verdict } from './soak-report.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'both' },
    streams: { type: 'string', default: '500' },
  },
});

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return n;
}

const backendFlag = args.backend;
if (backendFlag !== 'sqlite' && backendFlag !== 'postgres' && backendFlag !== 'both')
  throw new Error(`--backend must be sqlite, postgres or both, got ${backendFlag}`);
const backends: Backend[] = backendFlag === 'both' ? ['sqlite', 'postgres'] : [backendFlag];

const settings: SoakSettings = {
  minutes: positive('minutes', args.minutes),
  streams: Math.round(positive('streams', args.streams)),
  sampleS: 10,
  threads: 20,
  commentsPerThread: 500,
  // Per second. Modest on purpose: the soak looks for drift over time, not for the ceiling
  // (npm run bench finds that), and the machine is shared.
  rates: { page: 30, counts: 5, misc: 2, post: 4 },
};

async function main(): Promise<void> {
  const cpus = os.cpus();
  const { fromS, toS, edgeS } = spanOf(settings.minutes);
  console.log(
    `Parley soak — Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}, CPU pressure ${cpuPressure()} %`,
  );
  const r = settings.rates;
  console.log(
    `settings: ${settings.minutes} min per backend (${backends.join(', ')}), ${settings.streams} live streams, ` +
      `${settings.threads} threads of ${settings.commentsPerThread} seeded comments; per second ${r.page} thread pages, ` +
      `${r.counts} counts, ${r.misc} article pages/form tokens, ${r.post} new comments (30 % replies, each from its own network, ` +
      `flood control on); sample every ${settings.sampleS} s; outages: PostgreSQL restart at 35 %, kill -9 at 60 %; ` +
      `drift judged from ${fromS} s to ${toS} s (median of ${edgeS} s at each end): RSS ≤ ×${TARGETS.rss}, p99 ≤ ×${TARGETS.p99}`,
  );
  const verdicts: Verdict[] = [];
  const tables: (() => void)[] = [];
  for (const backend of backends) {
    console.log('');
    console.log(`${backend}: starting`);
    const result = await soakBackend(backend, settings);
    // Printed at the end, together, so the tables are not lost among the samples.
    tables.push(() => verdicts.push(printBackend(result, settings.minutes, settings.streams)));
  }
  for (const print of tables) print();
  const pass = verdicts.every((v) => v.pass);
  console.log('');
  console.log(
    `soak: ${pass ? 'PASS' : 'FAIL'} — ${verdicts
      .map((v) => `${v.backend} ${v.pass ? 'PASS' : `FAIL (${v.reasons.join('; ')})`}`)
      .join(', ')}`,
  );
  if (!pass) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
