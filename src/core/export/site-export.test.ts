// The export reads a site page by page and only as fast as its records are taken: a fake store
// counts the queries and the rows each asked for, so a whole-site read would show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../clock.ts';
import type { CommentRow, ExportCursor, SiteExportStore, ThreadRow } from '../ports.ts';
import { openSiteExport } from './site-export.ts';
import { cdata, xmlText } from './xml.ts';

function fakeStore(threads: number, commentsPerThread: number) {
  const calls: string[] = [];
  const thread = (i: number): ThreadRow => ({
    id: `T${String(i).padStart(5, '0')}`,
    site_id: 'S',
    key: `k${i}`,
    url: null,
    title: null,
    closed: false,
    comment_count: commentsPerThread,
    version: 0,
    created_at: i,
    pinned: [],
    reopened_at: null,
  });
  const comment = (t: string, i: number): CommentRow =>
    ({
      id: `${t}-C${String(i).padStart(5, '0')}`,
      thread_id: t,
      parent_id: null,
      depth: 0,
      status: 'approved',
      author_name: 'A',
      author_email: 'a@example.com',
      author_website: null,
      body: 'b',
      body_html: '<p>b</p>',
      created_at: i,
      edited_at: null,
    }) as CommentRow;
  const store: SiteExportStore = {
    getSite: async () => ({
      id: 'S',
      name: 'Site',
      origins: [],
      lang: 'en',
      settings: { holdScore: 4 },
      avatar_secret: 'x',
      is_default: true,
      created_at: 0,
    }),
    exportThreads: async (_site, after, limit) => {
      calls.push(`threads ${limit}`);
      const from = after ? Number(after.slice(1)) + 1 : 0;
      return Array.from({ length: Math.max(0, Math.min(limit, threads - from)) }, (_, i) => thread(from + i));
    },
    exportComments: async (threadId: string, after: ExportCursor | null, limit: number) => {
      calls.push(`comments ${limit}`);
      const from = after ? Number(after.id.split('-C')[1]) + 1 : 0;
      return Array.from({ length: Math.max(0, Math.min(limit, commentsPerThread - from)) }, (_, i) =>
        comment(threadId, from + i),
      );
    },
    openReports: async () => [],
    activeBans: async () => [],
    listAudit: async (_site, _before, limit) => {
      calls.push(`audit ${limit}`);
      return [];
    },
  };
  return { store, calls };
}

test('a site is read a page at a time, and only as fast as its records are taken', async () => {
  const { store, calls } = fakeStore(3, 1200);
  const ex = await openSiteExport({ store, clock: fakeClock(), pageSize: 500 }, 'S');
  assert.ok(ex);
  const records = ex.records();
  for (let i = 0; i < 10; i++) await records.next();
  assert.deepEqual(calls, ['threads 500', 'comments 500'], 'ten records cost one page of each');
  let comments = 0;
  let last: { type: string; counts?: unknown } | undefined;
  for await (const r of records) {
    if (r.type === 'comment') comments++;
    last = r;
  }
  assert.equal(comments + 8, 3 * 1200, 'the first ten were a setting, a thread and eight comments');
  assert.deepEqual(last, { type: 'end', counts: { setting: 1, thread: 3, comment: 3600 } });
  assert.ok(
    calls.every((c) => c.endsWith(' 500')),
    'no query asks for more than a page',
  );
  assert.equal(calls.filter((c) => c.startsWith('comments')).length, 9);
  assert.equal(
    await openSiteExport({ store: { ...store, getSite: async () => undefined }, clock: fakeClock() }, 'S'),
    null,
  );
});

test('XML text and CDATA: escaped, "]]>" split as wxr_cdata does, characters XML cannot hold dropped', () => {
  assert.equal(xmlText(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  assert.equal(cdata('a]]>b'), '<![CDATA[a]]]]><![CDATA[>b]]>');
  assert.equal(xmlText('a\u0000b\u0008c\u000bd\ud800e\uffffé\t\n😀'), 'abcdeé\t\n😀');
  assert.equal(cdata('\u0001]]>'), '<![CDATA[]]]]><![CDATA[>]]>');
});
