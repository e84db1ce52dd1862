// `parley import` killed part-way (SIGKILL: no handler runs, as when a machine loses power) goes
// on where it stopped when run again: the batches written before the kill are whole and kept,
// the rest is added, every comment is there once with its parent, and the report says how many
// were imported before. The run that completes, on a pipe rather than a terminal, writes its
// progress as plain lines (no carriage returns or escape codes) a log can keep.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { makeWxr } from '../../bench/make-wxr.ts';
import { loadConfig } from '../../src/config/config.ts';
import { BATCH_SIZE } from '../../src/core/import/importer.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
/** Twenty batches: long enough (some seconds) to be stopped in the middle. */
const COMMENTS = 20 * BATCH_SIZE;

let dir: string;
let env: Record<string, string>;
let wxr: string;
let dbPath: string;
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });

/** One query on the import's database, read-only, while the import may be writing it. */
function query(text: string): number {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    return Number(Object.values(db.prepare(text).get() as Record<string, unknown>)[0]);
  } finally {
    db.close();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-resume-'));
  env = { PARLEY_DATA_DIR: join(dir, 'data') };
  dbPath = loadConfig(env).dbPath;
  assert.equal(run(['site', 'add', '--name', 'Gazette', '--origin', 'https://news.example.com']).status, 0);
  wxr = join(dir, 'big.wxr');
  await makeWxr(wxr, COMMENTS, 500);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('killed after some batches, the same command completes it: each comment once, those before counted', {
  timeout: 180_000,
}, async (t) => {
  const child = spawn(process.execPath, [bin, 'import', wxr, '--format', 'wxr'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let written = 0;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  // Killed once two batches are in, and well before the end.
  while (!done && written < 2 * BATCH_SIZE) {
    await sleep(20);
    try {
      written = query('SELECT count(*) FROM comments');
    } catch {
      // The database is being created or migrated: not yet.
    }
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', 'the import was stopped, not finished');

  const kept = query('SELECT count(*) FROM comments');
  assert.ok(kept >= 2 * BATCH_SIZE && kept < COMMENTS, `stopped in the middle: ${kept} of ${COMMENTS}`);
  t.diagnostic(`killed with ${kept} of ${COMMENTS} comments written`);
  assert.equal(kept % BATCH_SIZE, 0, 'only whole batches are written');
  assert.equal(query("SELECT count(*) FROM import_keys WHERE kind = 'comment'"), kept, 'each written one is keyed');

  const again = run(['import', wxr, '--format', 'wxr']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(
    again.stdout,
    new RegExp(
      `Comments: ${COMMENTS} in the file, ${COMMENTS - kept} added, ${kept} imported before \\(left as they are\\)`,
    ),
  );

  assert.equal(query('SELECT count(*) FROM comments'), COMMENTS);
  assert.equal(query("SELECT count(DISTINCT source_key) FROM import_keys WHERE kind = 'comment'"), COMMENTS);
  assert.equal(
    query("SELECT count(*) FROM import_keys k JOIN comments c ON c.id = k.local_id WHERE k.kind = 'comment'"),
    COMMENTS,
    'each source id names one stored comment',
  );
  const replies = [...readFileSync(wxr, 'utf8').matchAll(/<wp:comment_parent>([1-9]\d*)</g)].length;
  assert.ok(replies > 0);
  assert.equal(
    query('SELECT count(*) FROM comments WHERE parent_id IS NOT NULL'),
    replies,
    'replies keep their parents',
  );
  assert.equal(
    query('SELECT count(*) FROM comments r JOIN comments p ON p.id = r.parent_id WHERE p.thread_id <> r.thread_id'),
    0,
  );

  // Not a terminal: progress as lines, each a whole one, none redrawn in place.
  assert.equal(again.stderr.includes('\r') || again.stderr.includes('\u001b'), false, again.stderr);
  const lines = again.stderr.trimEnd().split('\n');
  assert.ok(
    lines.some((l) => /^writing: \d+\/20000 comments \[[#.]{24}\] \d+%$/.test(l)),
    again.stderr,
  );
  assert.ok(
    lines.some((l) => /^indexing: 20000 comments written, building their indexes$/.test(l)),
    again.stderr,
  );
  for (const l of lines) assert.match(l, /^(reading|writing|indexing): /);
});
