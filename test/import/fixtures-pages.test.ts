// Every committed import fixture, imported into a fresh app (SQLite, and PostgreSQL when reachable) through the reader and the pipeline
// `parley import` uses, then read back page by page as a reader gets it: the widget's JSON
// (/api/v1/threads) and the server-rendered section (/comments). Each page is compared with what
// the file says: the thread's address and title, the comments in order with their parents, the
// published ones shown and the held, spam and removed ones not (one with published
// replies as a placeholder), their authors, dates and words (non-ASCII intact), the counts; replies whose
// parent is missing at the top and counted; each broken record reported at its position, the
// records after it imported all the same.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ThreadPage } from '../../src/contracts/api.ts';
import type { MapUrlRule } from '../../src/core/import/map-url.ts';
import { mapUrl, parseMapUrl } from '../../src/core/import/map-url.ts';
import { keyspaceOf } from '../../src/core/import/plan.ts';
import type { ImportComment, ImportItem } from '../../src/core/import/source.ts';
import type { CommentRow } from '../../src/core/ports.ts';
import { threadKey } from '../../src/core/threads/thread-key.ts';
import { readerOf } from '../../src/import/formats/index.ts';
import { escapeHtml } from '../../src/render/escape.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { expectedPage, expectedParent, idsOf, keptComments, shapeOf, wordsOf } from '../helpers/fixture-pages.ts';
import { collect, fixture, lineOpening } from '../helpers/import-fixtures.ts';
import { importInto } from './helpers.ts';

type Counts = { approved: number; pending: number; spam: number; deleted: number };
type Case = {
  file: string;
  format: string;
  /** Isso and Comentario 3 name pages by path: moved onto a host as docs/migrate.md says. */
  mapUrl?: string;
  threads: number;
  byStatus: Counts;
  orphans: number;
  /** Each broken record: where the report says it is, and why. */
  invalid: [at: string | (() => string), why: RegExp][];
};

const lineOf = (name: string, needle: string) => () => {
  const text = readFileSync(fixture(name), 'utf8');
  return `line ${text.slice(0, text.indexOf(needle)).split('\n').length}`;
};

