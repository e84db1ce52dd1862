// The Isso reader against a database built from test/fixtures/import/isso.sql (Isso's tables, our
// rows): threads first, then comments by id with Isso's modes mapped, its zeroed addresses passed
// on as IPs, and the rows it cannot read named by table and id. Other files are refused naming
// what is missing; the database is only read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImportComment, type ImportItem, ImportFormatError } from '../../src/core/import/source.ts';
import { issoSource } from '../../src/import/formats/isso.ts';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const collect = async (path: string, origin?: string) => {
  const out: ImportItem[] = [];
  for await (const x of issoSource(path, origin ? { origin } : {}).items()) out.push(x);
  return out;
};

const thread = (id: number, url: string, title: string | null): ImportItem => ({
  kind: 'thread',
  thread: { key: String(id), url, title, createdAt: null, at: `threads row ${id}` },
});
type Author = ImportComment['author'];
const comment = (
  id: number,
  c: Omit<ImportComment, 'key' | 'userAgent' | 'at' | 'author' | 'body'> & { author: Partial<Author>; text: string },
): ImportItem => ({
  kind: 'comment',
  comment: {
    key: String(id),
    threadKey: c.threadKey,
    parentKey: c.parentKey,
    createdAt: c.createdAt,
    status: c.status,
    author: { name: 'Anonymous', email: null, website: null, sourceId: null, ...c.author },
    body: { format: 'markdown', text: c.text },
    ip: c.ip,
    userAgent: null,
    at: `comments row ${id}`,
  },
});
const unknown = (id: number, field: string): ImportItem => ({ kind: 'unknown', field, at: `comments row ${id}` });
const invalid = (id: number, message: string): ImportItem => ({ kind: 'invalid', message, at: `comments row ${id}` });
const s = (seconds: number) => seconds * 1000;

const EXPECTED: ImportItem[] = [
  thread(1, '/2026/12/budget-vote/', 'Le budget voté de justesse'),
  thread(2, '/2026/12/harbour-fire/', 'Пожар в порту'),
  thread(3, '/2026/12/no-comments-yet/', null),
  { kind: 'invalid', message: 'a thread without a uri', at: 'threads row 4' },
  comment(1, {
    threadKey: '1',
    parentKey: null,
    createdAt: s(1764580530.25),
    status: 'approved',
    author: { name: 'Élodie Marchand', email: 'elodie@example.fr', website: 'https://elodie.example' },
    text: 'Enfin un budget qui pense aux **écoles rurales**.',
    ip: '192.168.1.0',
  }),
  unknown(1, 'comment.votes'),
  unknown(1, 'comment.notification'),
  comment(2, {
    threadKey: '1',
    parentKey: '1',
    createdAt: s(1764584520),
    status: 'approved',
    author: { name: 'Дмитрий Соколов' },
    text: 'Сельские школы получат меньше, чем обещали.',
    ip: '10.0.0.0',
  }),
  unknown(2, 'comment.votes'),
  comment(3, {
    threadKey: '1',
    parentKey: '2',
    createdAt: s(1764589800.5),
    status: 'pending',
    author: {},
    text: 'The table is on page 4 📊',
    ip: '2001:db8:85a3::',
  }),
  comment(4, {
    threadKey: '1',
    parentKey: '3',
    createdAt: s(1764590400),
    status: 'deleted',
    author: { email: 'gone@example.org' },
    text: '',
    ip: '172.16.5.0',
  }),
  comment(5, {
    threadKey: '2',
    parentKey: null,
    createdAt: s(1764662400),
    status: 'approved',
    author: { name: 'Sam' },
    text: 'Were the firefighters from [the next town](https://town.example) called in?',
    ip: '203.0.113.0',
  }),
  unknown(5, 'comment.modified'),
  comment(6, {
    threadKey: '2',
    parentKey: '5',
    createdAt: s(1764665110),
    status: 'approved',
    author: { name: 'Lina' },
    text: 'Yes, two crews. 🚒',
    ip: '198.51.100.0',
  }),
  // A reply whose parent row is gone is kept: the import makes it an orphan.
  comment(7, {
    threadKey: '2',
    parentKey: '999',
    createdAt: s(1764666000),
    status: 'approved',
    author: { name: 'Lina' },
    text: 'A reply to a comment that is gone.',
    ip: '198.51.100.0',
  }),
  invalid(8, 'a comment with a bad created date "last tuesday"'),
  invalid(9, 'a comment with the unknown mode 3'),
  invalid(10, 'a comment of thread 42, not among the threads read'),
  invalid(11, 'a reply to comment 1, of another thread'),
  comment(12, {
    threadKey: '2',
    parentKey: '6',
    createdAt: s(1764670000),
    status: 'approved',
    author: { name: 'Élodie Marchand', email: 'elodie@example.fr' },
    text: 'Merci pour la précision.',
    ip: null,
  }),
];

