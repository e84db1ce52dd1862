// Which storage failures mean "the database is away for now" (a restart, a failover, a full
// disk) rather than a bug: those become 503 NOT_READY with Retry-After, and the request may be
// retried; anything else stays an internal error.

/** Thrown by the store when a write could not reach a working database. */
export class StorageUnavailableError extends Error {
  readonly reason: string;
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`storage unavailable: ${reason}`, options);
    this.name = 'StorageUnavailableError';
    this.reason = reason;
  }
}

// PostgreSQL SQLSTATEs: class 08 (connection exceptions), 57P01–57P03 (administrator or crash
// shutdown, cannot connect now: a restart), 53 (insufficient resources: disk full, out of memory,
// too many connections), 25006 (read-only transaction: a standby after failover).
const PG_UNAVAILABLE = /^(08...|57P0[1-3]|53...|25006)$/;
const NODE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOSPC',
]);
// SQLite's result codes by name, as some drivers put them in `code`. node:sqlite does not: its
// `code` is always 'ERR_SQLITE_ERROR', with the extended result code in `errcode` (below).
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|CANTOPEN|BUSY|LOCKED|READONLY)/;
// What pg says when a connection it was using died, in its own words (it sets no code).
const PG_CONNECTION_LOST =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Connection ended unexpectedly/i;

/** True when an error (or what caused it) says the database is unreachable or cannot write now. */
export function isStorageUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StorageUnavailableError) return true;
    if (typeof e !== 'object') return false;
    const { code, errcode, message } = e as { code?: unknown; errcode?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (PG_UNAVAILABLE.test(code) || NODE_UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.test(code))
    )
      return true;
    // Extended codes keep the primary code in the low byte (SQLITE_IOERR_WRITE = 778 = 10 | 3 << 8).
    if (typeof errcode === 'number' && [5, 6, 8, 10, 13, 14].includes(errcode & 0xff)) return true; // BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN
    if (typeof message === 'string' && PG_CONNECTION_LOST.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some(isStorageUnavailable)) return true;
  }
  return false;
}
