// A seeded site exported in Parley's own format and read back, on both databases: parleySource
// yields the same threads in the same order with the same comments (statuses, texts, authors,
// times, parents before replies), item by item; every record of the file carries what the
// store holds (thread state, moderation history, reports, bans, settings, the audit log); no IP
// hash or user agent leaves. Then the reader's refusals: not an export, a newer version, a file
// cut short or missing lines.
//
// To extend into the full round trip once the import pipeline lands: import `file` into an empty
// install, export that install again, and assert projection(items of the new file) equals
// expected(t, seeded), as the first test does for the file itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommentRecord, ExportRecord } from '../../src/contracts/parley-export.ts';
import { type ImportItem, ImportFormatError } from '../../src/core/import/source.ts';
import { type ParleyLine, parleySource, readParleyExport } from '../../src/import/formats/parley.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { expected, exportTo, projection, type Seeded, seedSite } from '../helpers/export-fixture.ts';

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

for (const backend of await apiBackends()) {
  describe(`a site exported as Parley JSON Lines and read back (${backend})`, () => {
    let t: TestApp;
    let seeded: Seeded;
    let dir: string;
    let file: string;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      seeded = await seedSite(t);
      dir = mkdtempSync(join(tmpdir(), 'parley-export-'));
      file = join(dir, 'site.jsonl');
      await exportTo(t, 'parley', file);
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('parleySource yields the same threads in order, each with its comments, item by item', async () => {
      const items = await collect(parleySource(file).items());
      assert.deepEqual(
        items.filter((i) => i.kind === 'invalid'),
        [],
      );
      const got = projection(items);
      const want = await expected(t, seeded);
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        assert.deepEqual({ ...got[i], comments: [] }, { ...want[i], comments: [] }, `thread ${i}`);
        assert.equal(got[i].comments.length, want[i].comments.length, `comments of thread ${i}`);
        for (let j = 0; j < want[i].comments.length; j++)
          assert.deepEqual(got[i].comments[j], want[i].comments[j], `thread ${i}, comment ${j}`);
      }
      const comments = items.filter((i) => i.kind === 'comment');
      assert.equal(comments.length, seeded.comments.length);
      const statuses = (list: { status: string }[]) => list.map((c) => c.status).sort();
      assert.deepEqual(statuses(comments.map((c) => c.comment)), statuses(seeded.comments));
      assert.deepEqual(statuses(comments.map((c) => c.comment)).filter((s, k, a) => a.indexOf(s) === k).length, 4);
      // What the import shape has no field for is reported, never dropped silently.
      const unused = items.filter((i) => i.kind === 'unknown').map((i) => (i as { field: string }).field);
      for (const f of ['setting', 'ban', 'report', 'audit', 'thread.closed', 'thread.pinned', 'comment.moderator'])
        assert.ok(unused.includes(f), f);
      for (const c of comments) assert.deepEqual([c.comment.ip, c.comment.userAgent], [null, null]);
    });

    test('every record carries what the store holds: state, history, reports, bans, settings, audit', async () => {
      const lines = await collect(readParleyExport(file));
      const header = lines[0].kind === 'header' ? lines[0].header : assert.fail('no header');
      assert.deepEqual(
        [header.format, header.version, header.site.id, header.site.name, header.exportedAt],
        ['parley-export', 1, t.siteId, 'Test news', iso(t.clock.now())],
      );
      const records = lines.flatMap((l: ParleyLine) => (l.kind === 'record' ? [l.record] : []));
      const of = <K extends ExportRecord['type']>(type: K) =>
        records.filter((r): r is Extract<ExportRecord, { type: K }> => r.type === type);
      assert.deepEqual(of('setting'), [{ type: 'setting', key: 'holdScore', value: 4 }]);
      assert.deepEqual(
        of('thread').map((r) => [r.key, r.closed, r.pinned, r.commentCount]),
        await Promise.all(
          seeded.threads.map(async (th) => [
            th.key,
            th.closed,
            th.pinned,
            (await t.store.getThread(th.id))!.comment_count,
          ]),
        ),
      );
      const byId = new Map(of('comment').map((r) => [r.id, r]));
      for (const c of seeded.comments) {
        const r = byId.get(c.id) as CommentRecord;
        assert.deepEqual(
          [r.thread, r.parent, r.status, r.body, r.html, r.author, r.moderator],
          [
            c.thread_id,
            c.parent_id,
            c.status,
            c.body,
            c.body_html,
            { name: c.author_name, email: c.author_email, website: c.author_website },
            c.moderator === true,
          ],
        );
        assert.deepEqual(
          [r.createdAt, r.editedAt, r.moderatorEditedAt],
          [iso(c.created_at), iso(c.edited_at), iso(c.moderator_edited_at)],
        );
        assert.deepEqual(r.spam, c.spam_score == null ? null : { score: c.spam_score, reasons: c.spam_reasons ?? [] });
      }
      assert.equal(of('comment').filter((r) => r.moderatorEditedAt !== null).length, 1, "the desk's edit");
      assert.equal(of('comment').filter((r) => r.moderator).length, 1);
      const [report] = of('report');
      assert.deepEqual([of('report').length, report.comment, report.reason], [1, seeded.reported, 'abuse']);
      assert.ok(records.indexOf(report) > records.indexOf(byId.get(seeded.reported)!), 'a report follows its comment');
      assert.deepEqual(
        of('ban')
          .map((b) => [b.kind, b.value, b.reason])
          .sort(),
        [
          ['email', 'troll@example.org', 'abuse'],
          ['ip', 'ab'.repeat(16), null],
        ],
      );
      const audit = await t.store.listAudit(t.siteId, null, 1000);
      assert.deepEqual(
        of('audit').map((a) => [a.id, a.action, a.actor]),
        audit.map((a) => [a.id, a.action, a.actor]),
      );
      assert.ok(audit.length >= 9);
    });

    test('emails are in the file; IP hashes and user agents are not', () => {
      const text = readFileSync(file, 'utf8');
      for (const c of seeded.comments) {
        assert.ok(text.includes(c.author_email), c.author_email);
        if (c.ip_hash) assert.equal(text.includes(c.ip_hash), false, `ip hash of ${c.id}`);
      }
      assert.equal(text.includes('ExportFixture/1.0'), false);
      assert.equal(text.includes('ip_hash'), false);
    });
  });
}