const CASES: Case[] = [
  {
    file: 'wordpress.wxr',
    format: 'wxr',
    threads: 2,
    byStatus: { approved: 3, pending: 1, spam: 1, deleted: 2 },
    orphans: 0,
    invalid: [
      [() => `line ${lineOpening(fixture('wordpress.wxr'), '<wp:comment>', 'maybe')}, <wp:comment>`, /"maybe"/],
      [() => `line ${lineOpening(fixture('wordpress.wxr'), '<wp:comment>', 'sometime soon')}, <wp:comment>`, /date/],
    ],
  },
  {
    file: 'wordpress-real-export.xml',
    format: 'wxr',
    threads: 3,
    byStatus: { approved: 6, pending: 2, spam: 0, deleted: 1 },
    orphans: 0,
    invalid: [],
  },
  {
    file: 'disqus.xml',
    format: 'disqus',
    threads: 2,
    byStatus: { approved: 4, pending: 0, spam: 1, deleted: 1 },
    orphans: 1,
    invalid: [
      [() => `line ${lineOpening(fixture('disqus.xml'), '<post', '<thread dsq:id="9999"/>')}, <post>`, /9999/],
      [() => `line ${lineOpening(fixture('disqus.xml'), '<post', 'last Tuesday')}, <post>`, /last Tuesday/],
    ],
  },
  {
    file: 'remark42.backup',
    format: 'remark42',
    threads: 2,
    byStatus: { approved: 7, pending: 0, spam: 0, deleted: 1 },
    orphans: 1,
    invalid: [
      [lineOf('remark42.backup', '{"id":"r42-c7"'), /not JSON/],
      [lineOf('remark42.backup', '{"id":"r42-c9"'), /bad time/],
    ],
  },
  {
    file: 'isso.sql',
    format: 'isso',
    mapUrl: '/=https://news.example/',
    threads: 3,
    byStatus: { approved: 6, pending: 1, spam: 0, deleted: 1 },
    orphans: 1,
    invalid: [
      ['threads row 4', /without a uri/],
      ['comments row 8', /bad created date/],
      ['comments row 9', /unknown mode 3/],
      ['comments row 10', /thread 42/],
      ['comments row 11', /another thread/],
    ],
  },
  {
    file: 'commento.json',
    format: 'commento',
    threads: 2,
    // Its comment by a commenter the file no longer lists is kept under the name left on it.
    byStatus: { approved: 6, pending: 1, spam: 1, deleted: 1 },
    orphans: 2,
    invalid: [
      ['comments[7]', /bad creationDate/],
      ['comments[8]', /"hidden"/],
      ['comments[11]', /second comment with the id a2/],
      ['comments[12]', /another page/],
      ['comments[13]', /loop/],
      ['comments[14]', /loop/],
    ],
  },
  {
    file: 'comentario.json',
    format: 'comentario',
    mapUrl: '/=https://news.example/',
    threads: 2,
    byStatus: { approved: 4, pending: 1, spam: 1, deleted: 1 },
    orphans: 1,
    invalid: [
      ['pages[2]', /without an id or path/],
      ['comments[7]', /bad createdTime/],
      ['comments[8]', /p-none/],
    ],
  },
  {
    file: 'parley.jsonl',
    format: 'parley',
    threads: 2,
    byStatus: { approved: 6, pending: 1, spam: 1, deleted: 1 },
    orphans: 1,
    invalid: [[lineOf('parley.jsonl', '"id":"01JD0R2000000000000000C010"'), /status "published"/]],
  },
];

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-fixture-pages-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The file the reader opens: Isso's is a database, built from the committed SQL as Isso would have written it. */
function sourceFile(c: Case): string {
  if (c.format !== 'isso') return fixture(c.file);
  const path = join(dir, 'comments.db');
  rmSync(path, { force: true });
  // Isso's driver leaves foreign keys unchecked: the fixture holds a comment of a missing thread.
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: false });
  db.exec(readFileSync(fixture(c.file), 'utf8'));
  db.close();
  return path;
}

const MARKDOWN_LINK = /\]\([^)]*\)/g;

