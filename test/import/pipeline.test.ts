// The import pipeline between a source and the database, on SQLite, with sources made of item
// lists: what it keeps, what it adds on a second run (nothing), how an interrupted run resumes,
// what a dry run writes (nothing), where replies go (late parents linked, orphans at the top),
// --map-url, IP hashing and dropping, author keys and privacy requests, retention from the
// import, --recheck and --train, and broken records reported with their position.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.ts';
import { fakeClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { describeImport } from '../../src/core/import/plan.ts';
import { ImportFormatError, type ImportItem } from '../../src/core/import/source.ts';
import { purgeExpired } from '../../src/core/jobs/retention.ts';
import type { CommentRow, SiteRow, Store } from '../../src/core/ports.ts';
import { CommenterData } from '../../src/core/privacy/commenter-data.ts';
import { hashIp } from '../../src/core/privacy/ip.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import { comment, DAY, importInto, listSource, thread, newSite } from './helpers.ts';

let dir: string;
let store: SqlStore;
const NOW = 1_700_000_000_000;
const clock = fakeClock(NOW);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
  store = await openSqlite({ path: join(dir, 'p.db') });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A site of its own on this file's store. */
const freshSite = (settings: Record<string, unknown> = {}) => newSite(store, settings);

/** Every comment of a site's thread, in export order (depth, then id). */
async function rowsOf(site: SiteRow, key: string): Promise<CommentRow[]> {
  const t = await store.getThreadByKey(site.id, key);
  return t ? store.exportComments(t.id, null, 1000) : [];
}
const byBody = (rows: CommentRow[]) => new Map(rows.map((r) => [r.body, r]));

async function countRows(site: SiteRow): Promise<Record<string, number>> {
  const n = async (table: string) =>
    Number(
      (
        await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE site_id = ${site.id}`.execute(
          store.db,
        )
      ).rows[0].n,
    );
  return {
    threads: await n('threads'),
    comments: await n('comments'),
    keys: await n('import_keys'),
    audit: await n('audit_log'),
  };
}

const FILE: ImportItem[] = [
  thread('t1', 'https://news.test/a', { title: 'Article A' }),
  comment('c1', 't1'),
  comment('c2', 't1', { parentKey: 'c1', status: 'pending' }),
  comment('c3', 't1', { status: 'spam' }),
  comment('c4', 't1', { status: 'deleted', body: { format: 'html', text: '<p>Was <b>removed</b></p>' } }),
  thread('t2', 'article-9', { title: 'Article B' }),
  comment('c5', 't2', { body: { format: 'text', text: 'Plain *text* 1. here' } }),
  comment('c6', 't2', { parentKey: 'c5' }),
];

describe('an import on SQLite', () => {
  test('keeps threads, replies, statuses, authors and bodies; counts published comments; audits once', async () => {
    const site = await freshSite();
    const report = await importInto(store, clock, site, listSource('test', FILE), { batchSize: 3 });
    assert.deepEqual(report.comments, {
      read: 6,
      added: 6,
      already: 0,
      byStatus: { approved: 3, pending: 1, spam: 1, deleted: 1 },
    });
    assert.deepEqual(report.threads, { read: 2, added: 2, existing: 0 });
    const a = await store.getThreadByKey(site.id, 'https://news.test/a');
    const b = await store.getThreadByKey(site.id, 'article-9');
    assert.deepEqual([a?.title, a?.url, a?.comment_count], ['Article A', 'https://news.test/a', 1]);
    assert.deepEqual([b?.title, b?.url, b?.comment_count], ['Article B', null, 2]);
    const rows = byBody(await rowsOf(site, 'https://news.test/a'));
    const c2 = rows.get('Comment c2')!;
    assert.equal(c2.parent_id, rows.get('Comment c1')!.id);
    assert.deepEqual(
      [c2.status, c2.depth, c2.author_name, c2.author_email],
      ['pending', 1, 'Author c2', 'c2@example.net'],
    );
    assert.equal(c2.created_at, 1_600_000_002_000);
    assert.equal(c2.imported_at, NOW);
    const removed = rows.get('Was **removed**')!;
    assert.deepEqual([removed.status, removed.body_html], ['deleted', '<p>Was <strong>removed</strong></p>\n']);
    const text = (await rowsOf(site, 'article-9'))[0];
    assert.equal(text.body_html, '<p>Plain *text* 1. here</p>\n');
    const audit = (await store.listAudit(site.id, null, 10)).filter((e) => e.action === 'site.import');
    assert.equal(audit.length, 1);
    assert.equal((audit[0].after as { comments: { added: number } }).comments.added, 6);
  });

  test('a second run adds nothing and changes no count', async () => {
    const site = await freshSite();
    await importInto(store, clock, site, listSource('test', FILE));
    const before = await countRows(site);
    const second = await importInto(store, clock, site, listSource('test', FILE), { batchSize: 2 });
    assert.deepEqual([second.comments.added, second.comments.already, second.threads.added], [0, 6, 0]);
    assert.deepEqual(await countRows(site), { ...before, audit: before.audit + 1 });
    assert.equal((await store.getThreadByKey(site.id, 'article-9'))?.comment_count, 2);
  });

  test('a batch that fails leaves nothing of itself; the same run again completes without duplicates', async () => {
    const site = await freshSite();
    const items: ImportItem[] = [thread('t', 'https://news.test/resume')];
    for (let i = 1; i <= 10; i++) items.push(comment(`r${i}`, 't', { parentKey: i > 1 ? `r${i - 1}` : null }));
    // The third batch reaches the database with a row the table refuses, after its good rows.
    let calls = 0;
    const writeImportBatch: Store['writeImportBatch'] = async (b) => {
      if (++calls === 3) {
        const bad = { ...b.comments[0].row, id: newId(), status: 'bogus' as never };
        return store.writeImportBatch({
          ...b,
          comments: [...b.comments, { sourceKey: 'bad', row: bad, pendingParent: null }],
        });
      }
      return store.writeImportBatch(b);
    };
    const failing = new Proxy(store, {
      get: (target, name) => {
        if (name === 'writeImportBatch') return writeImportBatch;
        const v = Reflect.get(target, name);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Store;
    await assert.rejects(importInto(failing, clock, site, listSource('test', items), { batchSize: 3 }));
    const partial = await rowsOf(site, 'https://news.test/resume');
    assert.deepEqual(
      partial.map((r) => r.body).sort(),
      ['Comment r1', 'Comment r2', 'Comment r3', 'Comment r4', 'Comment r5', 'Comment r6'].sort(),
    );
    assert.equal((await store.getThreadByKey(site.id, 'https://news.test/resume'))?.comment_count, 6);
    const resumed = await importInto(store, clock, site, listSource('test', items), { batchSize: 3 });
    assert.deepEqual([resumed.comments.added, resumed.comments.already], [4, 6]);
    const rows = await rowsOf(site, 'https://news.test/resume');
    assert.equal(rows.length, 10);
    assert.equal(new Set(rows.map((r) => r.body)).size, 10);
    const chain = byBody(rows);
    for (let i = 2; i <= 10; i++) {
      assert.equal(chain.get(`Comment r${i}`)!.parent_id, chain.get(`Comment r${i - 1}`)!.id, `r${i}`);
      assert.equal(chain.get(`Comment r${i}`)!.depth, i - 1);
    }
    assert.equal((await store.getThreadByKey(site.id, 'https://news.test/resume'))?.comment_count, 10);
  });

  test('a dry run writes nothing and says what would happen, retention included', async () => {
    const site = await freshSite();
    const before = await countRows(site);
    const items = [
      ...FILE,
      comment('c7', 't1', { parentKey: 'gone' }),
      { kind: 'unknown', field: 'wp:meta', at: 'x' } as const,
    ];
    const report = await importInto(store, clock, site, listSource('test', items), { dryRun: true });
    assert.deepEqual(await countRows(site), before);
    assert.deepEqual([report.comments.added, report.orphans, report.unknown['wp:meta']], [7, 1, 1]);
    assert.equal(report.comments.byStatus.spam, 1);
    const words = describeImport(report).join('\n');
    assert.match(words, /Dry run .*nothing was written/);
    assert.match(words, /held and spam comments are kept 30 days counted from the import, not from their dates/);
    assert.match(words, /2 comments older than that would stay until then/);
    assert.match(words, /wp:meta ×1/);
  });

  test('a reply read before its parent is linked; a missing, foreign or looping parent leaves it at the top', async () => {
    const site = await freshSite();
    const items: ImportItem[] = [
      thread('t', 'https://news.test/late'),
      thread('u', 'https://news.test/other'),
      comment('x1', 'u'),
      comment('g3', 't', { parentKey: 'g2' }), // grandchild first, then child, then the root
      comment('g2', 't', { parentKey: 'g1' }),
      comment('g4', 't', { parentKey: 'g3' }),
      comment('g1', 't'),
      comment('o1', 't', { parentKey: 'nowhere' }),
      comment('o2', 't', { parentKey: 'x1' }),
      comment('o3', 't', { parentKey: 'o3' }),
      comment('l1', 't', { parentKey: 'l2' }),
      comment('l2', 't', { parentKey: 'l1' }),
    ];
    const report = await importInto(store, clock, site, listSource('test', items), { batchSize: 2 });
    const rows = byBody(await rowsOf(site, 'https://news.test/late'));
    const g = (n: number) => rows.get(`Comment g${n}`)!;
    assert.deepEqual([g(1).depth, g(2).depth, g(3).depth, g(4).depth], [0, 1, 2, 3]);
    assert.deepEqual([g(2).parent_id, g(3).parent_id, g(4).parent_id], [g(1).id, g(2).id, g(3).id]);
    assert.deepEqual([g(2).root_id, g(3).root_id, g(4).root_id], [g(1).id, g(1).id, g(1).id]);
    for (const o of ['o1', 'o2', 'o3'])
      assert.deepEqual([rows.get(`Comment ${o}`)!.parent_id, rows.get(`Comment ${o}`)!.depth], [null, 0], o);
    // Of a loop, one is hung under the other and the other stays at the top.
    const [l1, l2] = [rows.get('Comment l1')!, rows.get('Comment l2')!];
    assert.deepEqual([l1.depth + l2.depth, [l1.parent_id, l2.parent_id].filter(Boolean).length], [1, 1]);
    assert.equal(report.orphans, 4);
    assert.deepEqual(await store.pendingImportLinks(site.id, 'test', null, 10), []);
  });

  test('--map-url moves hosts and prefixes; thread keys are normalized as a posted page address is', async () => {
    const site = await freshSite();
    const items: ImportItem[] = [
      thread('a', 'http://OLD.test/2020/a?utm_source=x#c1'),
      comment('m1', 'a'),
      thread('b', 'https://blog.test/news/b'),
      comment('m2', 'b'),
      thread('c', 'https://blog.test/other/c'),
      comment('m3', 'c'),
    ];
    await importInto(store, clock, site, listSource('test', items), {
      mapUrl: [
        { from: 'old.test', to: 'new.test', byHost: true },
        { from: 'https://blog.test/news/', to: 'https://www.test/', byHost: false },
      ],
    });
    assert.equal((await store.getThreadByKey(site.id, 'http://new.test/2020/a'))?.comment_count, 1);
    assert.equal((await store.getThreadByKey(site.id, 'https://www.test/b'))?.comment_count, 1);
    assert.equal((await store.getThreadByKey(site.id, 'https://blog.test/other/c'))?.comment_count, 1);
  });

  test('IPs are hashed as posts hash them while recent, dropped when older than the site keeps them; none stored raw', async () => {
    const site = await freshSite({ ipRetentionDays: 30 });
    const items: ImportItem[] = [
      thread('t', 'https://news.test/ip'),
      comment('i1', 't', { ip: '203.0.113.77', userAgent: 'UA/1', createdAt: NOW - 2 * DAY }),
      comment('i2', 't', { ip: '2001:db8:77::1', userAgent: 'UA/2', createdAt: NOW - 400 * DAY }),
    ];
    const report = await importInto(store, clock, site, listSource('test', items));
    assert.deepEqual(report.ips, { hashed: 1, dropped: 1 });
    const rows = byBody(await rowsOf(site, 'https://news.test/ip'));
    const secrets = await loadSecrets(store);
    assert.deepEqual(
      [rows.get('Comment i1')!.ip_hash, rows.get('Comment i1')!.user_agent],
      [hashIp('203.0.113.77', secrets.ip), 'UA/1'],
    );
    assert.deepEqual([rows.get('Comment i2')!.ip_hash, rows.get('Comment i2')!.user_agent], [null, null]);
    // Every text column of every table: no raw address anywhere.
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(store.db);
    for (const { name } of tables.rows) {
      const rowsOfTable = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(store.db);
      for (const r of rowsOfTable.rows)
        for (const v of Object.values(r))
          if (typeof v === 'string') assert.ok(!/203\.0\.113\.77|2001:db8:77/.test(v), `${name} holds a raw IP: ${v}`);
    }
  });

  test('an author without an address keeps none; their source id finds and erases their comments', async () => {
    const site = await freshSite();
    const items: ImportItem[] = [
      thread('t', 'https://news.test/keys'),
      comment('k1', 't', { author: { name: 'Jane', email: null, website: 'javascript:alert(1)', sourceId: 'jane' } }),
      comment('k2', 't', { author: { name: 'Jane', email: null, website: 'https://jane.test', sourceId: 'jane' } }),
      comment('k3', 't', { author: { name: 'Other', email: null, website: null, sourceId: 'other' } }),
    ];
    await importInto(store, clock, site, listSource('disq', items), { train: true });
    const rows = byBody(await rowsOf(site, 'https://news.test/keys'));
    assert.deepEqual(
      [
        rows.get('Comment k1')!.author_email,
        rows.get('Comment k1')!.author_key,
        rows.get('Comment k1')!.author_website,
      ],
      ['', 'disq:jane', null],
    );
    const data = new CommenterData({ store, spam: { compact: async () => 0 }, clock });
    const exported = await data.exportByAuthorKey('disq:jane', site.id);
    assert.deepEqual(exported.comments.map((c) => c.body).sort(), ['Comment k1', 'Comment k2']);
    assert.equal((await store.spamCorrections(site.id, null)).length, 3, 'trained on the three approved comments');
    const erased = await data.eraseByAuthorKey('disq:jane', { siteId: site.id, deleteText: false });
    assert.deepEqual([erased.comments, erased.corrections], [2, 2]);
    const after = byBody(await rowsOf(site, 'https://news.test/keys'));
    assert.deepEqual(
      [
        after.get('Comment k2')!.author_name,
        after.get('Comment k2')!.author_website,
        after.get('Comment k2')!.author_key,
      ],
      ['Anonymous', null, null],
    );
    assert.equal(after.get('Comment k3')!.author_name, 'Other');
    assert.deepEqual((await data.exportByAuthorKey('disq:jane', site.id)).comments, []);
  });

  test('the retention job counts an imported held or spam comment from its import, not its old date', async () => {
    const site = await freshSite({ spamRetentionDays: 30 });
    const items: ImportItem[] = [
      thread('t', 'https://news.test/old-spam'),
      comment('s1', 't', { status: 'spam', createdAt: NOW - 3000 * DAY }),
      comment('s2', 't', { status: 'pending', createdAt: NOW - 3000 * DAY }),
    ];
    await importInto(store, clock, site, listSource('test', items));
    const install = loadConfig({ PARLEY_DATA_DIR: dir });
    const compact = { compact: async () => 0 };
    await purgeExpired(store, install, NOW + DAY, compact);
    assert.equal((await rowsOf(site, 'https://news.test/old-spam')).length, 2);
    await purgeExpired(store, install, NOW + 31 * DAY, compact);
    assert.equal((await rowsOf(site, 'https://news.test/old-spam')).length, 0);
  });

  test('--recheck lets the spam policy decide, without the checks of the moment of posting; off, statuses are kept', async () => {
    const site = await freshSite({ blockKeywords: ['casinoroyale'] });
    const items: ImportItem[] = [thread('t', 'https://news.test/recheck')];
    // Twenty comments in twenty seconds from one address: a flood if posted, history if imported.
    for (let i = 1; i <= 20; i++)
      items.push(
        comment(`q${i}`, 't', {
          ip: '198.51.100.5',
          createdAt: NOW - 60_000 + i * 1000,
          body: { format: 'markdown', text: `A fair point about the harbour, number ${i}.` },
        }),
      );
    items.push(comment('q99', 't', { body: { format: 'markdown', text: 'Visit casinoroyale today' } }));
    const kept = await importInto(store, clock, site, listSource('plain', items));
    assert.equal(kept.comments.byStatus.approved, 21);
    const rechecked = await importInto(store, clock, site, listSource('again', items), {
      recheck: true,
      mapUrl: [{ from: 'news.test', to: 'news2.test', byHost: true }],
    });
    const rows = byBody(await rowsOf(site, 'https://news2.test/recheck'));
    assert.equal(rows.get('Visit casinoroyale today')!.status, 'spam');
    assert.ok(rows.get('Visit casinoroyale today')!.spam_reasons?.some((r) => r.check === 'keywords'));
    for (let i = 1; i <= 20; i++)
      assert.equal(rows.get(`A fair point about the harbour, number ${i}.`)!.status, 'approved', `q${i}`);
    assert.equal(rechecked.rechecked, 1);
  });

  test('broken records are reported with their position, and the rest goes in', async () => {
    const site = await freshSite();
    const items: ImportItem[] = [
      thread('t', 'https://news.test/broken'),
      { kind: 'invalid', message: 'a comment without its text', at: 'line 7' },
      comment('b1', 't'),
      comment('b2', 'no-such-thread'),
      thread('bad', 'not a url or an id'),
      comment('b3', 'bad'),
      comment('b4', 't', { createdAt: Number.NaN }),
    ];
    const report = await importInto(store, clock, site, listSource('test', items));
    assert.equal(report.comments.added, 1);
    assert.equal(report.invalid.count, 5);
    const words = describeImport(report).join('\n');
    assert.match(words, /line 7: a comment without its text/);
    assert.match(
      words,
      /comment b2: comment "b2" names thread "no-such-thread", which the file has not named before it/,
    );
    assert.match(
      words,
      /thread bad: thread "bad": its address "not a url or an id" is neither an http\(s\) address nor an id/,
    );
    assert.match(words, /comment b3: .*could not be read/);
    assert.match(words, /comment b4: comment "b4" has no readable date/);
  });

  test('a file that cannot be read to its end writes nothing', async () => {
    const site = await freshSite();
    const before = await countRows(site);
    const items = [...FILE];
    const source = {
      format: 'test',
      async *items() {
        yield* items;
        throw new ImportFormatError('the file ends inside an element: it was cut short', 'line 900');
      },
    };
    await assert.rejects(importInto(store, clock, site, source, { batchSize: 1 }), ImportFormatError);
    assert.deepEqual(await countRows(site), before);
  });
});
