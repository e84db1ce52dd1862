// Every `parley` command answers `--help` with its usage (exit 0), and a bad option with one
// line and the usage (exit 2): never a stack trace. (`parley admin create --help` used to crash.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const COMMANDS = [
  'serve',
  'migrate',
  'backup',
  'migrate-data',
  'site',
  'spam',
  'akismet-keys',
  'privacy',
  'admin',
  'moderation-keys',
  'admin-keys',
  'mail',
];

async function parley(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/parley.mjs', ...args], {
      cwd: repoRoot,
      env: { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'silent' },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('--help on every command and subcommand prints its usage and exits 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-help-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const args of [
    ...COMMANDS.map((c) => [c, '--help']),
    ['admin', 'create', '--help'],
    ['site', 'add', '-h'],
    ['spam', 'eval', '--help'],
  ]) {
    const r = await parley(args, dir);
    assert.equal(r.code, 0, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`parley ${args[0]}\\b`), `${args.join(' ')} names its command`);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`);
  }
});

test('an unknown option is one line and the usage, exit 2, no stack', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-help-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const args of [
    ['admin', 'create', '--bogus', 'x'],
    ['backup', '--bogus'],
    ['site', 'list', '--bogus'],
    ['serve', '--bogus'],
  ]) {
    const r = await parley(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /^parley[^\n]*(Unknown option|unknown|usage)/i, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`);
  }
});
