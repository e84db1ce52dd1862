// `parley migrate-data`: a SQLite install seeded through the real store is copied into a
// fresh PostgreSQL database; every row must arrive unchanged, the PostgreSQL store must
// serve the same thread pages, and a second run must add nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { newId } from '../src/core/ids.ts';
import type { CommentRow, CommentStatus } from '../src/core/records.ts';
import type { Database } from '../src/store/schema.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { openSqlite } from '../src/store/dialects/sqlite/open.ts';
import { openPostgres } from '../src/store/dialects/postgres/open.ts';
import { TABLES as COPIED, migrateData, type Progress } from '../src/cli/migrate-data.ts';
import { freshPostgres } from './helpers/postgres.ts';
import { type Rows, seedLaterTables } from './helpers/migrate-data-seed.ts';

const bin = fileURLToPath(new URL('../bin/parley.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parley-migrate-data-'));
const dbPath = join(dir, 'parley.db');
const TABLES = {
  secrets: 'name',
  sites: 'id',
  threads: 'id',
  comments: 'id',
  spam_discards: 'id',
  spam_corrections: 'id',
  spam_layers: 'site_id',
  api_keys: 'key_hash',
  api_usage: 'id',
  users: 'id',
  memberships: 'id',
  invitations: 'id',
  sessions: 'id',
  audit_log: 'id',
  reports: 'id',
  bans: 'id',
  mail_addresses: 'id',
  mail_subscriptions: 'id',
  mail_outbox: 'id',
  mail_reply_pending: 'comment_id',
  mail_suppressions: 'id',
  webhook_endpoints: 'id',
  webhook_deliveries: 'id',
  moderator_alerts: 'id',
  // Keyed by four columns; each row names its own local id.
  import_keys: 'local_id',
} as const;
const NUMERIC = new Set([
  'is_default',
  'created_at',
  'closed',
  'comment_count',
  'version',
  'depth',
  'edited_at',
  'updated_at',
  'revoked_at',
  'calls',
  'score',
  'label',
  'failed_logins',
  'locked_until',
  'expires_at',
  'resolved_at',
  'until',
  'confirmed_at',
  'active_at',
  'attempts',
  'next_attempt_at',
  'claimed_until',
  'sent_at',
  'previous_until',
  'enabled',
  'last_status',
  'delivered_at',
]);
const BODIES = [
  'Plain text.',
  'Ça coûte 5 € — «vraiment» ?',
  'Привет, мир! Как дела?',
  '日本語のコメント 🎌',
  'Family: 👩‍👩‍👧‍👦 flags 🇫🇷🇺🇦 skin 👍🏽',
  '',
  '   leading spaces',
  'quote "x" and \\ backslash\nnew line\ttab',
];

let threadIds: string[] = [];
let seeded = 0;

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