for (const [backend, c] of (await apiBackends()).flatMap((b) => CASES.map((x) => [b, x] as const))) {
  describe(`${c.file} imported, read page by page (${backend})`, () => {
    let h: TestApp;
    let file: string;
    let items: ImportItem[];
    let report: Awaited<ReturnType<typeof importInto>>;
    /** The comments the import keeps, by source id, and the id each was stored under. */
    let kept: Map<string, ImportComment>;
    let stored: Map<string, string>;
    const rules: MapUrlRule[] = [];
    if (c.mapUrl) rules.push(parseMapUrl(c.mapUrl) as MapUrlRule);
    const localKey = (url: string) => threadKey(mapUrl(rules, url));

    before(async () => {
      h = await testApp({}, { backend });
      file = sourceFile(c);
      items = await collect(await readerOf(c.format)!(file, {}));
      const site = (await h.store.getSite(h.siteId))!;
      report = await importInto(h.store, h.clock, site, await readerOf(c.format)!(file, {}), { mapUrl: rules });
      kept = keptComments(items, (url) => localKey(url) !== null);
      const found = await h.store.importLookup({
        siteId: h.siteId,
        format: keyspaceOf(c.format === 'comentario' ? 'commento' : c.format, report.origin ?? ''),
        threadKeys: [],
        commentKeys: [...kept.keys()],
      });
      stored = new Map([...found.comments].flatMap(([k, v]) => (v ? [[k, v.id] as const] : [])));
    });
    after(() => h.close());

    test('the report counts the threads, statuses and orphans, and names each broken record where it is', () => {
      assert.equal(report.threads.added, c.threads);
      assert.deepEqual(report.comments.byStatus, c.byStatus);
      assert.equal(report.orphans, c.orphans, 'replies whose parent is missing');
      assert.equal(report.invalid.count, c.invalid.length, JSON.stringify(report.invalid.listed));
      c.invalid.forEach(([at, why], i) => {
        const listed = report.invalid.listed[i];
        assert.equal(listed.at, typeof at === 'string' ? at : at());
        assert.match(listed.message, why);
      });
    });

    test('every readable comment is stored once, with its status and its parent from the file', async () => {
      assert.equal(report.comments.added, kept.size);
      assert.equal(stored.size, kept.size, 'each kept comment is found by its source id');
      let orphans = 0;
      for (const [key, source] of kept) {
        const row = (await h.store.getComment(stored.get(key)!))!;
        assert.equal(row.status, source.status, key);
        assert.equal(row.created_at, source.createdAt, key);
        const parent = expectedParent(source, kept);
        if (source.parentKey && !parent) orphans++;
        assert.equal(row.parent_id, parent ? stored.get(parent)! : null, `${key}'s parent`);
      }
      assert.equal(report.orphans, orphans, 'the orphans counted are those of the file');
    });

    test("each thread's page: address, title, order, nesting, what is shown, texts and count", async () => {
      const threads = items.flatMap((i) => (i.kind === 'thread' && localKey(i.thread.url) ? [i.thread] : []));
      const withComments = threads.filter((t) => [...kept.values()].some((k) => k.threadKey === t.key));
      assert.ok(withComments.length >= 1);
      for (const t of withComments) {
        const key = localKey(t.url)!;
        const res = await h.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(key)}&site=${h.siteId}` });
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as ThreadPage;
        assert.equal(page.thread.key, key);
        assert.equal(page.thread.title, t.title);
        assert.equal(page.thread.url, /^https?:/.test(key) ? key : null);

        const rows: CommentRow[] = await h.store.exportComments(page.thread.id!, null, 1000);
        const mine = [...kept].filter(([, s]) => s.threadKey === t.key);
        assert.deepEqual(
          rows.map((r) => r.id).sort(),
          mine.map(([k]) => stored.get(k)).sort(),
          `${key}: the file's comments`,
        );
        assert.deepEqual(shapeOf(page.comments), expectedPage(rows), `${key}: order, nesting and what is shown`);
        assert.equal(page.thread.count, rows.filter((r) => r.status === 'approved').length, `${key}: count`);

        const shown = new Map<string, ThreadPage['comments'][number]>();
        const walk = (list: ThreadPage['comments']) => {
          for (const x of list) {
            shown.set(x.id, x);
            walk(x.replies);
          }
        };
        walk(page.comments);
        const html = (await h.app.inject({ url: `/comments?thread=${encodeURIComponent(key)}&site=${h.siteId}` })).body;
        for (const [k, s] of mine) {
          const row = rows.find((r) => r.id === stored.get(k))!;
          const pub = shown.get(row.id);
          if (!pub || pub.deleted || pub.hidden) {
            assert.ok(s.status !== 'approved' || !pub, `${k} is published but a placeholder`);
            if (row.body_html) {
              assert.equal(res.body.includes(JSON.stringify(row.body_html).slice(1, -1)), false, `${k} is not shown`);
              assert.equal(html.includes(row.body_html), false, `${k} is not on the rendered page`);
            }
            continue;
          }
          assert.equal(pub.author?.name, s.author.name.trim() || 'Anonymous', k);
          assert.equal(pub.createdAt, new Date(s.createdAt).toISOString(), k);
          const words = new Set(wordsOf(pub.html ?? ''));
          for (const w of wordsOf(s.body.text.replace(MARKDOWN_LINK, ']')))
            assert.ok(words.has(w), `${k}: "${w}" of the file is not on the page: ${pub.html}`);
          assert.ok(html.includes(pub.html!), `${k}'s text is on the rendered page`);
          assert.ok(html.includes(escapeHtml(pub.author!.name)), `${k}'s author is on the rendered page`);
        }
        assert.deepEqual(idsOf(shapeOf(page.comments)).sort(), [...shown.keys()].sort());
      }
    });
  });
}
