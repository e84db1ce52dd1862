import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('parley --help lists the commands and every configuration variable', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const s of [
    'parley serve',
    'parley migrate',
    'parley site add',
    'PARLEY_PORT',
    'PARLEY_TRUSTED_PROXIES',
    'PARLEY_FLOOD_SECONDS',
  ])
    assert.ok(r.stdout.includes(s), s);
});

test('site add, site list and migrate work on a fresh data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  try {
    const env = { PARLEY_DATA_DIR: dir };
    const m = run(['migrate'], env);
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /0001_create_core/);
    assert.match(run(['migrate'], env).stdout, /up to date/);
    const add = run(
      ['site', 'add', '--name', 'Le Courrier', '--origin', 'https://news.example.fr/', '--lang', 'fr'],
      env,
    );
    assert.equal(add.status, 0, add.stderr);
    const list = run(['site', 'list'], env);
    assert.match(list.stdout, /Le Courrier\thttps:\/\/news\.example\.fr\tfr\tdefault/);
    const bad = run(['site', 'add', '--name', 'X', '--origin', 'ftp://x'], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /is not an http or https URL/);
    const update = run(
      [
        'site',
        'update',
        '--name',
        'Le Courrier du soir',
        '--origin',
        'https://soir.example.fr/une',
        '--origin',
        'https://news.example.fr',
      ],
      env,
    );
    assert.equal(update.status, 0, update.stderr);
    assert.match(
      run(['site', 'list'], env).stdout,
      /Le Courrier du soir\thttps:\/\/soir\.example\.fr,https:\/\/news\.example\.fr\tfr\tdefault/,
    );
    const badUpdate = run(['site', 'update', '--origin', 'javascript:alert(1)', '--lang', 'de'], env);
    assert.equal(badUpdate.status, 2);
    assert.match(badUpdate.stderr, /origins: .*; lang: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad configuration value stops start-up with a message naming the variable', () => {
  const r = run(['serve'], { PARLEY_PORT: 'eighty', PARLEY_DATA_DIR: join(tmpdir(), 'parley-never') });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /PARLEY_PORT="eighty": must be an integer/);
  const p = run(['serve'], { PARLEY_TRUSTED_PROXIES: '10.0.0.1, not-an-ip' });
  assert.match(p.stderr, /PARLEY_TRUSTED_PROXIES=.*"not-an-ip" is not an IP address/);
});

test('on an older Node the entry point stops with a clear message instead of a syntax error', (t) => {
  const old = ['/usr/bin/node', '/bin/node', '/usr/local/bin/node'].find((p) => {
    if (!existsSync(p)) return false;
    const v = execFileSync(p, ['--version'], { encoding: 'utf8' }).trim();
    return Number(v.slice(1).split('.')[0]) < 24;
  });
  if (!old) {
    t.skip('no Node older than 24 on this machine');
    return;
  }
  const r = spawnSync(old, [bin, '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Parley needs Node\.js 24 or newer/);
  assert.match(r.stderr, /npm install -g --prefix/);
});
