// A site exported with `parley export --format parley` and imported into an empty install, on
// SQLite and PostgreSQL: exported again, it gives the same threads in the same order with the
// same comments (statuses, texts, authors, times, replies); the threads' counts match, and the
// thread page and feed show the imported published comments. A second import adds nothing.
// Our own WXR export re-imports the same way once the WXR reader is registered in READERS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportItem, ImportSource } from '../../src/core/import/source.ts';
import { readerOf } from '../../src/import/formats/index.ts';
import { parleySource } from '../../src/import/formats/parley.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { exportTo, projection, type Seeded, seedSite } from '../helpers/export-fixture.ts';
import { importInto } from './helpers.ts';

type Shown = {
  depth: number;
  html: string | null;
  createdAt: string;
  author: { name: string } | null;
  replies: Shown[];
};
const shown = (c: Shown): unknown => ({
  depth: c.depth,
  html: c.html,
  createdAt: c.createdAt,
  name: c.author?.name ?? null,
  replies: c.replies.map(shown),
});

const collect = async (source: ImportSource): Promise<ImportItem[]> => {
  const out: ImportItem[] = [];
  for await (const x of source.items()) out.push(x);
  return out;
};

for (const backend of await apiBackends()) {
  describe(`a Parley export imported into an empty install (${backend})`, () => {
    let from: TestApp;
    let seeded: Seeded;
    let dir: string;
    before(async () => {
      from = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      seeded = await seedSite(from);
      dir = mkdtempSync(join(tmpdir(), 'parley-import-rt-'));
    });
    after(async () => {
      await from.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('exported again, it has the same threads, order, statuses, texts and counts; a second run adds nothing', async () => {
      const first = join(dir, 'first.jsonl');
      await exportTo(from, 'parley', first);
      const to = await testApp({}, { backend });
      try {
        const site = (await to.store.getSite(to.siteId))!;
        const report = await importInto(to.store, to.clock, site, parleySource(first), { batchSize: 3 });
        assert.equal(report.invalid.count, 0);
        assert.equal(report.comments.added, seeded.comments.length);
        const second = join(dir, 'second.jsonl');
        await exportTo(to, 'parley', second);
        const want = projection(await collect(parleySource(first)));
        assert.deepEqual(projection(await collect(parleySource(second))), want);
        for (const th of seeded.threads) {
          const was = (await from.store.getThreadByKey(from.siteId, th.key))!;
          const now = (await to.store.getThreadByKey(to.siteId, th.key))!;
          assert.deepEqual([now.comment_count, now.title], [was.comment_count, was.title], th.key);
        }
        // What readers see: the thread page and its feed show the imported published comments.
        const url = `/api/v1/threads?thread=${encodeURIComponent(seeded.threads[0].key)}`;
        const [was, now] = [await from.app.inject({ url }), await to.app.inject({ url })];
        assert.equal(now.statusCode, 200);
        assert.ok(now.json().comments.length > 0);
        // Pins and moderators' marks are not imported; the comments, their texts and replies are.
        assert.deepEqual(now.json().comments.map(shown), was.json().comments.map(shown));
        assert.equal(now.json().thread.count, was.json().thread.count);
        const feed = await to.app.inject({
          url: `/feeds/threads.atom?thread=${encodeURIComponent(seeded.threads[0].key)}`,
        });
        assert.equal(feed.statusCode, 200);
        assert.ok(feed.body.includes('harbour'), 'the feed shows an imported comment');
        const again = await importInto(to.store, to.clock, site, parleySource(first));
        assert.deepEqual([again.comments.added, again.comments.already], [0, seeded.comments.length]);
        await exportTo(to, 'parley', join(dir, 'third.jsonl'));
        assert.deepEqual(projection(await collect(parleySource(join(dir, 'third.jsonl')))), want);
      } finally {
        await to.close();
      }
    });

    test('our own WXR export re-imports: the same threads with the same comments, statuses and authors', async () => {
      const wxr = readerOf('wxr');
      assert.ok(wxr, 'the WXR reader is registered');
      const file = join(dir, 'site.wxr');
      await exportTo(from, 'wxr', file);
      const to = await testApp({}, { backend });
      try {
        const site = (await to.store.getSite(to.siteId))!;
        const report = await importInto(to.store, to.clock, site, await wxr(file, {}));
        assert.equal(report.invalid.count, 0);
        for (const th of seeded.threads) {
          const was = (await from.store.getThreadByKey(from.siteId, th.key))!;
          const now = await to.store.getThreadByKey(to.siteId, th.key);
          assert.ok(now, `thread ${th.key}`);
          assert.deepEqual([now.comment_count, now.title], [was.comment_count, was.title], th.key);
          const summary = async (store: TestApp['store'], id: string) =>
            (await store.exportComments(id, null, 100)).map((c) => `${c.depth} ${c.status} ${c.author_name}`).sort();
          assert.deepEqual(await summary(to.store, now.id), await summary(from.store, was.id), th.key);
        }
      } finally {
        await to.close();
      }
    });
  });
}
