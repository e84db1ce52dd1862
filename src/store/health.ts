// Whether the store's writes are getting through. A `select 1` says the database answers, but a
// full disk (or a PostgreSQL that is out of space or read-only after a failover) still answers
// reads while every write fails. So the store watches the results of its own writes: one that
// fails as "unavailable" marks the storage degraded, and readiness stays 503 until a write
// succeeds again. A load balancer that took the server out sends it no more comments whose
// success could show the way back, so while degraded, readiness tries a probe write itself.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { stmt } from './repositories/context.ts';
import { type UnitResult, type WriteRunner, type WriteUnit, writeFailed } from './write-runner.ts';
import { isStorageUnavailable } from './unavailable.ts';

const PROBE_NAME = 'parley.readiness-probe';

/**
 * The probe: a 32 KiB row put into `secrets` and taken out again in one transaction. On SQLite
 * that is about ten pages appended to the WAL, the size of a batch of a few comments, so a
 * probe that fits in the little room a failed write left behind does not pass for recovery.
 */
export function readinessProbe(db: Kysely<Database>): WriteUnit {
  return [
    stmt(db.insertInto('secrets').values({ name: PROBE_NAME, value: 'x'.repeat(32 * 1024) })),
    stmt(db.deleteFrom('secrets').where('name', '=', PROBE_NAME)),
  ];
}

export class WriteHealth {
  readonly runner: WriteRunner;
  readonly #inner: WriteRunner;
  readonly #probeUnit: WriteUnit;
  #failingSince: number | null = null;
  #probe: Promise<void> | null = null;

  /**
   * `probeUnit` is a write that commits and leaves nothing behind, about the size of a small
   * batch of comments, so that its success means real writes have room again.
   */
  constructor(inner: WriteRunner, probeUnit: WriteUnit) {
    this.#inner = inner;
    this.#probeUnit = probeUnit;
    this.runner = { run: (unit) => this.#run(unit), close: () => inner.close() };
  }

  /** True from a write failing as unavailable until a write (or probe) commits again. */
  get degraded(): boolean {
    return this.#failingSince !== null;
  }

  /** Resolves unless writes have been failing and the probe fails too (StorageUnavailableError). */
  async check(): Promise<void> {
    if (this.#failingSince === null) return;
    // Readiness polls from several balancers share one probe.
    this.#probe ??= this.#runProbe().finally(() => (this.#probe = null));
    return this.#probe;
  }

  async #runProbe(): Promise<void> {
    const result = await this.#run(this.#probeUnit);
    if (!result.ok) throw writeFailed('readiness probe', result);
  }

  async #run(unit: WriteUnit): Promise<UnitResult> {
    let result: UnitResult;
    try {
      result = await this.#inner.run(unit);
    } catch (err) {
      if (isStorageUnavailable(err)) this.#failingSince ??= Date.now();
      throw err;
    }
    // A duplicate or a failed expectation is the database answering, in a committed batch.
    if (result.ok || result.code === 'UNIQUE' || result.code === 'EXPECTATION') this.#failingSince = null;
    else if (result.code === 'UNAVAILABLE') this.#failingSince ??= Date.now();
    return result;
  }
}
