// Kysely's SQLite dialect is typed on the better-sqlite3 subset it needs; node:sqlite's
// DatabaseSync differs in two ways: it has no `reader` flag (a statement that returns
// columns is a reader) and it takes parameters spread, not as an array.
// Prepared statements are cached by SQL text: the query layer emits a small, fixed set.
// Rows are fetched as arrays and turned into objects by a constructor made per statement:
// node:sqlite's own row objects are null-prototype dictionaries, slow to read and copy.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Entry = { stmt: StatementSync; reader: boolean; toObject?: (row: unknown[]) => Record<string, unknown> };

function rowConstructor(names: string[]): (row: unknown[]) => Record<string, unknown> {
  // Column names come from our own schema and queries; JSON.stringify quotes them safely.
  const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`;
  return new Function('r', body) as (row: unknown[]) => Record<string, unknown>;
}

export function adaptNodeSqlite(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, Entry>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let entry = cache.get(sql);
      if (!entry) {
        const stmt = db.prepare(sql);
        const columns = stmt.columns();
        entry = { stmt, reader: columns.length > 0 };
        const names = columns.map((c) => c.name);
        if (entry.reader && new Set(names).size === names.length) {
          stmt.setReturnArrays(true);
          entry.toObject = rowConstructor(names);
        }
        if (cache.size > 500) cache.clear();
        cache.set(sql, entry);
      }
      const { stmt, reader, toObject } = entry;
      return {
        reader,
        all: (params) => {
          const rows = stmt.all(...(params as never[]));
          return toObject ? rows.map((r) => toObject(r as unknown as unknown[])) : rows;
        },
        run: (params) => stmt.run(...(params as never[])),
        iterate: function* (params) {
          for (const r of stmt.iterate(...(params as never[])))
            yield toObject ? toObject(r as unknown as unknown[]) : r;
        },
      };
    },
  };
}
