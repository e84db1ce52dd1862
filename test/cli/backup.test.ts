// `parley backup FILE` completes while a server takes comments as fast as it can, and the copy
// is whole: it passes SQLite's integrity check and holds every comment acknowledged before the
// backup began. (The sqlite3 shell's `.backup` restarts on every write and never finished here.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer } from '../helpers/server-process.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const THREAD = 'https://news.example.com/2026/12/backup';

test('parley backup completes under full write load and the copy holds every acknowledged comment', {
  timeout: 120_000,
}, async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const out = mkdtempSync(join(tmpdir(), 'parley-backup-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));

  const acked: string[] = [];
  let writing = true;
  let n = 0;
  const writers = Array.from({ length: 8 }, async () => {
    while (writing) {
      const i = n++;
      const res = await fetch(`${server.url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          thread: THREAD,
          name: 'Backup Reader',
          email: `b${i}@example.com`,
          body: `Comment ${i} written during the backup.`,
        }),
      });
      const json = (await res.json()) as { id?: string };
      if (res.status === 201 && json.id) acked.push(json.id);
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  const before = [...acked];
  const target = join(out, 'copy.db');
  const started = Date.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/parley.mjs', 'backup', target], {
    cwd: repoRoot,
    env: { ...process.env, PARLEY_DATA_DIR: server.dataDir, PARLEY_LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  const took = Date.now() - started;
  const during = acked.length - before.length;
  writing = false;
  await Promise.all(writers);
  t.diagnostic(
    `backup took ${took} ms while ${during} comments were acknowledged (${Math.round((during * 1000) / took)}/s); ${stdout.trim()}`,
  );
  assert.ok(before.length > 50, `the load was running (${before.length} comments before the backup)`);
  assert.ok(during > 0, 'writes went on during the backup');
  assert.match(stdout, /integrity ok/);

  const copy = new DatabaseSync(target, { readOnly: true });
  try {
    assert.equal((copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
    const ids = new Set((copy.prepare('SELECT id FROM comments').all() as { id: string }[]).map((r) => r.id));
    const missing = before.filter((id) => !ids.has(id));
    assert.deepEqual(missing, [], 'every comment acknowledged before the backup is in the copy');
  } finally {
    copy.close();
  }

  // A second run refuses to overwrite the copy unless told to.
  await assert.rejects(
    promisify(execFile)(process.execPath, ['bin/parley.mjs', 'backup', target], {
      cwd: repoRoot,
      env: { ...process.env, PARLEY_DATA_DIR: server.dataDir },
    }),
    (err: { code: number; stderr: string }) =>
      err.code === 1 && /exists; choose a new file name or pass --force/.test(err.stderr),
  );
});