function build(path: string, sql: string): void {
  // Isso's Python driver does not enforce foreign keys, so its files can hold a comment of a
  // missing thread (one of the fixture's broken rows); node:sqlite would refuse to write it.
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: false });
  db.exec(sql);
  db.close();
}

const refused = async (path: string, why: RegExp, at: string) =>
  assert.rejects(collect(path), (e: unknown) => e instanceof ImportFormatError && why.test(e.message) && e.at === at);

describe('the Isso database reader', () => {
  let dir: string;
  let db: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-isso-'));
    db = join(dir, 'comments.db');
    build(db, readFileSync(join(fixtures, 'isso.sql'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('yields the threads, then the comments by id, with the rows it cannot read named', async () => {
    assert.deepEqual(await collect(db), EXPECTED);
  });

  test('with an origin, thread URLs are absolute; nothing else changes', async () => {
    const items = await collect(db, 'https://news.example/');
    const threads = items.flatMap((i) => (i.kind === 'thread' ? [i.thread.url] : []));
    assert.deepEqual(threads, [
      'https://news.example/2026/12/budget-vote/',
      'https://news.example/2026/12/harbour-fire/',
      'https://news.example/2026/12/no-comments-yet/',
    ]);
    const rest = (list: ImportItem[]) => list.filter((i) => i.kind !== 'thread');
    assert.deepEqual(rest(items), rest(EXPECTED));
  });

  test('the database is opened read-only: reading leaves the file as it was', async () => {
    const before = readFileSync(db);
    const { mtimeMs } = statSync(db);
    await collect(db);
    assert.deepEqual(readFileSync(db), before);
    assert.equal(statSync(db).mtimeMs, mtimeMs);
  });

  test('a file that is not SQLite is refused', async () => {
    await refused(join(fixtures, 'remark42.backup'), /not an SQLite database/, 'database');
    await refused(join(dir, 'missing.db'), /not an SQLite database/, 'database');
  });

  test('an SQLite database without Isso tables or columns is refused, naming what is missing', async () => {
    const other = join(dir, 'other.db');
    build(other, 'CREATE TABLE threads (id INTEGER PRIMARY KEY, uri TEXT, title TEXT);');
    await refused(other, /not an Isso database: it has no "comments" table/, 'database');
    const older = join(dir, 'older.db');
    copyFileSync(db, older);
    const d = new DatabaseSync(older);
    d.exec('ALTER TABLE comments DROP COLUMN mode');
    d.close();
    await refused(older, /not an Isso database: no column "mode"/, 'table comments');
  });

  test('a database of an older Isso, without the optional columns, still reads', async () => {
    const old = join(dir, 'old.db');
    copyFileSync(db, old);
    const d = new DatabaseSync(old);
    for (const c of ['notification', 'likes', 'dislikes', 'modified']) d.exec(`ALTER TABLE comments DROP COLUMN ${c}`);
    d.close();
    assert.deepEqual(
      await collect(old),
      EXPECTED.filter((i) => i.kind !== 'unknown'),
    );
  });
});