before(async () => {
  const store = await openSqlite({ path: dbPath, synchronous: 'OFF' });
  await store.loadOrCreateSecrets(() => ({ ip: 'ip-secret-🔑', form: 'form-secret', edit: 'edit-secret', view: '' }));
  const sites = [newId(), newId()];
  for (const [i, id] of sites.entries()) {
    await store.createSite({
      id,
      name: i ? 'Le Courrier ✉️' : 'Daily',
      origins: [`https://s${i}.example`],
      lang: i ? 'fr' : 'en',
      settings: i ? { maxDepth: 3 } : {},
      avatar_secret: `av${i}`,
      is_default: !i,
      created_at: 1_700_000_000_000 + i,
    });
  }
  const threads = Array.from({ length: 6 }, (_, i) => ({
    id: newId(),
    siteId: sites[i % 2],
    key: `/article-${i}`,
    url: i % 3 ? `https://s${i % 2}.example/article-${i}` : null,
    title: i % 2 ? `Titre n°${i} 📰` : null,
    createdAt: 1_700_000_100_000 + i,
  }));
  let n = 0;
  const make = (thread: (typeof threads)[number], parent: CommentRow | null): CommentRow => {
    n++;
    const status: CommentStatus = n % 17 === 0 ? 'pending' : n % 23 === 0 ? 'spam' : 'approved';
    const id = newId();
    return {
      id,
      site_id: thread.siteId,
      thread_id: '',
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      author_name: n % 5 ? `Reader ${n}` : 'Zoë 🦊',
      author_email: n % 4 ? `r${n}@example.com` : '',
      author_website: n % 3 === 0 ? null : n % 3 === 1 ? '' : 'https://zoe.example',
      avatar: `av${n % 50}`,
      body: BODIES[n % BODIES.length],
      body_html: `<p>${BODIES[n % BODIES.length]}</p>`,
      status,
      created_at: 1_700_000_200_000 + n * 1000,
      edited_at: n % 7 === 0 ? 1_700_000_900_000 + n : null,
      edit_token_hash: n % 2 ? `eth${n}` : null,
      ip_hash: n % 6 ? `ip${n % 40}` : null,
      user_agent: n % 9 === 0 ? null : n % 9 === 1 ? '' : 'Mozilla/5.0',
      dedupe_key: n % 8 === 0 ? null : `dk-${id}`,
      spam_score: n % 3 ? n / 7 : null,
      spam_reasons: n % 3 ? [{ check: 'links', reason: `${n} links « »`, score: 1 }] : null,
    };
  };
  const insert = async (rows: { c: CommentRow; t: (typeof threads)[number] }[]) => {
    for (let i = 0; i < rows.length; i += 100)
      await Promise.all(rows.slice(i, i + 100).map(({ c, t }) => store.insertComment({ comment: c, thread: t })));
  };
  // Levels one after the other, so every parent is stored before its replies (and is older).
  const top = threads.flatMap((t) => Array.from({ length: 72 }, () => ({ c: make(t, null), t })));
  await insert(top);
  await sleep(2);
  const level1 = top
    .filter((_, i) => i % 2 === 0)
    .flatMap(({ c, t }) => Array.from({ length: 3 }, () => ({ c: make(t, c), t })));
  await insert(level1);
  await sleep(2);
  const level2 = level1
    .filter((_, i) => i % 2 === 0)
    .flatMap(({ c, t }) => Array.from({ length: 3 }, () => ({ c: make(t, c), t })));
  await insert(level2);
  seeded = top.length + level1.length + level2.length;
  // Deleted comments, some of them tops whose replies keep them on the page.
  for (const { c } of [...top.filter((_, i) => i % 11 === 0), ...level1.filter((_, i) => i % 13 === 0)])
    await store.updateComment(c.id, { status: 'deleted' });
  // What the spam engine keeps: a discard log, corrections, a learned layer, API keys and usage.
  for (let i = 0; i < 30; i++) {
    const site = sites[i % 2];
    await store.recordDiscard(
      {
        id: newId(),
        site_id: site,
        source: i % 3 ? 'comment' : 'akismet',
        thread_key: i % 3 ? `/article-${i % 6}` : null,
        author_name: 'Bot 🤖',
        author_email: `b${i}@spam.example`,
        author_website: null,
        body: `cheap pills ${i}`,
        ip_hash: `ip${i}`,
        user_agent: null,
        score: 10.5 + i,
        reasons: [],
        created_at: 1_700_001_000_000 + i,
      },
      100,
    );
    await store.addSpamCorrection({
      id: newId(),
      site_id: site,
      label: i % 2 ? 1 : 0,
      text: `texte n°${i} — spam?`,
      extras: { authorUrl: i % 2 ? 'https://x.example' : null },
      source: 'moderator',
      comment_id: null,
      author_email: `c${i}@example.com`,
      created_at: 1_700_002_000_000 + i,
    });
  }
  await store.compactSpamCorrections({
    site_id: sites[0],
    layer: '{"format":"parley-spam-site/1","dimBits":18,"corrections":3,"adjustments":[[5,0.25]]}',
    through_id: newId(),
    updated_at: 1_700_003_000_000,
  });
  await store.createApiKey({
    key_hash: 'kh-1',
    prefix: 'abcd',
    site_id: sites[1],
    scope: 'akismet',
    label: 'WordPress ✓',
    created_at: 1_700_004_000_000,
    revoked_at: null,
  });
  await store.createApiKey({
    key_hash: 'kh-2',
    prefix: 'efgh',
    site_id: sites[0],
    scope: 'moderation',
    label: null,
    created_at: 1_700_004_000_001,
    revoked_at: 1_700_004_000_002,
  });
  await store.addApiUsage([
    { keyHash: 'kh-1', month: '2026-11', calls: 41 },
    { keyHash: 'kh-1', month: '2026-11', calls: 1 },
  ]);
  // Addresses invited to a site before they have an account.
  for (const [i, email] of ['zoë@exemple.fr', 'desk@example.com'].entries())
    await store.addInvitation({
      id: `${email}:${sites[i]}`,
      email,
      site_id: sites[i],
      role: i ? 'admin' : 'moderator',
      created_at: 1_700_005_000_000 + i,
    });
  await seedLaterTables(store.db as unknown as Kysely<Rows>, sites, threads[0].id);
  threadIds = (await store.db.selectFrom('threads').select('id').orderBy('id').execute()).map((r) => r.id);
  await store.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function allRows(db: Kysely<Database>): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, key] of Object.entries(TABLES)) {
    const rows = (await db
      .selectFrom(table as keyof Database)
      .selectAll()
      .execute()) as Record<string, unknown>[];
    const normal = rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v != null && NUMERIC.has(k) ? Number(v) : v])),
    );
    out[table] = normal.sort((a, b) => Buffer.compare(Buffer.from(String(a[key])), Buffer.from(String(b[key]))));
  }
  return out;
}

