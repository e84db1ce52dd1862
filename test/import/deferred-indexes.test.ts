// A bulk import into an empty comments table sets the table's secondary indexes aside and builds
// them at its end (src/store/dialects/sqlite/deferred-indexes.ts): they come back exactly as the
// migrations define them; a table with rows keeps its indexes; an operator's own index is left
// alone; and an import that dies in between leaves them to the next open (which builds them) or
// to the next import (which resumes without them and builds them at its end).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fakeClock } from '../../src/core/clock.ts';
import type { SiteRow } from '../../src/core/ports.ts';
import { migrationIndexes, SET_ASIDE } from '../../src/store/dialects/sqlite/deferred-indexes.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import { comment, importInto, listSource, thread, newSite } from './helpers.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-deferred-indexes-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const clock = fakeClock(1_700_000_000_000);
let n = 0;

/** A new database with one site. */
async function fresh(options: { importing?: boolean } = {}): Promise<{ store: SqlStore; path: string; site: SiteRow }> {
  const path = join(dir, `db-${++n}.db`);
  const store = await openSqlite({ path, ...options });
  return { store, path, site: await newSite(store) };
}

/** The comments' secondary indexes and the mark, read from the file itself. */
function onDisk(path: string): { indexes: { name: string; sql: string }[]; version: number } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const indexes = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'comments' AND sql IS NOT NULL ORDER BY name`,
      )
      .all() as { name: string; sql: string }[];
    const { user_version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    return { indexes: indexes.map((i) => ({ name: i.name, sql: i.sql })), version: user_version };
  } finally {
    db.close();
  }
}

const items = (prefix: string) => [
  thread('t', `https://news.test/${prefix}`),
  comment(`${prefix}1`, 't'),
  comment(`${prefix}2`, 't', { parentKey: `${prefix}1` }),
  // Read before its parent: linked at the end, through the index on root_id.
  comment(`${prefix}3`, 't', { parentKey: `${prefix}4` }),
  comment(`${prefix}4`, 't'),
];

test('the migrations define eight secondary indexes on comments, none of them unique', async () => {
  const defined = await migrationIndexes();
  assert.equal(defined.length, 8);
  for (const i of defined) assert.match(i.sql, /^CREATE INDEX /);
});

test('set aside on an empty table, built again exactly as the migrations define them', async () => {
  const { store, path, site } = await fresh();
  try {
    const before = onDisk(path);
    assert.deepEqual(before.indexes, await migrationIndexes());
    assert.equal(await store.setAsideImportIndexes(site.id), true);
    assert.deepEqual(onDisk(path), { indexes: [], version: SET_ASIDE });
    await store.restoreImportIndexes();
    assert.deepEqual(onDisk(path), before);
    // Once more: nothing is set aside, nothing is built twice.
    await store.restoreImportIndexes();
    assert.deepEqual(onDisk(path), before);
  } finally {
    await store.close();
  }
});

test('a bulk import into an empty table writes the same comments and ends with every index', async () => {
  const { store, path, site } = await fresh({ importing: true });
  try {
    const seen: string[] = [];
    const report = await importInto(store, clock, site, listSource('test', items('a')), {
      bulk: true,
      onProgress: (p) => seen.push(`${p.phase} ${onDisk(path).indexes.length}`),
    });
    assert.equal(report.comments.added, 4);
    // Kept while the file is read (it may yet be refused), aside while the comments are written.
    assert.deepEqual([...new Set(seen)], ['reading 8', 'writing 0', 'indexing 0']);
    assert.deepEqual(onDisk(path), { indexes: await migrationIndexes(), version: 0 });
    const t = await store.getThreadByKey(site.id, 'https://news.test/a');
    const rows = await store.exportComments(t!.id, null, 10);
    const byBody = new Map(rows.map((r) => [r.body, r]));
    assert.equal(byBody.get('Comment a2')!.parent_id, byBody.get('Comment a1')!.id);
    assert.equal(byBody.get('Comment a3')!.parent_id, byBody.get('Comment a4')!.id);
    // Again: nothing added; the table has rows, so its indexes stay through the run.
    const again = await importInto(store, clock, site, listSource('test', items('a')), {
      bulk: true,
      onProgress: () => assert.equal(onDisk(path).indexes.length, 8),
    });
    assert.deepEqual([again.comments.added, again.comments.already], [0, 4]);
  } finally {
    await store.close();
  }
});

test('a table with rows keeps its indexes; an index of the operator is never dropped', async () => {
  const { store, path, site } = await fresh();
  try {
    await importInto(store, clock, site, listSource('test', items('b')));
    assert.equal(await store.setAsideImportIndexes(site.id), false);
    assert.equal(onDisk(path).indexes.length, 8);
  } finally {
    await store.close();
  }
  const other = await fresh();
  try {
    const raw = new DatabaseSync(other.path);
    raw.exec('CREATE INDEX mine ON comments (author_name)');
    raw.close();
    assert.equal(await other.store.setAsideImportIndexes(other.site.id), true);
    assert.deepEqual(
      onDisk(other.path).indexes.map((i) => i.name),
      ['mine'],
    );
    await other.store.restoreImportIndexes();
    assert.equal(onDisk(other.path).indexes.length, 9);
  } finally {
    await other.store.close();
  }
});

test('left aside by an import that died: the next import keeps them aside and builds them; any other open builds them', async () => {
  const { store, path, site } = await fresh({ importing: true });
  assert.equal(await store.setAsideImportIndexes(site.id), true);
  await importInto(store, clock, site, listSource('test', items('c').slice(0, 3)));
  // The process dies here: no restore.
  await store.close();
  const resumed = await openSqlite({ path, importing: true });
  try {
    assert.equal(onDisk(path).version, SET_ASIDE);
    assert.equal(await resumed.setAsideImportIndexes(site.id), true, 'rows or not, the interrupted import goes on');
    const report = await importInto(resumed, clock, site, listSource('test', items('c')), { bulk: true });
    assert.deepEqual([report.comments.added, report.comments.already], [2, 2]);
    assert.deepEqual(onDisk(path), { indexes: await migrationIndexes(), version: 0 });
  } finally {
    await resumed.close();
  }
  const died = await fresh({ importing: true });
  assert.equal(await died.store.setAsideImportIndexes(died.site.id), true);
  await died.store.close();
  const server = await openSqlite({ path: died.path });
  await server.close();
  assert.deepEqual(onDisk(died.path), { indexes: await migrationIndexes(), version: 0 });
});
