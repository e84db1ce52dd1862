// How a storage backend makes a unit of statements durable, all or nothing.
// SQLite: the group-commit writer thread. PostgreSQL: a pooled transaction.
import type { UnitResult, WriteStatement, WriteUnit } from './dialects/sqlite/writer-protocol.ts';

export type { UnitResult, WriteStatement, WriteUnit };

export interface WriteRunner {
  run(unit: WriteUnit): Promise<UnitResult>;
  close(): Promise<void>;
}
