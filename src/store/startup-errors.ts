// What stops a server or a command from opening its database, in words an operator can act on:
// one line naming the cause and the fix, never a stack trace. A zero-byte database file is
// refused rather than silently becoming a new, empty install (a truncated copy, a failed restore).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** A start-up problem the operator must fix; its message is the whole story. */
export class StartupError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** Checks the SQLite file and its folder before SQLite would quietly create or misread them. */
export function checkSqlitePath(path: string): void {
  const dir = dirname(path);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new StartupError(
      `PARLEY_DATA_DIR (${dir}) is a file, not a folder: point it to a folder (it is created if missing)`,
    );
  if (!existsSync(path)) {
    if (existsSync(dir) && !writable(dir))
      throw new StartupError(
        `cannot create the database in ${dir}: the folder is read-only for this user; give it write access or choose another PARLEY_DATA_DIR`,
      );
    return;
  }
  if (!statSync(path).isFile())
    throw new StartupError(`${path} is not a file: move it away, or choose another PARLEY_DATA_DIR`);
  if (statSync(path).size === 0)
    throw new StartupError(
      `${path} is empty (0 bytes), so it is not a Parley database: restore it from a backup, or delete it to start a new install`,
    );
  if (!writable(path) || !writable(dir))
    throw new StartupError(
      `${path} or its folder is read-only for this user: the server must write comments there; give it write access`,
    );
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** An error from opening a SQLite file, said as its fix. */
export function sqliteOpenError(path: string, err: unknown): Error {
  const message = (err as Error).message ?? String(err);
  if (/not a database|malformed|file is encrypted/i.test(message))
    return new StartupError(
      `${path} is not a readable SQLite database (${message}): restore it from a backup (parley backup), or move it away to start a new install`,
      { cause: err },
    );
  if (/readonly|read-only|unable to open|permission|EACCES|EROFS/i.test(message))
    return new StartupError(
      `cannot open ${path} for writing (${message}): check the file's and folder's permissions, or choose another PARLEY_DATA_DIR`,
      { cause: err },
    );
  return err as Error;
}

/** An error from reaching PostgreSQL, said as its fix; the URL is shown without its password. */
export function postgresOpenError(url: string, err: unknown): Error {
  // The driver's error may arrive wrapped (a failed migration): the innermost one says why.
  let e = err as { code?: string; message?: string; cause?: unknown };
  while (!e.code && e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  const where = withoutPassword(url);
  if (e.code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', '57P03'].includes(e.code))
    return new StartupError(
      `cannot reach PostgreSQL at ${where} (${e.code}): start it, or correct PARLEY_DATABASE_URL`,
      { cause: err },
    );
  if (e.code === '3D000' || e.code === '28P01' || e.code === '28000')
    return new StartupError(
      `PostgreSQL at ${where} refused the connection (${e.message}): create the database or fix the credentials in PARLEY_DATABASE_URL`,
      { cause: err },
    );
  if (/timeout|terminated/i.test(e.message ?? ''))
    return new StartupError(
      `cannot reach PostgreSQL at ${where} (${e.message}): start it, or correct PARLEY_DATABASE_URL`,
      { cause: err },
    );
  return err as Error;
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}
