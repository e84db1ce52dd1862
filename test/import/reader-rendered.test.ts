// A reader on a thread of its own may render bodies itself (src/import/formats/in-worker.ts):
// the importer stores that HTML as given, and renders the bodies that come without.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock } from '../../src/core/clock.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import { comment, importInto, listSource, thread, newSite } from './helpers.ts';

let dir: string;
let store: SqlStore;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-rendered-'));
  store = await openSqlite({ path: join(dir, 'p.db') });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a body the reader rendered already is stored with that HTML; the others are rendered here', async () => {
  const site = await newSite(store);
  await importInto(
    store,
    fakeClock(1_700_000_000_000),
    site,
    listSource('rendered', [
      thread('t1', 'https://news.test/rendered'),
      comment('c1', 't1', {
        body: { format: 'markdown', text: 'Some *text*', html: '<p>as the reader made it</p>\n' },
      }),
      comment('c2', 't1', { body: { format: 'markdown', text: 'Some *text*' } }),
    ]),
  );
  const t = await store.getThreadByKey(site.id, 'https://news.test/rendered');
  const rows = await store.exportComments(t!.id, null, 10);
  assert.deepEqual(
    rows.map((r) => r.body_html),
    ['<p>as the reader made it</p>\n', '<p>Some <em>text</em></p>\n'],
  );
});
