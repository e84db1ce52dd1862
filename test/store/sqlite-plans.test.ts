// The per-comment queries must stay index lookups on SQLite, whose planner has no statistics
// on a fresh database: a new index once made the trust check read every approved comment of
// the site for each comment posted (60 ms of CPU per post on a 100k-comment site). Each query
// here has the shape the store sends; each must search an index on its own columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

const EXPECTED: [string, string, RegExp][] = [
  [
    'trust: earlier approved comments',
    "select count(*) from comments where site_id = ? and author_email = ? and author_name = ? and status = 'approved'",
    /INDEX comments_site_author/,
  ],
  [
    'repeat: the same text elsewhere',
    'select count(*) from comments where site_id = ? and body_hash = ? and created_at >= ? and thread_id != ?',
    /INDEX comments_site_body/,
  ],
  [
    'velocity: one network',
    'select count(*) from comments where site_id = ? and ip_hash = ? and created_at >= ?',
    /INDEX comments_site_ip/,
  ],
  [
    'velocity: one email',
    'select count(*) from comments where site_id = ? and author_email = ? and created_at >= ?',
    /INDEX comments_site_(email|author)/,
  ],
  [
    'history in the queues',
    'select author_email, status from comments where site_id = ? and author_email in (?, ?, ?)',
    /INDEX comments_site_(author|email)/,
  ],
  [
    'flood: last post by network',
    'select max(created_at) from comments where site_id = ? and ip_hash = ? and created_at >= ?',
    /INDEX comments_site_ip/,
  ],
  // The same counts as the spam facts send them, stopping at the limit their checks need.
  [
    'trust, up to a limit',
    `select count(*) as "n" from (select 1 as "one" from "comments" where "site_id" = ? and "author_email" = ? and "author_name" = ? and "status" = 'approved' limit ?) as "hits"`,
    /INDEX comments_site_author/,
  ],
  [
    'repeat, up to a limit',
    'select count(*) as "n" from (select 1 as "one" from "comments" where "site_id" = ? and "body_hash" = ? and "created_at" >= ? and "thread_id" != ? limit ?) as "hits"',
    /INDEX comments_site_body/,
  ],
  [
    'velocity: one network, up to a limit',
    'select count(*) as "n" from (select 1 as "one" from "comments" where "site_id" = ? and "ip_hash" = ? and "created_at" >= ? limit ?) as "hits"',
    /INDEX comments_site_ip/,
  ],
  [
    'velocity: one email, up to a limit',
    'select count(*) as "n" from (select 1 as "one" from "comments" where "site_id" = ? and "author_email" = ? and "created_at" >= ? limit ?) as "hits"',
    /INDEX comments_site_(email|author)/,
  ],
  [
    'the pending queue',
    "select * from comments where site_id = ? and status = 'pending' order by id desc limit 25",
    /INDEX comments_site_status/,
  ],
];

test('hot comment queries search their own index on SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-plans-'));
  try {
    await (await openSqlite({ path: join(dir, 'p.db') })).close();
    const db = new DatabaseSync(join(dir, 'p.db'));
    for (const [what, sql, index] of EXPECTED) {
      const plan = (db.prepare(`explain query plan ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      assert.match(plan, index, `${what}: ${plan}`);
      assert.doesNotMatch(plan, /^SCAN comments/, `${what}: ${plan}`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A sender's run, every 30 s and on each kick, and the caps' counts: the outbox keeps sent mail for 30 days, so a
// scan here costs a busy site milliseconds each run (3.8 ms at 50,000 rows before the index).
const OUTBOX: [string, string][] = [
  [
    'claim: due rows',
    "select id from mail_outbox where state = 'queued' and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?) order by next_attempt_at, id limit ?",
  ],
  [
    'claim: the claimed rows’ digest siblings',
    "update mail_outbox set claimed_by = ?, claimed_until = ? where state = 'queued' and (claimed_until is null or claimed_until < ?) and group_key in (select group_key from mail_outbox where claimed_by = ? and group_key is not null)",
  ],
  [
    'the per-recipient hourly limit',
    `select count(*) as "n" from "mail_outbox" where "site_id" = ? and "sent_at" >= ? and state = 'sent' and "recipient" = ?`,
  ],
  [
    'confirmation cap: one address',
    `select count(*) as "n" from "mail_outbox" where "site_id" = ? and "created_at" >= ? and kind = 'confirm' and "recipient" = ?`,
  ],
  [
    'confirmation cap: one network',
    `select count(*) as "n" from "mail_outbox" where "site_id" = ? and "created_at" >= ? and kind = 'confirm' and "ip_hash" = ?`,
  ],
  [
    'claim: what was claimed',
    "select * from mail_outbox where claimed_by = ? and state = 'queued' and claimed_until = ? order by created_at, id",
  ],
];

test('the outbox sender reads through indexes, never a scan of the outbox', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-plans-'));
  try {
    await (await openSqlite({ path: join(dir, 'p.db') })).close();
    const db = new DatabaseSync(join(dir, 'p.db'));
    for (const [what, sql] of OUTBOX) {
      const plan = (db.prepare(`explain query plan ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      assert.match(plan, /INDEX mail_outbox_/, `${what}: ${plan}`);
      assert.doesNotMatch(plan, /SCAN mail_outbox/, `${what}: ${plan}`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
