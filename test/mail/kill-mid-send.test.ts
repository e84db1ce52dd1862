// A server killed while an email is with the relay loses none. A real server process sends a
// moderator's alerts (one email per held comment) to a real SMTP server; while the relay has
// the second email's data but has not answered it, the relay SIGKILLs the server, so the server
// never learns that email went out. Comments posted meanwhile are queued. A new server on the
// same data folder, once the dead one's claim has run out, sends everything left: the email in
// flight again, with the Message-ID it had, and the rest once each.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtp, type Received } from '../helpers/smtp.ts';
import { dashboardSession, sleep, until } from '../helpers/streams.ts';
import { rawHeaders } from './mail-flow.ts';

const DESK = 'night-desk@example.com';
const THREAD = 'https://news.example.com/2026/12/rail-strike';
const COMMENTS = 5;
/** The email the relay holds when it kills the server (1-based). */
const IN_FLIGHT = 2;
/** The shortest claim allowed, so the dead server's claim runs out within seconds. */
const CLAIM_SECONDS = 5;

type OutboxRow = { message_id: string; state: string; attempts: number; claimed_until: number | null };

function outbox(dataDir: string): OutboxRow[] {
  const db = new DatabaseSync(join(dataDir, 'parley.db'), { readOnly: true });
  try {
    return db
      .prepare('SELECT message_id, state, attempts, claimed_until FROM mail_outbox WHERE kind = ? ORDER BY created_at')
      .all('alert') as OutboxRow[];
  } finally {
    db.close();
  }
}

/** Each comment's marker, which its alert quotes. */
const marker = (i: number) => `Timetable question ${i}`;
const markerOf = (r: Received) => /Timetable question (\d+)/.exec(r.mail.text ?? '')?.[1];

test('a server killed mid-send: every alert arrives, the one in flight twice with one Message-ID', {
  timeout: 90_000,
}, async (t) => {
  const smtp = await startSmtp();
  // Ours, not the server helper's: it outlives the first server.
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-kill-mid-send-'));
  const servers: ServerProcess[] = [];
  // Servers first: the SMTP server's close waits for their pooled connections to end.
  t.after(async () => {
    for (const s of servers) await s.stop();
    await smtp.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const env = {
    PARLEY_SMTP_URL: smtp.url,
    PARLEY_MAIL_FROM: 'News comments <comments@news.example.com>',
    // The claim is written by the server that takes the rows: the first one's is what runs out.
    PARLEY_MAIL_CLAIM_SECONDS: String(CLAIM_SECONDS),
  };
  const first = await startServer({ env, dataDir });
  servers.push(first);

  const desk = await dashboardSession(first);
  const session = await fetch(`${first.url}/admin/api/session`, { headers: { cookie: desk.cookie } });
  const { csrf } = (await session.json()) as { csrf: string };
  const alerts = await fetch(`${first.url}/admin/api/sites/${desk.siteId}/alerts`, {
    method: 'PATCH',
    headers: { cookie: desk.cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ held: 'immediately', reports: 'never' }),
  });
  assert.equal(alerts.status, 200, await alerts.text());

  const post = async (server: ServerProcess, i: number) => {
    const res = await fetch(`${server.url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        thread: THREAD,
        name: `Commuter ${i}`,
        email: `commuter${i}@example.net`,
        // Three links: held for review, so the moderator is alerted.
        body: `${marker(i)}: are these right? https://a.example/${i} https://b.example/${i} https://c.example/${i}`,
      }),
    });
    assert.equal(res.status, 202, await res.text());
  };

  // The relay holds the in-flight email until every comment is queued, then kills the server.
  const { promise: queued, resolve: allQueued } = Promise.withResolvers<void>();
  let killed: { signal: NodeJS.Signals | null } | null = null;
  smtp.beforeAnswer = async () => {
    if (smtp.received.length !== IN_FLIGHT) return;
    await queued;
    killed = await first.kill('SIGKILL');
  };

  for (let i = 1; i <= COMMENTS; i++) {
    await post(first, i);
    // Up to the one in flight, each email is in before the next comment.
    if (i <= IN_FLIGHT) await smtp.waitFor(i, 15_000);
  }
  await until('every alert queued', () => outbox(dataDir).length === COMMENTS, 15_000);
  allQueued();
  await until('the server killed', () => killed !== null, 15_000);
  assert.equal(killed!.signal, 'SIGKILL');

  // As the kill left it: the email in flight still queued and claimed, so due again once the
  // claim runs out; nothing marked sent but the first.
  const left = outbox(dataDir);
  const inFlightId = rawHeaders(smtp.received[IN_FLIGHT - 1].raw).get('message-id');
  const inFlightRow = left.find((r) => r.message_id === inFlightId);
  assert.ok(inFlightRow, `no outbox row for ${inFlightId}`);
  assert.deepEqual([inFlightRow.state, inFlightRow.attempts], ['queued', 0]);
  assert.ok(inFlightRow.claimed_until, 'claimed by the dead server');
  assert.deepEqual(
    left.map((r) => r.state),
    ['sent', ...Array(COMMENTS - 1).fill('queued')],
  );
  const claimedUntil = Math.max(...left.map((r) => r.claimed_until ?? 0));
  await sleep(Math.max(0, claimedUntil - Date.now() + 100));

  // The next server sends what is due as it starts.
  servers.push(await startServer({ env, dataDir }));
  await smtp.waitFor(COMMENTS + 1, 20_000);
  await until('every row recorded as sent', () => outbox(dataDir).every((r) => r.state === 'sent'), 15_000);
  await sleep(500); // nothing more comes
  assert.equal(smtp.received.length, COMMENTS + 1, 'one email twice, the others once');

  const byComment = new Map<string, Received[]>();
  for (const r of smtp.received) {
    assert.deepEqual(r.to, [DESK]);
    const n = markerOf(r);
    assert.ok(n, `an alert without a comment marker:\n${r.mail.text}`);
    byComment.set(n, [...(byComment.get(n) ?? []), r]);
  }
  assert.deepEqual(
    [...byComment.keys()].sort(),
    Array.from({ length: COMMENTS }, (_, i) => String(i + 1)),
    'every alert arrived',
  );
  const twice = [...byComment.entries()].filter(([, got]) => got.length > 1);
  assert.deepEqual(
    twice.map(([n, got]) => [n, got.length]),
    [[String(IN_FLIGHT), 2]],
  );
  const ids = twice[0][1].map((r) => rawHeaders(r.raw).get('message-id'));
  assert.equal(ids[0], ids[1], 'the resend keeps its Message-ID');
  assert.equal(ids[0], inFlightId);
  const rows = outbox(dataDir);
  assert.deepEqual(
    rows.map((r) => r.message_id).sort(),
    [...byComment.values()].map((got) => rawHeaders(got[0].raw).get('message-id')).sort(),
    'the emails received are the outbox rows',
  );
  assert.ok(rows.every((r) => r.state === 'sent'));
  assert.equal(rows.find((r) => r.message_id === inFlightId)?.attempts, 1);
});