async function pagesOf(store: SqlStore): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const threadId of threadIds) {
    for (const sort of ['oldest', 'newest'] as const) {
      const top = await store.listTopLevel({ threadId, afterId: null, sort, limit: 1000 });
      const replies = await store.listReplies({ rootIds: top.map((c) => c.id), perRoot: 5 });
      out.push(top, replies);
    }
  }
  return out;
}

test('copies every row of a SQLite install into PostgreSQL, then a second run adds nothing', async (t) => {
  const pgdb = await freshPostgres();
  if (!pgdb) return t.skip('PostgreSQL unreachable');
  try {
    assert.ok(seeded >= 2000, `seeded ${seeded}`);
    const seen: Progress[] = [];
    const first = await migrateData({ from: dbPath, to: pgdb.url, batchSize: 250, progress: (p) => seen.push(p) });
    t.diagnostic(`first run: ${seeded} comments copied and verified in ${first.ms} ms`);
    assert.ok(first.ok, JSON.stringify(first.tables));
    assert.deepEqual(first.warnings, []);
    for (const r of first.tables) {
      assert.equal(r.status, 'OK', r.table);
      assert.equal(r.copied, r.sourceRows, r.table);
      assert.equal(r.sourceChecksum, r.targetChecksum);
    }
    assert.equal(first.tables.find((r) => r.table === 'comments')?.sourceRows, seeded);
    assert.deepEqual(
      seen
        .filter((p) => p.table === 'comments' && p.done > 0)
        .map((p) => p.done)
        .slice(0, 2),
      [250, 500],
    );

    const sqlite = await openSqlite({ path: dbPath, migrate: false });
    const postgres = await openPostgres({ url: pgdb.url });
    try {
      const [a, b] = [await allRows(sqlite.db), await allRows(postgres.db)];
      for (const table of Object.keys(TABLES)) assert.deepEqual(b[table], a[table], table);
      assert.ok(
        a.comments.some((c) => c.status === 'deleted') &&
          a.comments.some((c) => c.status === 'spam') &&
          a.comments.some((c) => c.depth === 2),
      );
      assert.deepEqual(await pagesOf(postgres), await pagesOf(sqlite));
    } finally {
      await sqlite.close();
      await postgres.close();
    }

    const second = await migrateData({ from: dbPath, to: pgdb.url });
    assert.ok(second.ok);
    assert.deepEqual(
      second.tables.map((r) => [r.table, r.copied, r.status]),
      Object.keys(TABLES).map((table) => [table, 0, 'OK']),
    );
    t.diagnostic(`second run (nothing to copy) in ${second.ms} ms`);

    // A target that already has its own value for a secret keeps it, with a warning.
    const pg = await openPostgres({ url: pgdb.url });
    await pg.db.updateTable('secrets').set({ value: 'the-target-s-own' }).where('name', '=', 'form').execute();
    await pg.close();
    const third = await migrateData({ from: dbPath, to: pgdb.url });
    assert.ok(third.ok);
    assert.equal(third.tables[0].status, 'KEPT TARGET');
    assert.match(third.warnings.join('\n'), /secret "form" already exists in PostgreSQL with a different value/);
  } finally {
    await pgdb.drop();
  }
});

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, 'migrate-data', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('the CLI copies, prints the verification table and exits 0', async (t) => {
  const pgdb = await freshPostgres();
  if (!pgdb) return t.skip('PostgreSQL unreachable');
  try {
    const r = run(['--from', dbPath, '--to', pgdb.url, '--batch', '400']);
    t.diagnostic(`\n${r.stdout}`);
    assert.equal(r.status, 0, r.stderr);
    for (const table of Object.keys(TABLES)) assert.match(r.stdout, new RegExp(`^${table}\\s.*\\sOK$`, 'm'));
    assert.match(r.stdout, new RegExp(`^comments\\s+${seeded}\\s+${seeded}\\s+${seeded}\\s`, 'm'));
    assert.match(r.stdout, /verified: every table matches/);
    assert.doesNotMatch(r.stdout, /MISMATCH/);
    assert.match(r.stderr, /migrate-data: comments \d+\/\d+ \(\d+ rows\/s\)/); // stderr is a pipe: plain lines
    const again = run(['--from', dbPath], { PARLEY_DATABASE_URL: pgdb.url });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^comments\\s+${seeded}\\s+${seeded}\\s+0\\s`, 'm'));
  } finally {
    await pgdb.drop();
  }
});

test('a missing or foreign --from file is refused with a clear message and is not created', () => {
  const missing = join(dir, 'nope', 'parley.db');
  const r = run(['--from', missing, '--to', 'postgres://postgres@127.0.0.1:1/none']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /source database .*nope.*parley\.db does not exist/);
  assert.equal(existsSync(join(dir, 'nope')), false);
  const other = join(dir, 'other.db');
  new DatabaseSync(other).exec('CREATE TABLE notes (x TEXT)');
  const foreign = run(['--from', other, '--to', 'postgres://postgres@127.0.0.1:1/none']);
  assert.equal(foreign.status, 1);
  assert.match(foreign.stderr, /other\.db is not a Parley database \(no secrets, sites, threads, comments table\)/);
  const noArg = run(['--to', 'postgres://postgres@127.0.0.1:1/none']);
  assert.equal(noArg.status, 2);
  assert.match(noArg.stderr, /--from is required/);
});

test('every table the migrations create is copied, and this test compares each of them', () => {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const created = (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[])
      .map((r) => r.name)
      .filter((n) => !n.startsWith('kysely_'))
      .sort();
    assert.deepEqual([...COPIED.map((t) => t.name)].sort(), created, 'src/cli/migrate-data.ts TABLES');
    assert.deepEqual(Object.keys(TABLES).sort(), created, "this test's TABLES");
  } finally {
    db.close();
  }
});
