// `parley backup FILE`: a consistent copy of a running SQLite install. `VACUUM INTO` reads one
// snapshot inside a single read transaction, which WAL mode lets run beside the writer: unlike
// the sqlite3 shell's `.backup` (which starts over whenever another connection writes, and so
// never finishes under a steady stream of comments), it completes under full write load.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

export type BackupReport = { path: string; bytes: number; comments: number; ms: number };

export class BackupError extends Error {}

export function backupSqlite(dbPath: string, target: string, opts: { overwrite?: boolean } = {}): BackupReport {
  if (!existsSync(dbPath))
    throw new BackupError(`no database at ${dbPath} (set PARLEY_DATA_DIR to the install's data folder)`);
  if (existsSync(target) && !opts.overwrite)
    throw new BackupError(`${target} exists; choose a new file name or pass --force`);
  const started = performance.now();
  // Written beside the target and renamed when complete: an interrupted backup never leaves a
  // file that looks whole.
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = new DatabaseSync(dbPath, { readOnly: true });
  try {
    source.exec('PRAGMA busy_timeout = 10000');
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  const copy = new DatabaseSync(partial, { readOnly: true });
  let comments: number;
  try {
    const check = copy.prepare('PRAGMA quick_check').get() as { quick_check: string };
    if (check.quick_check !== 'ok') throw new BackupError(`the copy failed its integrity check: ${check.quick_check}`);
    comments = Number((copy.prepare('SELECT COUNT(*) AS n FROM comments').get() as { n: number }).n);
  } finally {
    copy.close();
  }
  renameSync(partial, target);
  return { path: target, bytes: statSync(target).size, comments, ms: Math.round(performance.now() - started) };
}
