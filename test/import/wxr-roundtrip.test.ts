// The WXR our own exporter writes (`parley export --format wxr`, src/core/export/wxr.ts) read back
// by the WordPress reader: the same threads (our keys, kept as post meta), comments, parents,
// statuses, authors, dates and HTML, a `]]>` in a name and a bare-looking `&` included. The site
// is a fake store, as in src/core/export/site-export.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommentRecord, ExportRecord, ThreadRecord } from '../../src/contracts/parley-export.ts';
import { fakeClock } from '../../src/core/clock.ts';
import { openSiteExport } from '../../src/core/export/site-export.ts';
import { wxrDocument } from '../../src/core/export/wxr.ts';
import type { SiteExportStore } from '../../src/core/ports.ts';
import type { CommentRow, ThreadRow } from '../../src/core/records.ts';
import { wxrSource } from '../../src/import/formats/wxr.ts';
import { collect, kinds } from '../helpers/import-fixtures.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-wxr-roundtrip-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('the WXR our own exporter writes, read back', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2026, 0, 10, 9);
  const threads: ThreadRow[] = [
    { key: 'https://news.example.com/a', url: 'https://news.example.com/a', title: 'Première « page »' },
    { key: 'article-42', url: 'https://news.example.com/b?id=42&x=1', title: null },
    { key: 'https://news.example.com/c', url: null, title: 'Без адреса' },
  ].map((t, i) => ({
    id: `T${i}`,
    site_id: 'S',
    ...t,
    closed: i === 1,
    comment_count: 0,
    version: 0,
    created_at: T0 + i * HOUR,
    pinned: [],
    reopened_at: null,
  }));
  const statuses = ['approved', 'pending', 'spam', 'deleted'] as const;
  const comments = (threadId: string): CommentRow[] => {
    const t = Number(threadId.slice(1));
    return Array.from({ length: 6 }, (_, i) => ({
      id: `${threadId}-C${i}`,
      site_id: 'S',
      thread_id: threadId,
      // 0 ← 1 ← 2 ← 3, and 4, 5 at the top.
      parent_id: i > 0 && i < 4 ? `${threadId}-C${i - 1}` : null,
      root_id: null,
      depth: i < 4 ? i : 0,
      author_name: i === 2 ? 'Odd ]]> name' : `Читатель ${i}`,
      author_email: i === 5 ? '' : `r${i}@example.org`,
      author_website: i === 1 ? 'https://r1.example.org/?a=1&b=2' : null,
      avatar: '',
      body: 'unused: the WXR holds the HTML',
      body_html:
        i === 3 ? '<p>Para one.</p>\n<pre><code>a\n\nb</code></pre>' : `<p>Comment ${i} of ${t} — 😀 &amp; «</p>`,
      status: statuses[(i + t) % 4],
      created_at: T0 + t * HOUR + (i + 1) * 60_000,
      edited_at: null,
      edit_token_hash: null,
      ip_hash: null,
      user_agent: null,
      dedupe_key: null,
    }));
  };
  const store: SiteExportStore = {
    getSite: async () => ({
      id: 'S',
      name: 'Test news',
      origins: ['https://news.example.com'],
      lang: 'fr',
      settings: {},
      avatar_secret: 'x',
      is_default: true,
      created_at: T0,
    }),
    exportThreads: async (_site, after) => (after ? [] : threads),
    exportComments: async (threadId, after) => (after ? [] : comments(threadId)),
    openReports: async () => [],
    activeBans: async () => [],
    listAudit: async () => [],
  };

  test('the same threads, comments, parents, statuses, authors, dates and HTML', async () => {
    const ex = await openSiteExport({ store, clock: fakeClock() }, 'S');
    assert.ok(ex);
    const records: ExportRecord[] = [];
    for await (const r of ex.records()) records.push(r);
    let text = '';
    for await (const piece of wxrDocument(
      ex.header,
      (async function* () {
        yield* records;
      })(),
    ))
      text += piece;
    const items = await collect(wxrSource(write('ours.wxr', text)));
    assert.deepEqual(kinds(items, 'invalid'), []);

    const ours = records.filter((r): r is ThreadRecord | CommentRecord => r.type === 'thread' || r.type === 'comment');
    // WordPress numbers posts and comments; ours are mapped to their numbers in file order.
    const number = new Map<string, string>();
    let post = 0;
    let n = 0;
    for (const r of ours) number.set(r.id, String(r.type === 'thread' ? ++post : ++n));
    const expected = ours.map((r): unknown =>
      r.type === 'thread'
        ? {
            kind: 'thread',
            key: number.get(r.id),
            url: r.key,
            title: r.title ?? r.key,
            createdAt: Date.parse(r.createdAt),
          }
        : {
            kind: 'comment',
            key: number.get(r.id),
            threadKey: number.get(r.thread),
            parentKey: r.parent ? number.get(r.parent) : null,
            status: r.status,
            createdAt: Date.parse(r.createdAt),
            author: {
              name: r.author.name,
              email: r.author.email || null,
              website: r.author.website,
              sourceId: null,
            },
            body: { format: 'html', text: r.html },
          },
    );
    const read = items.flatMap((i): unknown[] =>
      i.kind === 'thread'
        ? [
            {
              kind: 'thread',
              key: i.thread.key,
              url: i.thread.url,
              title: i.thread.title,
              createdAt: i.thread.createdAt,
            },
          ]
        : i.kind === 'comment'
          ? [
              {
                kind: 'comment',
                key: i.comment.key,
                threadKey: i.comment.threadKey,
                parentKey: i.comment.parentKey,
                status: i.comment.status,
                createdAt: i.comment.createdAt,
                author: i.comment.author,
                body: i.comment.body,
              },
            ]
          : [],
    );
    assert.equal(read.length, 3 + 18);
    assert.deepEqual(read, expected);
  });
});
