// parley spam mark|explain|discards and parley moderation-keys, run as the real command
// against a data folder, checked in the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '../../src/core/ids.ts';
import { hashApiKey } from '../../src/core/keys/api-keys.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

test('spam explain, mark and discards; moderation-keys create, list and revoke', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-spam-'));
  const env = { PARLEY_DATA_DIR: dir };
  try {
    assert.equal(run(['site', 'add', '--name', 'Gazette', '--origin', 'https://news.example.com'], env).status, 0);
    const config = loadConfig(env);
    let store = await openSqlite({ path: config.dbPath });
    const site = (await store.listSites())[0].id;
    const id = newId();
    const now = Date.now();
    await store.insertComment({
      comment: {
        id,
        site_id: site,
        thread_id: '',
        parent_id: null,
        root_id: null,
        depth: 0,
        author_name: 'Mabel',
        author_email: 'mabel@example.com',
        author_website: null,
        avatar: 'a',
        body: 'Mabel’s bakery on Rue Colbert sells the best lemon cake in town, ask for the Gazette discount',
        body_html: '<p>…</p>',
        status: 'approved',
        created_at: now,
        edited_at: null,
        edit_token_hash: null,
        ip_hash: 'net',
        user_agent: null,
        dedupe_key: null,
        spam_score: 1.5,
        spam_reasons: [{ check: 'classifier', reason: 'the classifier rates it 27.0 % likely spam', score: 1.5 }],
      },
      thread: {
        id: newId(),
        siteId: site,
        key: 'https://news.example.com/a',
        url: 'https://news.example.com/a',
        title: 'Bakeries',
        createdAt: now,
      },
    });
    await store.recordDiscard(
      {
        id: newId(),
        site_id: site,
        source: 'comment',
        thread_key: 'https://news.example.com/a',
        author_name: 'Bot',
        author_email: 'bot@spam.example',
        author_website: null,
        body: 'cheap casino bonus',
        ip_hash: 'x',
        user_agent: null,
        score: 14,
        reasons: [{ check: 'keywords', reason: 'matches the block list ("casino")', score: 6 }],
        created_at: now,
      },
      1000,
    );
    await store.close();

    const explained = run(['spam', 'explain', id], env);
    assert.equal(explained.status, 0, explained.stderr);
    assert.match(
      explained.stdout,
      new RegExp(`^${id}\\tapproved\\tscore 1.5\\n  \\+1.5\\tclassifier\\tthe classifier rates it 27.0 % likely spam`),
    );
    const asJson = JSON.parse(run(['spam', 'explain', id, '--json'], env).stdout);
    assert.equal(asJson.spam.reasons[0].check, 'classifier');

    const marked = run(['spam', 'mark', id, 'spam'], env);
    assert.equal(marked.status, 0, marked.stderr);
    assert.match(marked.stdout, new RegExp(`^${id}\\tspam\\tfilter: \\d+\\.\\d % → \\d+\\.\\d % spam for this text`));
    store = await openSqlite({ path: config.dbPath });
    assert.equal((await store.getComment(id))?.status, 'spam');
    const corrections = await store.spamCorrections(site, null);
    assert.deepEqual(
      corrections.map((c) => [c.label, c.source, c.comment_id, c.author_email]),
      [[1, 'cli', id, 'mabel@example.com']],
    );
    await store.close();

    const discards = run(['spam', 'discards'], env);
    assert.equal(discards.status, 0, discards.stderr);
    assert.match(
      discards.stdout,
      /score 14\t"cheap casino bonus"\n {2}\+6\tkeywords\tmatches the block list \("casino"\)/,
    );

    assert.equal(run(['spam', 'mark', id, 'maybe'], env).status, 2);
    const missing = run(['spam', 'explain', newId()], env);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no such comment/);

    const created = run(['moderation-keys', 'create', '--label', 'newsroom script'], env);
    assert.equal(created.status, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^pm_[A-Za-z0-9]{32}$/);
    store = await openSqlite({ path: config.dbPath });
    assert.equal((await store.findApiKey(hashApiKey(key, 'moderation')))?.site_id, site);
    await store.close();
    const listed = run(['moderation-keys', 'list'], env).stdout;
    assert.match(listed, new RegExp(`^${key.slice(0, 7)}…\\t${site}\\t.*\\tactive\\tnewsroom script$`, 'm'));
    assert.equal(listed.includes(key), false, 'the key is shown once, at creation');
    assert.match(run(['moderation-keys', 'revoke', key.slice(0, 7)], env).stdout, /^revoked /);
    assert.match(run(['moderation-keys', 'list'], env).stdout, /\trevoked /);

    // Admin keys are their own kind: listed apart, and never valid as moderation keys.
    const admin = run(['admin-keys', 'create', '--label', 'wordpress'], env);
    assert.equal(admin.status, 0, admin.stderr);
    const adminKey = admin.stdout.trim();
    assert.match(adminKey, /^pa_[A-Za-z0-9]{32}$/);
    assert.match(
      run(['admin-keys', 'list'], env).stdout,
      new RegExp(`^${adminKey.slice(0, 7)}…\\t${site}\\t.*\\tactive\\twordpress$`, 'm'),
    );
    assert.equal(run(['moderation-keys', 'list'], env).stdout.includes(adminKey.slice(0, 7)), false);
    store = await openSqlite({ path: config.dbPath });
    assert.equal((await store.findApiKey(hashApiKey(adminKey, 'admin')))?.scope, 'admin');
    assert.equal(await store.findApiKey(hashApiKey(adminKey, 'moderation')), undefined);
    await store.close();

    // Per-site thresholds and lists, validated by the same rules the server applies.
    const set = run(['site', 'settings', 'holdScore=4', 'blockKeywords=casino, pill*', 'disabledChecks=language'], env);
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, /^holdScore=4$/m);
    assert.match(set.stdout, /^spamScore=6\t\(default\)$/m);
    store = await openSqlite({ path: config.dbPath });
    assert.deepEqual((await store.getSite(site))!.settings, {
      holdScore: 4,
      blockKeywords: ['casino', 'pill*'],
      disabledChecks: ['language'],
    });
    await store.close();
    const bad = run(['site', 'settings', 'holdScore=0'], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /holdScore must be at least 1/);
    assert.match(run(['site', 'settings', 'disabledChecks=clasifier'], env).stderr, /"clasifier" is not a check/);
    assert.match(run(['site', 'settings', 'holdScore=default'], env).stdout, /^holdScore=3\t\(default\)$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
