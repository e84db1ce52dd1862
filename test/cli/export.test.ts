// `parley export`: a site's file in either format, to stdout or to a file only its owner can
// read (never over an existing one without --force), audited as cli:<user>; usage problems
// exit 2, a missing site 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';
import { newId } from '../../src/core/ids.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

test('parley export writes a site in either format, to stdout or a private file, and audits it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-export-'));
  const env = { PARLEY_DATA_DIR: dir };
  try {
    assert.equal(run(['site', 'add', '--name', 'Gazette', '--origin', 'https://news.example.com'], env).status, 0);
    let store = await openSqlite({ path: loadConfig(env).dbPath });
    const site = (await store.listSites())[0].id;
    const id = newId();
    await store.insertComment({
      comment: {
        id,
        site_id: site,
        thread_id: '',
        parent_id: null,
        root_id: null,
        depth: 0,
        author_name: 'Anne',
        author_email: 'anne.cli@example.net',
        author_website: null,
        avatar: 'abcdefabcdef',
        body: 'Hello from the CLI',
        body_html: '<p>Hello from the CLI</p>',
        status: 'approved',
        created_at: Date.UTC(2026, 0, 2),
        edited_at: null,
        edit_token_hash: null,
        ip_hash: 'f'.repeat(32),
        user_agent: null,
        dedupe_key: null,
      },
      thread: {
        id: newId(),
        siteId: site,
        key: 'https://news.example.com/a',
        url: 'https://news.example.com/a',
        title: 'A',
        createdAt: 1,
      },
    });
    await store.close();

    const jsonl = run(['export', '--site', site], env);
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const lines = jsonl.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.type ?? l.format),
      ['parley-export', 'thread', 'comment', 'audit', 'audit', 'end'],
    );
    // Recorded before the first byte: the file holds its own export, newest first.
    assert.deepEqual(
      lines.slice(3, 5).map((l) => l.action),
      ['site.export', 'site.create'],
    );
    assert.equal(lines[2].author.email, 'anne.cli@example.net');
    assert.equal(jsonl.stdout.includes('f'.repeat(32)), false, 'no IP hash');

    const out = join(dir, 'site.xml');
    const wxr = run(['export', '--site', site, '--format', 'wxr', '--out', out], env);
    assert.equal(wxr.status, 0, wxr.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.match(readFileSync(out, 'utf8'), /<wp:comment_content><!\[CDATA\[<p>Hello from the CLI<\/p>\]\]>/);
    writeFileSync(out, 'keep me');
    const again = run(['export', '--site', site, '--format', 'wxr', '--out', out], env);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists \(--force/);
    assert.equal(readFileSync(out, 'utf8'), 'keep me');
    assert.equal(run(['export', '--site', site, '--format', 'wxr', '--out', out, '--force'], env).status, 0);

    assert.equal(run(['export', '--site', site, '--format', 'csv'], env).status, 2);
    assert.equal(run(['export'], env).status, 2);
    assert.equal(run(['export', '--site', newId()], env).status, 1);

    store = await openSqlite({ path: loadConfig(env).dbPath });
    const exports = (await store.listAudit(site, null, 50)).filter((e) => e.action === 'site.export');
    await store.close();
    assert.deepEqual(
      exports.map((e) => [e.actor, e.after]),
      [
        [`cli:${userInfo().username || 'unknown'}`, { format: 'wxr' }],
        [`cli:${userInfo().username || 'unknown'}`, { format: 'wxr' }],
        [`cli:${userInfo().username || 'unknown'}`, { format: 'parley' }],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
