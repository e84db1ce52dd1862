// Changes made at the command line land in the same audit log as the dashboard's, under the
// operator's login name (cli:<user>), with what changed before and after; an account made
// there takes the invitations of its address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

test('parley site add and site settings are audited as cli:<user> with before and after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-audit-'));
  const env = { PARLEY_DATA_DIR: dir };
  const actor = `cli:${userInfo().username || 'unknown'}`;
  try {
    assert.equal(run(['site', 'add', '--name', 'Gazette', '--origin', 'https://news.example.com'], env).status, 0);
    const set = run(['site', 'settings', 'holdScore=4'], env);
    assert.equal(set.status, 0, set.stderr);
    assert.equal(run(['site', 'settings', 'holdScore=0'], env).status, 2, 'a refused change');

    const store = await openSqlite({ path: loadConfig(env).dbPath });
    try {
      const site = (await store.listSites())[0].id;
      const entries = await store.listAudit(site, null, 50);
      const settings = entries.filter((e) => e.action === 'site.settings');
      assert.equal(settings.length, 1, 'the refused change is not logged');
      assert.equal(settings[0].actor, actor);
      assert.equal(settings[0].target, site);
      assert.deepEqual([settings[0].before, settings[0].after], [{}, { holdScore: 4 }]);
      const created = entries.find((e) => e.action === 'site.create');
      assert.equal(created?.actor, actor);
      assert.equal((created!.after as { name: string }).name, 'Gazette');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parley admin create: the new account also joins the sites its address was invited to', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-invited-'));
  const env = { PARLEY_DATA_DIR: dir };
  try {
    assert.equal(run(['site', 'add', '--name', 'Gazette'], env).status, 0);
    assert.equal(run(['site', 'add', '--name', 'Weekly'], env).status, 0);
    let store = await openSqlite({ path: loadConfig(env).dbPath });
    const [gazette, weekly] = (await store.listSites()).map((s) => s.id);
    // What the dashboard stores for an address with no account (Moderators, Add).
    await store.addInvitation({
      id: `desk@example.com:${weekly}`,
      email: 'desk@example.com',
      site_id: weekly,
      role: 'admin',
      created_at: 1_000,
    });
    await store.close();

    const made = spawnSync(
      process.execPath,
      [bin, 'admin', 'create', '--site', gazette, '--email', 'Desk@Example.com', '--role', 'moderator'],
      { env: { ...process.env, ...env }, input: 'a long enough desk password\n', encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(made.status, 0, made.stderr);
    assert.equal(
      made.stdout,
      `created desk@example.com: moderator of Gazette (${gazette})\n  and admin of Weekly (${weekly}), as invited\n`,
    );
    store = await openSqlite({ path: loadConfig(env).dbPath });
    try {
      const user = (await store.findUserByEmail('desk@example.com'))!;
      assert.deepEqual(
        (await store.membershipsOf(user.id)).map((m) => [m.site_id, m.role]).sort(),
        [
          [gazette, 'moderator'],
          [weekly, 'admin'],
        ].sort(),
      );
      assert.deepEqual(await store.siteInvitations(weekly), []);
      const added = (await store.listAudit(gazette, null, 10)).find((e) => e.action === 'member.add');
      assert.equal(added?.target, 'desk@example.com', 'named by address, as the dashboard names it');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
