// `parley import` as an operator runs it: a dry run that writes nothing, an import, a second run
// that adds nothing, each problem one line without a stack (unknown format, a file that is not
// the format, a bad --map-url, a missing --site), and `parley privacy` by an imported author key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { BATCH_SIZE } from '../../src/core/import/importer.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { makeWxr } from '../../bench/make-wxr.ts';
import { comment, importInto, listSource, thread } from './helpers.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
const noStack = (text: string) => assert.ok(!/^\s+at /m.test(text), `a stack trace: ${text}`);

let dir: string;
let from: Record<string, string>;
let to: Record<string, string>;
let file: string;

async function commentsIn(env: Record<string, string>): Promise<number> {
  const store = await openSqlite({ path: loadConfig(env).dbPath });
  try {
    const site = (await store.listSites())[0];
    return (await store.countsByStatus(site.id)).approved + (await store.countsByStatus(site.id)).pending;
  } finally {
    await store.close();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-cli-import-'));
  from = { PARLEY_DATA_DIR: join(dir, 'from') };
  to = { PARLEY_DATA_DIR: join(dir, 'to') };
  for (const env of [from, to])
    assert.equal(run(['site', 'add', '--name', 'Gazette', '--origin', 'https://news.example.com'], env).status, 0);
  // The old install's comments, then its export: the file the new install imports.
  const store = await openSqlite({ path: loadConfig(from).dbPath });
  const site = (await store.listSites())[0];
  const items = [thread('t', 'https://news.example.com/a')];
  for (let i = 1; i <= 5; i++)
    items.push(comment(`c${i}`, 't', { parentKey: i > 1 ? 'c1' : null, status: i === 5 ? 'pending' : 'approved' }));
  await importInto(store, systemClock, site, listSource('seed', items));
  await store.close();
  file = join(dir, 'site.jsonl');
  const exported = run(['export', '--site', site.id, '--out', file], from);
  assert.equal(exported.status, 0, exported.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a dry run prints what would happen and writes nothing; the import then writes it, once', async () => {
  const dry = run(['import', file, '--format', 'parley', '--dry-run'], to);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /Dry run of a parley import into site \w+: nothing was written\./);
  assert.match(dry.stdout, /Comments: 5 in the file, 5 would be added: 4 approved, 1 pending/);
  assert.match(dry.stdout, /counted from the import, not from their dates/);
  assert.equal(await commentsIn(to), 0);
  const real = run(['import', file, '--format', 'parley'], to);
  assert.equal(real.status, 0, real.stderr);
  assert.match(real.stdout, /Imported parley into site \w+\.\nThreads: 1 in the file, 1 created/);
  assert.equal(await commentsIn(to), 5);
  const again = run(['import', file, '--format', 'parley'], to);
  assert.match(again.stdout, /5 in the file, 0 added, 5 imported before/);
  assert.equal(await commentsIn(to), 5);
  const store = await openSqlite({ path: loadConfig(to).dbPath });
  const site = (await store.listSites())[0];
  const audit = (await store.listAudit(site.id, null, 10)).filter((e) => e.action === 'site.import');
  await store.close();
  assert.equal(audit.length, 2);
  assert.match(audit[0].actor, /^cli:/);
});

test('a WordPress export imports through the CLI, its XML read on a thread of its own', async () => {
  const env = { PARLEY_DATA_DIR: join(dir, 'wxr') };
  assert.equal(run(['site', 'add', '--name', 'WP', '--origin', 'https://news.example.com'], env).status, 0);
  const wxr = join(dir, 'site.wxr');
  await makeWxr(wxr, 30, 10);
  const done = run(['import', wxr, '--format', 'wxr'], env);
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stdout, /Imported wxr into site \w+\.\nThreads: 3 in the file, 3 created/);
  assert.match(done.stdout, /Comments: 30 in the file, 30 added/);
});

test('two blogs whose comment ids overlap import into one site, each whole, each once', async () => {
  const env = { PARLEY_DATA_DIR: join(dir, 'two-blogs') };
  assert.equal(run(['site', 'add', '--name', 'Merged', '--origin', 'https://news.example.com'], env).status, 0);
  const first = join(dir, 'first.wxr');
  await makeWxr(first, 30, 10);
  // The same ids (1…30) from another WordPress: another address, other permalinks.
  const second = join(dir, 'second.wxr');
  writeFileSync(second, readFileSync(first, 'utf8').replaceAll('news.example.com', 'sport.example.net'));
  for (const wxr of [first, second]) {
    const done = run(['import', wxr, '--format', 'wxr'], env);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /Comments: 30 in the file, 30 added/);
  }
  assert.match(run(['import', second, '--format', 'wxr'], env).stdout, /30 in the file, 0 added, 30 imported before/);
  assert.match(
    run(['import', first, '--format', 'wxr'], env).stdout,
    /30 in the file, 0 added, 30 imported before[\s\S]*Comment ids are those of news\.example\.com/,
  );
  const store = await openSqlite({ path: loadConfig(env).dbPath });
  try {
    const site = (await store.listSites())[0];
    const counts = await store.countsByStatus(site.id);
    assert.equal(
      Object.values(counts).reduce((a, b) => a + b, 0),
      60,
    );
  } finally {
    await store.close();
  }
});

