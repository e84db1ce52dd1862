// PostgreSQL runs each unit as its own transaction on a pooled connection; the server does
// its own group commit of concurrent transactions' WAL flushes.
import type pg from 'pg';
import { isStorageUnavailable } from '../../unavailable.ts';
import type { UnitResult, WriteRunner, WriteUnit } from '../../write-runner.ts';

export class PgWriteRunner implements WriteRunner {
  readonly #pool: pg.Pool;
  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async run(unit: WriteUnit): Promise<UnitResult> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      if (isStorageUnavailable(err)) return { ok: false, code: 'UNAVAILABLE', detail: (err as Error).message };
      throw err;
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const changes: number[] = [];
      for (const s of unit) {
        let n = 0;
        for (const params of s.rows ?? [s.params]) n += (await client.query(s.sql, params as unknown[])).rowCount ?? 0;
        if (s.expectChanges !== undefined && n !== s.expectChanges) {
          await client.query('ROLLBACK');
          return { ok: false, code: 'EXPECTATION', detail: s.failCode ?? 'EXPECTATION' };
        }
        changes.push(n);
      }
      await client.query('COMMIT');
      return { ok: true, changes };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const e = err as { code?: string; constraint?: string; message?: string };
      // A connection lost mid-transaction (a restart, a failover) is dropped from the pool, and
      // the unit is reported as not written: the caller answers 503 and the client may retry.
      if (isStorageUnavailable(err)) {
        broken = err as Error;
        return { ok: false, code: 'UNAVAILABLE', detail: e.message ?? String(err) };
      }
      if (e.code === '23505') return { ok: false, code: 'UNIQUE', detail: e.constraint ?? e.message ?? 'unique' };
      return { ok: false, code: 'ERROR', detail: e.message ?? String(err) };
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    // The pool is closed with the Kysely instance.
  }
}
