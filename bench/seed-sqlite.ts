// The SQLite sink of the benchmark's seeding (bench/seed.ts): generated rows into a SQLite file.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Batch, COMMENT_COLUMNS, type Sink, THREAD_COLUMNS } from './seed.ts';

/**
 * SQLite, on the calling thread: one prepared INSERT per table, one transaction per batch,
 * synchronous=OFF while seeding (the server later opens the file with its own setting), one
 * fsync at the end.
 */
export class SqliteSink implements Sink {
  readonly name = 'sqlite';
  readonly #path: string;
  readonly #db: DatabaseSync;
  readonly #thread: StatementSync;
  readonly #comment: StatementSync;
  #busy = 0;

  constructor(path: string) {
    this.#path = path;
    this.#db = new DatabaseSync(path);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = OFF');
    this.#db.exec('PRAGMA foreign_keys = ON');
    this.#db.exec('PRAGMA cache_size = -262144');
    const insert = (table: string, cols: readonly string[]) =>
      this.#db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    this.#thread = insert('threads', THREAD_COLUMNS);
    this.#comment = insert('comments', COMMENT_COLUMNS);
  }

  async write(batch: Batch): Promise<void> {
    const t0 = performance.now();
    this.#db.exec('BEGIN');
    try {
      for (const r of batch.threads) this.#thread.run(...THREAD_COLUMNS.map((c) => r[c]));
      for (const r of batch.comments) this.#comment.run(...COMMENT_COLUMNS.map((c) => r[c]));
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
    this.#busy += performance.now() - t0;
  }

  async finish(): Promise<void> {
    const t0 = performance.now();
    this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.#db.close();
    // synchronous=OFF never fsynced: flush the file now, or the kernel's write-back of a
    // gigabyte would slow down the fsyncs of whatever is measured next.
    const fd = openSync(this.#path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#busy += performance.now() - t0;
  }

  busyMs(): number {
    return this.#busy;
  }
}
