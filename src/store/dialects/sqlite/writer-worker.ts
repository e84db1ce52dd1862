// The SQLite writer thread. Every write of the process arrives here in batches; a batch is
// one transaction and its COMMIT is one fsync (synchronous=FULL), so many concurrent
// comments share the cost of making them durable (group commit). Each unit runs inside a
// savepoint so that one failing unit (a duplicate, say) does not undo its neighbours.
// The fsync happens on this thread, never on the event loop that serves readers.
// When the disk is full or failing, the batch is given up as a whole and every unit in it is
// answered UNAVAILABLE (the caller answers 503); the next batch tries again, so writes resume
// by themselves once space is freed.
import { parentPort, workerData } from 'node:worker_threads';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { isStorageUnavailable } from '../../unavailable.ts';
import type { BatchReply, BatchRequest, UnitResult } from './writer-protocol.ts';

const { path, synchronous, cacheKiB } = workerData as { path: string; synchronous: string; cacheKiB: number | null };
const db = new DatabaseSync(path);
db.exec('PRAGMA busy_timeout = 10000');
db.exec('PRAGMA journal_mode = WAL');
db.exec(`PRAGMA synchronous = ${synchronous}`);
db.exec('PRAGMA foreign_keys = ON');
// Bulk writers (an import) touch every index of a growing table: a cache that holds them
// spares a read per page touched. SQLite's default (2 MB) otherwise.
if (cacheKiB) db.exec(`PRAGMA cache_size = -${Math.floor(cacheKiB)}`);

const statements = new Map<string, StatementSync>();
function prepare(sql: string): StatementSync {
  let stmt = statements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (statements.size > 500) statements.clear();
    statements.set(sql, stmt);
  }
  return stmt;
}

function runUnit(unit: BatchRequest['units'][number]): UnitResult {
  db.exec('SAVEPOINT unit');
  try {
    const changes: number[] = [];
    for (const s of unit) {
      const stmt = prepare(s.sql);
      let n = 0;
      if (s.rows) for (const params of s.rows) n += Number(stmt.run(...(params as never[])).changes);
      else n = Number(stmt.run(...(s.params as never[])).changes);
      if (s.expectChanges !== undefined && n !== s.expectChanges) {
        db.exec('ROLLBACK TO unit');
        db.exec('RELEASE unit');
        return { ok: false, code: 'EXPECTATION', detail: s.failCode ?? 'EXPECTATION' };
      }
      changes.push(n);
    }
    db.exec('RELEASE unit');
    return { ok: true, changes };
  } catch (err) {
    // After a full disk or an I/O error SQLite may already have rolled back the whole batch
    // transaction, units before this one included: give up the batch rather than report
    // them written. Only an error of the unit's own (a duplicate, a bad value) stays local.
    if (isStorageUnavailable(err) || !db.isTransaction) throw err;
    db.exec('ROLLBACK TO unit');
    db.exec('RELEASE unit');
    const code = (err as { errstr?: string; message?: string }).message ?? '';
    const unique = /UNIQUE constraint failed/.test(code);
    return {
      ok: false,
      code: unique ? 'UNIQUE' : 'ERROR',
      detail: unique ? code.replace(/^.*UNIQUE constraint failed: /, '') : code,
    };
  }
}

/** One batch, one transaction. Units that were not committed are never reported ok. */
function runBatch(request: BatchRequest): BatchReply {
  let step: 'BEGIN' | 'units' | 'COMMIT' = 'BEGIN';
  try {
    db.exec('BEGIN IMMEDIATE');
    step = 'units';
    const results = request.units.map(runUnit);
    step = 'COMMIT';
    db.exec('COMMIT');
    return { batch: request.batch, results };
  } catch (err) {
    // SQLite rolls back by itself after SQLITE_FULL and most I/O errors (a failed COMMIT
    // included); roll back whatever is left so that the next batch starts clean. Uncommitted
    // WAL frames of the failed COMMIT are ignored by readers and overwritten by the next one.
    if (db.isTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // the next BEGIN fails, lands here and tries again
      }
    }
    const detail = (err as Error).message;
    // BEGIN and COMMIT fail only for the database's own reasons (no lock, no space, no
    // device), never because of what a unit asked: the units may be sent again later.
    if (step !== 'units' || isStorageUnavailable(err)) {
      return {
        batch: request.batch,
        results: request.units.map((): UnitResult => ({ ok: false, code: 'UNAVAILABLE', detail })),
      };
    }
    return { batch: request.batch, fatal: detail };
  }
}

parentPort!.on('message', (request: BatchRequest | { close: true }) => {
  if ('close' in request) {
    db.close();
    parentPort!.postMessage({ closed: true });
    return;
  }
  parentPort!.postMessage(runBatch(request));
});
