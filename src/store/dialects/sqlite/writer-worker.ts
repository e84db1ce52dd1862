// The SQLite writer thread. Every write of the process arrives here in batches; a batch is
// one transaction and its COMMIT is one fsync (synchronous=FULL), so many concurrent
// comments share the cost of making them durable (group commit). Each unit runs inside a
// savepoint so that one failing unit (a duplicate, say) does not undo its neighbours.
// The fsync happens on this thread, never on the event loop that serves readers.
import { parentPort, workerData } from 'node:worker_threads';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { BatchReply, BatchRequest, UnitResult } from './writer-protocol.ts';

const { path, synchronous } = workerData as { path: string; synchronous: string };
const db = new DatabaseSync(path);
db.exec('PRAGMA busy_timeout = 10000');
db.exec('PRAGMA journal_mode = WAL');
db.exec(`PRAGMA synchronous = ${synchronous}`);
db.exec('PRAGMA foreign_keys = ON');

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
      const result = prepare(s.sql).run(...(s.params as never[]));
      const n = Number(result.changes);
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
    db.exec('ROLLBACK TO unit');
    db.exec('RELEASE unit');
    const code = (err as { errstr?: string; message?: string }).message ?? '';
    const unique = /UNIQUE constraint failed/.test(code);
    return { ok: false, code: unique ? 'UNIQUE' : 'ERROR', detail: unique ? code.replace(/^.*UNIQUE constraint failed: /, '') : code };
  }
}

parentPort!.on('message', (request: BatchRequest | { close: true }) => {
  if ('close' in request) {
    db.close();
    parentPort!.postMessage({ closed: true });
    return;
  }
  let reply: BatchReply;
  try {
    db.exec('BEGIN IMMEDIATE');
    const results = request.units.map(runUnit);
    db.exec('COMMIT');
    reply = { batch: request.batch, results };
  } catch (err) {
    try {
      db.exec('ROLLBACK');
    } catch {
      // already rolled back by SQLite
    }
    reply = { batch: request.batch, fatal: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
