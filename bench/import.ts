// The import benchmark (`npm run bench:import`; a script, not a test): `parley import` of a
// synthetic WordPress export (bench/make-wxr.ts) into an empty SQLite install, run as an
// operator runs it (a process of its own, both passes, rendering included). Reports comments/s
// and the importer's peak RSS (GNU time's maximum resident set), the median of --runs runs,
// against the targets: ≥ 20,000 comments/s and ≤ 300 MB for 1,000,000 comments.
//
// Flags: --comments N (1000000), --runs N (3), --format wxr|parley (wxr: skipped with a message
// while the WXR reader is not registered; parley: the same comments as a Parley export),
// --per-post N (500), --keep (keep the files), --out FILE (bench/results/import.json).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readerOf } from '../src/import/formats/index.ts';
import { makeParleyExport } from './make-parley-export.ts';
import { makeWxr } from './make-wxr.ts';
import { ROOT } from './procs.ts';

const { values: args } = parseArgs({
  options: {
    comments: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    format: { type: 'string', default: 'wxr' },
    'per-post': { type: 'string', default: '500' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench/results/import.json') },
  },
});
const total = Number(args.comments);
const format = args.format!;
if (format !== 'wxr' && format !== 'parley') throw new Error('--format wxr|parley');
if (!readerOf(format)) {
  console.log(
    `import benchmark skipped: no ${format} reader is registered in src/import/formats/index.ts (try --format parley)`,
  );
  process.exit(0);
}

const TARGET_RATE = 20_000;
const TARGET_RSS_MB = 300;
const bin = join(ROOT, 'bin/parley.mjs');
const dir = mkdtempSync(join(os.tmpdir(), 'parley-bench-import-'));
const file = join(dir, format === 'wxr' ? 'site.wxr' : 'site.jsonl');
const made = Date.now();
if (format === 'wxr') await makeWxr(file, total, Number(args['per-post']));
else await makeParleyExport(file, total, Number(args['per-post']));
console.log(
  `${format} file of ${total} comments: ${(statSync(file).size / 1e6).toFixed(0)} MB, made in ${((Date.now() - made) / 1000).toFixed(1)} s`,
);

type Result = { seconds: number; rate: number; peakRssMb: number };
const results: Result[] = [];
for (let i = 1; i <= Number(args.runs); i++) {
  const env = { ...process.env, PARLEY_DATA_DIR: join(dir, `data-${i}`), PARLEY_LOG_LEVEL: 'silent' };
  const site = spawnSync(
    process.execPath,
    [bin, 'site', 'add', '--name', 'Bench', '--origin', 'https://news.example.com'],
    { env, encoding: 'utf8' },
  );
  if (site.status !== 0) throw new Error(site.stderr);
  const started = process.hrtime.bigint();
  // GNU time writes the peak resident set (KiB) on its last stderr line.
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak-rss-kb %M', process.execPath, bin, 'import', file, '--format', format],
    {
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`import failed:\n${run.stderr}`);
  const kb = Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  const r = {
    seconds: Math.round(seconds * 10) / 10,
    rate: Math.round(total / seconds),
    peakRssMb: Math.round(kb / 1024),
  };
  results.push(r);
  console.log(`run ${i}: ${r.seconds} s, ${r.rate} comments/s, peak RSS ${r.peakRssMb} MB`);
  if (i === 1) console.log(run.stdout.trim().replace(/^/gm, '  '));
  rmSync(join(dir, `data-${i}`), { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = {
  format,
  comments: total,
  cores: os.availableParallelism(),
  runs: results,
  median: { rate: median(results.map((r) => r.rate)), peakRssMb: median(results.map((r) => r.peakRssMb)) },
  at: new Date().toISOString(),
};
const pass = (ok: boolean) => (ok ? 'PASS' : 'MISS');
console.log(
  `median of ${results.length}: ${summary.median.rate} comments/s (target ≥ ${TARGET_RATE}: ${pass(summary.median.rate >= TARGET_RATE)}), ` +
    `peak RSS ${summary.median.peakRssMb} MB (target ≤ ${TARGET_RSS_MB}: ${pass(summary.median.peakRssMb <= TARGET_RSS_MB)})`,
);
mkdirSync(dirname(resolve(args.out!)), { recursive: true });
writeFileSync(args.out!, `${JSON.stringify(summary, null, 2)}\n`);
if (!args.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