describe('the reader refuses what is not a whole export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-reader-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const header = { format: 'parley-export', version: 1, site: { id: 'S' }, exportedAt: '2026-01-01T00:00:00.000Z' };
  const thread = { type: 'thread', id: 'T1', key: 'k', url: null, title: null, createdAt: '2026-01-01T00:00:00Z' };
  const comment = {
    type: 'comment',
    id: 'C1',
    thread: 'T1',
    parent: null,
    status: 'approved',
    createdAt: '2026-01-01T00:00:00Z',
    author: { name: 'A', email: '', website: null },
    body: 'b',
    html: '<p>b</p>',
  };
  const end = { type: 'end', counts: { thread: 1, comment: 1 } };
  const write = (name: string, lines: unknown[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    return path;
  };
  const read = (path: string) => collect(parleySource(path).items());

  test('a whole file reads; an erased author has no email; a bad line is reported and the rest goes on', async () => {
    const items = await read(write('ok.jsonl', [header, thread, '{oops', { type: 'later' }, comment, end]));
    assert.deepEqual(
      items.map((i: ImportItem) => (i.kind === 'invalid' || i.kind === 'unknown' ? [i.kind, i.at] : i.kind)),
      ['thread', ['invalid', 'line 3'], ['unknown', 'line 4'], 'comment'],
    );
    const c = items.find((i) => i.kind === 'comment');
    assert.equal(c?.kind === 'comment' && c.comment.author.email, null);
  });

  test('not an export, a newer version, a file cut short or counted wrong: the file is refused', async () => {
    const cases: [string, unknown[], RegExp][] = [
      ['other.jsonl', [{ format: 'something-else' }, end], /not a Parley export/],
      ['newer.jsonl', [{ ...header, version: 2 }, end], /version 2/],
      ['cut.jsonl', [header, thread, comment], /cut short/],
      ['short.jsonl', [header, thread, end], /counts 1 comment records, the file has 0/],
      ['empty.jsonl', [], /empty/],
    ];
    for (const [name, lines, why] of cases)
      await assert.rejects(
        read(write(name, lines)),
        (e: unknown) => e instanceof ImportFormatError && why.test(e.message),
      );
  });

  test('a comment outside its thread is invalid', async () => {
    const items = await read(write('stray.jsonl', [header, thread, { ...comment, thread: 'T9' }, end]));
    assert.equal(items[1].kind, 'invalid');
  });
});
