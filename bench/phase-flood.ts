// Section 5 of `npm run bench`: a flood from one address and one email (bench/flood.ts, its own
// server process on SQLite, flood control off, every spam check on).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FloodFigures } from './flood.ts';
import { ROOT } from './procs.ts';
import { want, type Run } from './run-context.ts';

export function floodPhase(run: Run): void {
  if (!run.settings.sqlite || !want(run, 'flood-one-address')) return;
  const out = join(run.dataDir, 'flood.json');
  const r = spawnSync(process.execPath, ['bench/flood.ts', '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench/flood.ts failed (${r.status})`);
  run.flood = JSON.parse(readFileSync(out, 'utf8')) as FloodFigures;
}
