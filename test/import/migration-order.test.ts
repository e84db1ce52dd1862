// 0009_imports was numbered before 0010–0012 were merged: a database already at 0012 (made by
// a build without imports) must take 0009 when it opens, not refuse to open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { sqliteMigrations } from '../../src/store/migrations/sqlite/index.ts';
import { adaptNodeSqlite } from '../../src/store/dialects/sqlite/node-sqlite-adapter.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

test('a SQLite database migrated without 0009_imports gets it on opening, after its later migrations', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-migration-order-'));
  const path = join(dir, 'p.db');
  try {
    const earlier = Object.fromEntries(Object.entries(sqliteMigrations).filter(([name]) => name !== '0009_imports'));
    const db = new Kysely<never>({ dialect: new SqliteDialect({ database: adaptNodeSqlite(new DatabaseSync(path)) }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
    assert.equal(error, undefined);
    await db.destroy();
    const store = await openSqlite({ path });
    try {
      assert.deepEqual(store.applied, ['0009_imports']);
      assert.deepEqual(await store.pendingImportLinks('none', 'test', null, 1), []);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
