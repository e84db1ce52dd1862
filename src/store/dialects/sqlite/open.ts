// Opens the embedded SQLite database: one connection on the main thread for reads and
// migrations, one writer thread for every write (see writer-worker.ts).
// No coordinator.ts on this side, unlike postgres/: an SQLite file belongs to one server
// process, so events and scheduled jobs need no cross-server coordination, and the server
// uses the in-process LocalCoordinator (src/core/events.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { SqlStore } from '../../sql-store.ts';
import type { Database } from '../../schema.ts';
import { sqliteMigrations } from '../../migrations/sqlite/index.ts';
import { restoreIfSetAside } from './deferred-indexes.ts';
import { adaptNodeSqlite } from './node-sqlite-adapter.ts';
import { GroupCommitWriter } from './write-runner.ts';

export type SqliteOptions = {
  path: string;
  /**
   * FULL (default): every commit is fsynced before it is acknowledged, so an acknowledged
   * comment survives a process crash and a power loss. NORMAL survives process crashes
   * only. Group commit keeps FULL fast enough that we never need to trade durability.
   */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  migrate?: boolean;
  /** The writer's page cache, for bulk writers (an import); SQLite's default when unset. */
  writerCacheKiB?: number;
  /** An import's store: indexes an interrupted import set aside stay so (it builds them at its end). */
  importing?: boolean;
};

export async function migrateSqlite(db: Kysely<Database>): Promise<string[]> {
  // Numbers were handed out to work done side by side (0009 landed after 0010–0012): a database
  // that has later ones gets an earlier one it lacks, rather than refusing to open.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => sqliteMigrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${(error as Error).message}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function openSqlite(options: SqliteOptions): Promise<SqlStore & { applied: string[] }> {
  mkdirSync(dirname(options.path), { recursive: true });
  const raw = new DatabaseSync(options.path);
  raw.exec('PRAGMA busy_timeout = 10000');
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA foreign_keys = ON');
  // Reads are the hot path: a larger page cache and memory-mapped I/O spare a read() system
  // call per page touched. Not for a bulk writer (an import), whose reads are a few keyed
  // lookups per batch: its memory goes to the writer's cache instead.
  raw.exec(options.writerCacheKiB ? 'PRAGMA cache_size = -8192' : 'PRAGMA cache_size = -65536');
  raw.exec(options.writerCacheKiB ? 'PRAGMA mmap_size = 0' : 'PRAGMA mmap_size = 268435456');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: adaptNodeSqlite(raw) }) });
  const applied = options.migrate === false ? [] : await migrateSqlite(db);
  // An import keeps indexes it set aside (it resumes an interrupted one); anything else builds
  // them again before it reads (see deferred-indexes.ts).
  if (!options.importing && options.migrate !== false) await restoreIfSetAside(raw);
  const writer = new GroupCommitWriter(options.path, {
    synchronous: options.synchronous ?? 'FULL',
    cacheKiB: options.writerCacheKiB,
  });
  const store = new SqlStore('sqlite', db, writer, async () => {
    await db.destroy();
  }) as SqlStore & { applied: string[] };
  store.applied = applied;
  return store;
}
