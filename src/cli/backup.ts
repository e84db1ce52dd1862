// `parley backup FILE [--force]`: a consistent copy of the SQLite database while the server runs.
import { parseArgs } from 'node:util';
import { BackupError, backupSqlite } from '../store/backup.ts';
import type { Config } from '../config/config.ts';
import { fail } from './exit.ts';

export function runBackup(argv: string[], config: Config): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const [target, ...extra] = positionals;
  if (!target || extra.length) fail('usage: parley backup FILE [--force]', 2);
  if (config.databaseUrl) {
    fail(
      'this install runs on PostgreSQL: back it up with pg_dump (e.g. pg_dump --format=custom --file=parley.dump "$PARLEY_DATABASE_URL")',
      2,
    );
  }
  try {
    const r = backupSqlite(config.dbPath, target, { overwrite: values.force });
    process.stdout.write(
      `backed up ${r.comments} comments to ${r.path} (${(r.bytes / 1048576).toFixed(1)} MB, ${r.ms} ms, integrity ok)\n`,
    );
  } catch (err) {
    if (err instanceof BackupError) fail(err.message, 1);
    const code = (err as { code?: string }).code;
    if (code === 'ERR_SQLITE_ERROR' || code?.startsWith('E')) fail(`backup failed: ${(err as Error).message}`, 1);
    throw err;
  }
}
