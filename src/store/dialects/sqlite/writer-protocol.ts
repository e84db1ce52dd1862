// Messages between the main thread and the SQLite writer thread.

export type WriteStatement = {
  sql: string;
  params: readonly unknown[];
  /**
   * When set, the statement runs once per list, in order, instead of once with `params`; its
   * count is their sum. A bulk insert sends its text once, not once per row: thousands of copies
   * of it were most of what crossed to the writer thread.
   */
  rows?: readonly (readonly unknown[])[];
  /** When set, the unit fails with `failCode` unless the statement changed exactly this many rows. */
  expectChanges?: number;
  failCode?: string;
};

/** Statements that commit or roll back together (a savepoint inside the batch transaction). */
export type WriteUnit = WriteStatement[];

/**
 * UNAVAILABLE: the unit was not written because the database could not write (a full disk, an
 * I/O error, a failed BEGIN or COMMIT); the caller answers 503 and the client may retry.
 */
export type UnitResult =
  | { ok: true; changes: number[] }
  | { ok: false; code: 'UNIQUE' | 'EXPECTATION' | 'ERROR' | 'UNAVAILABLE'; detail: string };

export type BatchRequest = { batch: number; units: WriteUnit[] };
/** `fatal`: the batch transaction was lost for a reason that is not the storage's (a bug). */
export type BatchReply = { batch: number; results: UnitResult[] } | { batch: number; fatal: string };
