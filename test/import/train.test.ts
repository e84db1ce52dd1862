// `parley import --train`: the source's own verdicts teach the site's spam filter as a
// moderator's corrections do. An imported spam comment is stored as a spam correction and an
// approved one as a ham correction, each naming its comment, page and author's address; held
// and removed comments teach nothing (no verdict was given); without --train nothing is learned.
// Through the pipeline with every status, and through the command on the WordPress fixture.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';
import { fakeClock } from '../../src/core/clock.ts';
import type { CommentRow, SpamCorrectionRow } from '../../src/core/ports.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import { fixture } from '../helpers/import-fixtures.ts';
import { comment, importInto, listSource, thread, newSite } from './helpers.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
const PAGE = 'https://news.test/2026/harbour';
let dir: string;
let store: SqlStore;
const clock = fakeClock(1_700_000_000_000);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-train-'));
  store = await openSqlite({ path: join(dir, 'p.db') });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A site of its own on this file's store. */
const freshSite = (settings: Record<string, unknown> = {}) => newSite(store, settings);

const ITEMS = [
  thread('t', PAGE, { title: 'The harbour' }),
  comment('c1', 't', { body: { format: 'markdown', text: 'The ferry timetable is wrong again.' } }),
  comment('c2', 't', { parentKey: 'c1', body: { format: 'markdown', text: 'Agreed, the 8:15 never comes.' } }),
  comment('c3', 't', { status: 'spam', body: { format: 'markdown', text: 'Cheap replica watches, order today' } }),
  comment('c4', 't', { status: 'spam', body: { format: 'markdown', text: 'Earn 5000 a week from home, click' } }),
  comment('c5', 't', { status: 'pending', body: { format: 'markdown', text: 'Held, never judged.' } }),
  comment('c6', 't', { status: 'deleted', body: { format: 'markdown', text: 'Removed by its author.' } }),
];

test('with --train, each spam comment is a spam correction and each approved one a ham correction', async () => {
  const site = await freshSite();
  const report = await importInto(store, clock, site, listSource('disq', ITEMS), { train: true });
  assert.equal(report.trained, 4);
  const t = (await store.getThreadByKey(site.id, PAGE))!;
  const rows = new Map<string, CommentRow>((await store.exportComments(t.id, null, 100)).map((r) => [r.body, r]));
  const corrections = await store.spamCorrections(site.id, null);
  const byComment = new Map<string | null, SpamCorrectionRow>(corrections.map((c) => [c.comment_id, c]));
  assert.equal(corrections.length, 4, 'two spam, two ham; held and removed teach nothing');
  for (const [text, label] of [
    ['Cheap replica watches, order today', 1],
    ['Earn 5000 a week from home, click', 1],
    ['The ferry timetable is wrong again.', 0],
    ['Agreed, the 8:15 never comes.', 0],
  ] as const) {
    const row = rows.get(text)!;
    const c = byComment.get(row.id);
    assert.ok(c, `no correction for "${text}"`);
    assert.equal(c.label, label, text);
    assert.equal(c.text, text);
    assert.equal(c.source, 'import:disq');
    assert.equal(c.author_email, row.author_email);
    assert.deepEqual([c.extras.permalink, c.extras.context], [PAGE, 'The harbour']);
  }
  for (const text of ['Held, never judged.', 'Removed by its author.'])
    assert.equal(byComment.has(rows.get(text)!.id), false, text);
});

test('without --train nothing is learned', async () => {
  const site = await freshSite();
  const report = await importInto(store, clock, site, listSource('disq', ITEMS));
  assert.equal(report.trained, 0);
  assert.deepEqual(await store.spamCorrections(site.id, null), []);
});

test('parley import --train on the WordPress fixture: its spam and its approved comments teach the site', async () => {
  const env = { ...process.env, PARLEY_DATA_DIR: join(dir, 'cli') };
  const run = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run(['site', 'add', '--name', 'Port', '--origin', 'https://port.example.fr']).status, 0);
  const done = run(['import', fixture('wordpress.wxr'), '--format', 'wxr', '--train']);
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stdout, /The site's spam filter learned from 4 comments \(--train\)\./);
  const cli = await openSqlite({ path: loadConfig({ PARLEY_DATA_DIR: env.PARLEY_DATA_DIR }).dbPath });
  try {
    const site = (await cli.listSites())[0];
    const corrections = await cli.spamCorrections(site.id, null);
    const spam = corrections.filter((c) => c.label === 1);
    assert.deepEqual(
      spam.map((c) => [c.text, c.source]),
      [['Buy now!!!', 'import:wxr']],
      'the comment WordPress marked spam',
    );
    assert.equal(corrections.filter((c) => c.label === 0).length, 3, 'the three approved comments');
    for (const c of corrections) {
      const row = (await cli.getComment(c.comment_id!))!;
      assert.equal(c.label, row.status === 'spam' ? 1 : 0);
      assert.ok(row.status === 'spam' || row.status === 'approved', row.status);
    }
  } finally {
    await cli.close();
  }
});
