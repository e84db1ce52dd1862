import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.ts';
import { ApiKeys } from '../../src/core/keys/api-keys.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('parley akismet-keys create, list and revoke', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-akismet-'));
  try {
    const env = { PARLEY_DATA_DIR: dir };
    assert.match(run(['--help'], env).stdout, /parley akismet-keys create/);

    const none = run(['akismet-keys', 'create'], env);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no site yet/);

    assert.equal(run(['site', 'add', '--name', 'Gazette', '--origin', 'https://gazette.example'], env).status, 0);
    const created = run(['akismet-keys', 'create', '--label', 'WordPress'], env);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^[a-z0-9]{12}\n$/, 'only the key, on one line');
    const key = created.stdout.trim();

    const store = await openSqlite({ path: join(dir, 'parley.db') });
    try {
      const keys = new ApiKeys(store, systemClock);
      assert.ok(await keys.resolve(key, 'akismet'), 'the printed key is live');

      const list = run(['akismet-keys', 'list'], env);
      assert.equal(list.status, 0);
      assert.match(
        list.stdout,
        new RegExp(`^${key.slice(0, 4)}…\\t[0-9A-Z]{26}\\tGazette\\t\\S+\\tactive\\tWordPress$`, 'm'),
      );
      assert.equal(list.stdout.includes(key), false, 'list never shows the whole key');

      // With two sites the site must be named.
      const second = run(['site', 'add', '--name', 'Courier', '--origin', 'https://courier.example'], env);
      const secondId = second.stdout.split('\t')[0];
      const ambiguous = run(['akismet-keys', 'create'], env);
      assert.equal(ambiguous.status, 2, 'a usage problem');
      assert.match(ambiguous.stderr, /--site is required: this install has 2 sites/);
      assert.equal(run(['akismet-keys', 'create', '--site', 'nope'], env).status, 1);
      const forSecond = run(['akismet-keys', 'create', '--site', secondId], env);
      assert.equal(forSecond.status, 0, forSecond.stderr);
      assert.equal((await keys.resolve(forSecond.stdout.trim(), 'akismet'))?.site_id, secondId);

      const revoked = run(['akismet-keys', 'revoke', `${key.slice(0, 4)}…`], env);
      assert.equal(revoked.status, 0, revoked.stderr);
      assert.equal(revoked.stdout, `revoked ${key.slice(0, 4)}…\n`);
      assert.equal(await new ApiKeys(store, systemClock).resolve(key, 'akismet'), null);
      assert.match(run(['akismet-keys', 'list'], env).stdout, /\trevoked \d{4}-/);
      assert.equal(run(['akismet-keys', 'revoke', key], env).status, 1, 'already revoked');
      assert.equal(run(['akismet-keys', 'revoke', forSecond.stdout.trim()], env).status, 0, 'by the whole key');

      const usage = run(['akismet-keys', 'revoke'], env);
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /usage: parley akismet-keys/);
      assert.equal(run(['akismet-keys', 'rotate'], env).status, 2);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
