// Start-up faults end with one `parley: …` line naming the cause and the fix, a non-zero exit
// and no stack trace: a data folder that is a file, a read-only folder, an empty (0-byte) or
// corrupt database, a port in use, PostgreSQL unreachable or missing its database. An empty
// database file is refused, never silently turned into a new install.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function serve(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['bin/parley.mjs', 'serve'], {
      cwd: repoRoot,
      env: { ...process.env, PARLEY_HOST: '127.0.0.1', PARLEY_PORT: '0', PARLEY_LOG_LEVEL: 'silent', ...env },
      timeout: 20_000,
    });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number | null; signal: string | null; stderr: string };
    return { code: e.code ?? -1, stderr: `${e.stderr}${e.signal ? ` (killed by ${e.signal}: it did not stop)` : ''}` };
  }
}

function oneLine(r: { code: number; stderr: string }, pattern: RegExp, what: string): void {
  assert.ok(r.code > 0, `${what}: exit ${r.code} ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${what}: one line, got:\n${r.stderr}`);
  assert.match(lines[0], /^parley: /, what);
  assert.match(lines[0], pattern, what);
  assert.doesNotMatch(r.stderr, /\n\s+at |secretpw/, `${what}: no stack trace, no password`);
}

test('each start-up fault is one line naming cause and fix', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-faults-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  writeFileSync(join(dir, 'a-file'), 'not a folder');
  oneLine(await serve({ PARLEY_DATA_DIR: join(dir, 'a-file') }), /is a file, not a folder/, 'data folder is a file');

  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'empty', 'parley.db'), '');
  oneLine(
    await serve({ PARLEY_DATA_DIR: join(dir, 'empty') }),
    /empty \(0 bytes\).*restore it from a backup/,
    'zero-byte database',
  );
  assert.equal(statSync(join(dir, 'empty', 'parley.db')).size, 0, 'the empty file was not turned into a new install');

  mkdirSync(join(dir, 'corrupt'));
  writeFileSync(join(dir, 'corrupt', 'parley.db'), randomBytes(8192));
  oneLine(await serve({ PARLEY_DATA_DIR: join(dir, 'corrupt') }), /not a readable SQLite database/, 'corrupt database');

  oneLine(
    await serve({ PARLEY_DATABASE_URL: 'postgres://reader:secretpw@127.0.0.1:1/parley' }),
    /cannot reach PostgreSQL at postgres:\/\/reader@127\.0\.0\.1:1\/parley \(ECONNREFUSED\)/,
    'PostgreSQL unreachable',
  );

  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  t.after(() => busy.close());
  const port = (busy.address() as { port: number }).port;
  oneLine(
    await serve({ PARLEY_DATA_DIR: join(dir, 'port'), PARLEY_PORT: String(port) }),
    new RegExp(`port ${port} .*already in use`),
    'port in use',
  );
});

test('a read-only data folder is one line too', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ro-'));
  const ro = join(dir, 'ro');
  let mounted = false;
  t.after(() => {
    if (mounted) execFileSync('umount', [ro]);
    rmSync(dir, { recursive: true, force: true });
  });
  mkdirSync(ro);
  if (process.getuid?.() === 0) {
    // Root writes through permission bits; a read-only mount stops even root.
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]);
      mounted = true;
    } catch (err) {
      if (process.env.CI === 'true') throw err;
      return t.skip(`cannot mount a read-only folder here: ${(err as Error).message}`);
    }
  } else {
    execFileSync('chmod', ['555', ro]);
  }
  oneLine(await serve({ PARLEY_DATA_DIR: ro }), /read-only/, 'read-only folder');
});
