// What every repository of the SQL store shares: one Kysely instance for reads, one write
// runner for writes, one query memo. The composition root (../sql-store.ts) builds a single
// context and hands the same one to each repository, so they share the plumbing rather
// than copy it.
import type { Compilable, Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { QueryMemo } from '../query-memo.ts';
import { writeFailed, type UnitResult, type WriteRunner, type WriteStatement } from '../write-runner.ts';

export type Backend = 'sqlite' | 'postgres';

export type StoreContext = {
  readonly backend: Backend;
  readonly db: Kysely<Database>;
  readonly memo: QueryMemo;
  /** The backend's runner, for the few callers that read a failed unit's code themselves. */
  readonly writer: WriteRunner;
  /**
   * Commits a unit and returns each statement's changed-row count; a unit that did not
   * commit throws (writeFailed), named by `what` ("delete failed …").
   */
  changes(what: string, unit: WriteStatement[]): Promise<number[]>;
  /** Commits a unit whose counts nobody reads. */
  write(unit: WriteStatement[]): Promise<void>;
};

export function storeContext(
  backend: Backend,
  db: Kysely<Database>,
  writer: WriteRunner,
  memo: QueryMemo,
): StoreContext {
  const changes = async (what: string, unit: WriteStatement[]): Promise<number[]> => {
    const result: UnitResult = await writer.run(unit);
    if (!result.ok) throw writeFailed(what, result);
    return result.changes;
  };
  return {
    backend,
    db,
    memo,
    writer,
    changes,
    write: async (unit) => {
      await changes('write', unit);
    },
  };
}

/** A Kysely query compiled into a statement of a write unit. */
export function stmt(query: Compilable, extra: Partial<WriteStatement> = {}): WriteStatement {
  const compiled = query.compile();
  return { sql: compiled.sql, params: compiled.parameters, ...extra };
}

/** Rows come back with numbers as strings or bigints from some drivers; normalize here. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}
