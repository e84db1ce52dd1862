// How the store tells "the storage is away" from a bug, and how it knows writes are back.
// node:sqlite's errors carry `code: 'ERR_SQLITE_ERROR'` and SQLite's extended result code in
// `errcode`; the full-disk error here is a real one (a page limit stands in for the disk; the
// real full disk is test/outage/disk-full.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { isStorageUnavailable, StorageUnavailableError } from '../../src/store/unavailable.ts';
import { WriteHealth } from '../../src/store/health.ts';
import type { UnitResult, WriteRunner, WriteUnit } from '../../src/store/write-runner.ts';

function sqliteError(sql: string, setup: string): unknown {
  const db = new DatabaseSync(':memory:');
  try {
    db.exec(setup);
    db.exec(sql);
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error(`${sql} did not fail`);
}

test("node:sqlite's full-disk and I/O errors are storage outages; a constraint is not", () => {
  const full = sqliteError(
    'INSERT INTO t VALUES (randomblob(100000))',
    'CREATE TABLE t (b BLOB); PRAGMA max_page_count = 2;',
  ) as { code: string; errcode: number };
  assert.equal(full.code, 'ERR_SQLITE_ERROR');
  assert.equal(full.errcode & 0xff, 13);
  assert.ok(isStorageUnavailable(full), 'SQLITE_FULL');
  const duplicate = sqliteError(
    'INSERT INTO t VALUES (1)',
    'CREATE TABLE t (a PRIMARY KEY); INSERT INTO t VALUES (1);',
  );
  assert.equal(isStorageUnavailable(duplicate), false, 'SQLITE_CONSTRAINT_PRIMARYKEY');
  // Extended codes of the I/O family, as node:sqlite reports them (an I/O error cannot be had
  // on demand): SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_IOERR_SHMSIZE, SQLITE_CANTOPEN.
  for (const errcode of [778, 1034, 4874, 14]) {
    assert.ok(isStorageUnavailable({ code: 'ERR_SQLITE_ERROR', errcode, errstr: 'disk I/O error' }), String(errcode));
  }
  assert.ok(isStorageUnavailable(new Error('read failed', { cause: full })), 'as a cause');
});

/** A runner that answers what it is told to, and counts the units it was given. */
function scripted(): WriteRunner & { next: UnitResult; units: number } {
  const r = {
    next: { ok: true, changes: [1] } as UnitResult,
    units: 0,
    run: async (_unit: WriteUnit) => {
      r.units++;
      await new Promise((res) => setTimeout(res, 5));
      return r.next;
    },
    close: async () => undefined,
  };
  return r;
}

test('a write failing as unavailable degrades the store until a write or the probe commits', async () => {
  const inner = scripted();
  const health = new WriteHealth(inner, [{ sql: 'probe', params: [] }]);
  await health.check();
  assert.equal(inner.units, 0, 'no probe while healthy');

  inner.next = { ok: false, code: 'UNIQUE', detail: 'dedupe_key' };
  await health.runner.run([]);
  assert.equal(health.degraded, false, 'a duplicate is the database answering');

  inner.next = { ok: false, code: 'UNAVAILABLE', detail: 'database or disk is full' };
  await health.runner.run([]);
  assert.equal(health.degraded, true);
  const before = inner.units;
  const checks = await Promise.allSettled([health.check(), health.check(), health.check()]);
  assert.equal(inner.units, before + 1, 'concurrent checks share one probe');
  for (const c of checks) assert.ok(c.status === 'rejected' && c.reason instanceof StorageUnavailableError);

  inner.next = { ok: true, changes: [1, 1] };
  await health.check();
  assert.equal(health.degraded, false, 'the probe committed');

  inner.next = { ok: false, code: 'UNAVAILABLE', detail: 'gone' };
  await health.runner.run([]);
  inner.next = { ok: true, changes: [1] };
  await health.runner.run([]);
  assert.equal(health.degraded, false, 'a real write committed');
});
