// The PostgreSQL sink of the benchmark's seeding (bench/seed.ts): generated rows into a database.
import type pg from 'pg';
import { type Batch, COMMENT_COLUMNS, type Sink, THREAD_COLUMNS } from './seed.ts';

const PG_TYPES: Record<string, string> = {
  depth: 'int',
  closed: 'int',
  comment_count: 'int',
  version: 'int',
  created_at: 'bigint',
  edited_at: 'bigint',
};

/**
 * PostgreSQL: each batch is one INSERT … SELECT FROM unnest($1::text[], $2::text[], …) per
 * table (one array parameter per column: no parameter-count limit, one round trip), committed
 * per batch. One batch is in flight while the next is generated; the migration's indexes and
 * foreign keys stay in place and are maintained row by row, as in production.
 */
export class PostgresSink implements Sink {
  readonly name = 'postgres';
  readonly #client: pg.PoolClient;
  #inFlight: Promise<void> = Promise.resolve();
  #busy = 0;

  private constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  static async open(pool: pg.Pool): Promise<PostgresSink> {
    const client = await pool.connect();
    // Seeding only: a commit need not wait for its WAL flush (a crash would lose the seed, not the server's data).
    await client.query('SET synchronous_commit = off');
    return new PostgresSink(client);
  }

  static insertSql(table: string, cols: readonly string[]): string {
    const arrays = cols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`);
    return `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
  }

  async write(batch: Batch): Promise<void> {
    await this.#inFlight;
    const columns = <R extends Record<string, unknown>>(rows: R[], cols: readonly (keyof R & string)[]) =>
      cols.map((c) => rows.map((r) => r[c]));
    const threads = batch.threads.length ? columns(batch.threads, THREAD_COLUMNS) : null;
    const comments = columns(batch.comments, COMMENT_COLUMNS);
    const t0 = performance.now();
    this.#inFlight = (async () => {
      if (threads) await this.#client.query(PostgresSink.insertSql('threads', THREAD_COLUMNS), threads);
      await this.#client.query(PostgresSink.insertSql('comments', COMMENT_COLUMNS), comments);
      this.#busy += performance.now() - t0;
    })();
    // Surface a failure at the next write or at finish(), not as an unhandled rejection.
    this.#inFlight.catch(() => undefined);
  }

  async finish(): Promise<void> {
    try {
      await this.#inFlight;
    } finally {
      this.#client.release();
    }
  }

  busyMs(): number {
    return this.#busy;
  }
}
