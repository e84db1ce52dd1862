// How a storage backend makes a unit of statements durable, all or nothing.
// SQLite: the group-commit writer thread. PostgreSQL: a pooled transaction.
import type { UnitResult, WriteStatement, WriteUnit } from './dialects/sqlite/writer-protocol.ts';
import { StorageUnavailableError } from './unavailable.ts';

export type { UnitResult, WriteStatement, WriteUnit };

export interface WriteRunner {
  run(unit: WriteUnit): Promise<UnitResult>;
  close(): Promise<void>;
}

/** The error for a unit that did not commit: "unavailable" when the database was away, else a plain failure. */
export function writeFailed(what: string, result: Extract<UnitResult, { ok: false }>): Error {
  const message = `${what} failed (${result.code}): ${result.detail}`;
  return result.code === 'UNAVAILABLE' ? new StorageUnavailableError(message) : new Error(message);
}