test('two blogs of one WordPress network (one base_site_url, each its own base_blog_url) import whole, each once', async () => {
  const env = { PARLEY_DATA_DIR: join(dir, 'network') };
  assert.equal(run(['site', 'add', '--name', 'Network', '--origin', 'https://news.example.com'], env).status, 0);
  const made = join(dir, 'made.wxr');
  await makeWxr(made, 20, 10);
  const text = readFileSync(made, 'utf8');
  // WordPress writes the network's address as base_site_url in every blog's export, and each
  // blog's comment ids start from 1: only base_blog_url (and the permalinks) tell the blogs apart.
  const blog = (name: string) => {
    const file = join(dir, `${name}.wxr`);
    const blogText = text.replaceAll('https://news.example.com/', `https://news.example.com/${name}/`);
    writeFileSync(
      file,
      blogText.replace(
        '<wp:base_site_url>https://news.example.com</wp:base_site_url>',
        `<wp:base_site_url>https://news.example.com</wp:base_site_url>\n\t<wp:base_blog_url>https://news.example.com/${name}</wp:base_blog_url>`,
      ),
    );
    return file;
  };
  for (const wxr of [blog('sport'), blog('culture')]) {
    const done = run(['import', wxr, '--format', 'wxr'], env);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /Comments: 20 in the file, 20 added/);
  }
  assert.match(run(['import', join(dir, 'sport.wxr'), '--format', 'wxr'], env).stdout, /20 in the file, 0 added/);
});

test('a WordPress export cut short past its first batch is refused whole: nothing before the cut is written', async () => {
  const env = { PARLEY_DATA_DIR: join(dir, 'wxr-cut') };
  assert.equal(run(['site', 'add', '--name', 'WP', '--origin', 'https://news.example.com'], env).status, 0);
  const wxr = join(dir, 'whole.wxr');
  await makeWxr(wxr, BATCH_SIZE + 1000, 500);
  const text = readFileSync(wxr, 'utf8');
  const cut = join(dir, 'cut.wxr');
  writeFileSync(cut, text.slice(0, text.indexOf(`<wp:comment_id>${BATCH_SIZE + 500}<`)));
  const refused = run(['import', cut, '--format', 'wxr'], env);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /cut\.wxr: line \d+: not well-formed XML .*; nothing was written/);
  noStack(refused.stderr);
  assert.equal(await commentsIn(env), 0);
});

test('problems are one line, without a stack; a file that is not the format writes nothing', async () => {
  const unknown = run(['import', file, '--format', 'blogger'], to);
  assert.equal(unknown.status, 2);
  assert.match(
    unknown.stderr,
    /unknown format "blogger"; this Parley reads wxr, disqus, remark42, isso, commento, comentario, parley/,
  );
  noStack(unknown.stderr);
  const notExport = join(dir, 'not-an-export.jsonl');
  writeFileSync(notExport, '{"hello":"world"}\n');
  const refused = run(['import', notExport, '--format', 'parley'], to);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /line 1: not a Parley export .*; nothing was written/);
  noStack(refused.stderr);
  const missing = run(['import', join(dir, 'nope.jsonl'), '--format', 'parley'], to);
  assert.deepEqual([missing.status, /cannot read .*nope\.jsonl \(ENOENT\)/.test(missing.stderr)], [1, true]);
  const badMap = run(['import', file, '--format', 'parley', '--map-url', 'nothing'], to);
  assert.equal(badMap.status, 2);
  assert.match(badMap.stderr, /--map-url "nothing": FROM=TO is needed/);
  assert.equal(run(['site', 'add', '--name', 'Second', '--origin', 'https://two.example.com'], to).status, 0);
  const which = run(['import', file, '--format', 'parley'], to);
  assert.equal(which.status, 2);
  assert.match(which.stderr, /--site is required: this install has 2 sites/);
  noStack(which.stderr);
});

test('parley privacy export and erase find an imported author by the source id', async () => {
  const env = { PARLEY_DATA_DIR: join(dir, 'keys') };
  assert.equal(run(['site', 'add', '--name', 'Keys', '--origin', 'https://keys.example.com'], env).status, 0);
  const store = await openSqlite({ path: loadConfig(env).dbPath });
  const site = (await store.listSites())[0];
  const jane = { name: 'Jane', email: null, website: null, sourceId: 'jane' };
  await importInto(
    store,
    systemClock,
    site,
    listSource('disqus', [thread('t', 'https://keys.example.com/a'), comment('j1', 't', { author: jane })]),
  );
  await store.close();
  const exported = run(['privacy', 'export', '--author-key', 'disqus:jane'], env);
  assert.equal(exported.status, 0, exported.stderr);
  const data = JSON.parse(exported.stdout);
  assert.deepEqual([data.authorKey, data.comments.length, data.comments[0].author_name], ['disqus:jane', 1, 'Jane']);
  const erased = run(['privacy', 'erase', '--author-key', 'disqus:jane'], env);
  assert.match(erased.stdout, /erased disqus:jane: 1 comment\(s\) anonymized, texts kept/);
  assert.equal(JSON.parse(run(['privacy', 'export', '--author-key', 'disqus:jane'], env).stdout).comments.length, 0);
  const bad = run(['privacy', 'export', '--author-key', 'jane'], env);
  assert.equal(bad.status, 2);
  noStack(bad.stderr);
});
