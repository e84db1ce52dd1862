// Kysely's SQLite dialect is typed on the better-sqlite3 subset it needs; node:sqlite's
// DatabaseSync differs in two ways: it has no `reader` flag (a statement that returns
// columns is a reader) and it takes parameters spread, not as an array.
// Prepared statements are cached by SQL text: the query layer emits a small, fixed set.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export function adaptNodeSqlite(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, { stmt: StatementSync; reader: boolean }>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let entry = cache.get(sql);
      if (!entry) {
        const stmt = db.prepare(sql);
        entry = { stmt, reader: stmt.columns().length > 0 };
        if (cache.size > 500) cache.clear();
        cache.set(sql, entry);
      }
      const { stmt, reader } = entry;
      return {
        reader,
        all: (params) => stmt.all(...(params as never[])),
        run: (params) => stmt.run(...(params as never[])),
        iterate: (params) => stmt.iterate(...(params as never[])) as IterableIterator<unknown>,
      };
    },
  };
}
