// An import into an empty comments table (a new install taking an old site's comments, the usual
// case) writes every row into the table and into each of its secondary indexes, one random place
// in each b-tree per row: most of the writer's work. Set aside, the indexes are built once at the
// end, from sorted rows, for a fraction of that.
//
// Which indexes: those the migrations define on `comments`, found by replaying the migrations on
// an in-memory database, that this database holds with the very same SQL (an index an operator
// added is left alone). None of them is UNIQUE: without them every query still gives the same
// answer, only slower (the server's, while an import runs; the import itself needs none until it
// links replies, after the indexes are back).
//
// Crash safety: the indexes are dropped, and PRAGMA user_version set to SET_ASIDE, in one
// transaction; they are built again, and the mark cleared, in one transaction. A process that
// dies in between leaves the mark: the next open that is not an import builds them again (the
// server's first start after it, any CLI command), and the next import (which resumes where the
// interrupted one stopped) goes on without them and builds them at its end.
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { sqliteMigrations } from '../../migrations/sqlite/index.ts';
import type { WriteStatement } from '../../write-runner.ts';
import { adaptNodeSqlite } from './node-sqlite-adapter.ts';

/** user_version while an import has the indexes set aside (Parley sets it to nothing else). */
export const SET_ASIDE = 0x1d_5e7a;

export type IndexDef = { name: string; sql: string };
/** The secondary indexes of `comments`, as sqlite_master has them. */
export const OF_COMMENTS = `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' AND sql IS NOT NULL ORDER BY name`;

let defined: Promise<IndexDef[]> | null = null;

/** The secondary indexes of `comments` as the migrations create them (replayed once per process). */
export function migrationIndexes(): Promise<IndexDef[]> {
  defined ??= (async () => {
    const raw = new DatabaseSync(':memory:');
    const db = new Kysely<never>({ dialect: new SqliteDialect({ database: adaptNodeSqlite(raw) }) });
    try {
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => sqliteMigrations },
        allowUnorderedMigrations: true,
      });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
      return (raw.prepare(OF_COMMENTS).all() as IndexDef[]).map(({ name, sql }) => ({ name, sql }));
    } finally {
      await db.destroy();
    }
  })();
  return defined;
}

/** The indexes to set aside: the migrations' own, as this database (`here`: OF_COMMENTS's rows) holds them. */
export async function settableAside(here: readonly IndexDef[]): Promise<IndexDef[]> {
  const sqlOf = new Map(here.map((i) => [i.name, i.sql]));
  return (await migrationIndexes()).filter((i) => sqlOf.get(i.name) === i.sql);
}

/**
 * The unit that sets them aside: it fails (EXPECTATION) and changes nothing when the table has a
 * row by then, since the check and the drops are one transaction. `siteId`: any site's id, a row
 * the check can touch without changing it.
 */
export function setAsideUnit(indexes: readonly IndexDef[], siteId: string): WriteStatement[] {
  return [
    {
      sql: 'UPDATE sites SET name = name WHERE id = ? AND NOT EXISTS (SELECT 1 FROM comments)',
      params: [siteId],
      expectChanges: 1,
      failCode: 'NOT_EMPTY',
    },
    ...indexes.map((i) => ({ sql: `DROP INDEX "${i.name.replaceAll('"', '""')}"`, params: [] })),
    { sql: `PRAGMA user_version = ${SET_ASIDE}`, params: [] },
  ];
}

/** The unit that builds them again (each only if missing) and clears the mark. */
export async function restoreUnit(): Promise<WriteStatement[]> {
  return [
    ...(await migrationIndexes()).map((i) => ({
      sql: i.sql.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '),
      params: [],
    })),
    { sql: 'PRAGMA user_version = 0', params: [] },
  ];
}

/** At open (not an import's): indexes an interrupted import left aside are built again. */
export async function restoreIfSetAside(db: DatabaseSync): Promise<void> {
  const { user_version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (user_version !== SET_ASIDE) return;
  const unit = await restoreUnit();
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const s of unit) db.exec(s.sql);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
