// The mail sender's bookkeeping, over a fake outbox and a fake relay: the backoff schedule, a
// temporary refusal (4xx) rescheduled with a growing delay and failed for good after the last
// attempt (the address not suppressed), a permanent one (5xx) failed at once and suppressed,
// and a resend carrying the row's Message-ID each time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../clock.ts';
import type { SiteContext } from '../comments/comment-deps.ts';
import type { Mailer, OutgoingMail, SendOutcome } from '../mail/mailer.ts';
import { newMailRow } from '../mail/outbox.ts';
import type { MailRow, MailStore } from '../ports.ts';
import { backoffMs, MAX_ATTEMPTS, MailSender } from './mail-sender.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const silent = { info() {}, error() {} };
const site = { site: { id: 's1', name: 'The Paper' }, lang: 'en' } as SiteContext;

/** One confirmation mail to send, in an outbox that claims what is due and keeps what the sender records. */
function fakeOutbox(now: number) {
  const row = newMailRow({
    siteId: 's1',
    recipient: 'anne@example.org',
    kind: 'confirm',
    domain: 'news.example.com',
    data: { addressId: 'a1' },
    ipHash: null,
    now,
  });
  const suppressed: string[] = [];
  const store = {
    async claimMail(_claimer: string, at: number) {
      return row.state === 'queued' && row.next_attempt_at <= at ? [{ ...row }] : [];
    },
    async finishMail(ids: string[], patch: Partial<MailRow>) {
      if (ids.includes(row.id)) Object.assign(row, patch);
    },
    async isMailSuppressed(_site: string, email: string) {
      return suppressed.includes(email);
    },
    async countMail() {
      return 0;
    },
    async getMailAddress() {
      return { id: 'a1', site_id: 's1', email: row.recipient, confirmed_at: null, created_at: now, active_at: now };
    },
    async addMailSuppression(s: { email: string }) {
      suppressed.push(s.email);
    },
  } as unknown as MailStore;
  return { store, row, suppressed };
}

function relay(answer: () => SendOutcome) {
  const sent: OutgoingMail[] = [];
  const mailer: Mailer = {
    from: 'News <comments@news.example.com>',
    async send(m) {
      sent.push(m);
      return answer();
    },
    close() {},
  };
  return { mailer, sent };
}

function sender(store: MailStore, clock: ReturnType<typeof fakeClock>, mailer: Mailer) {
  return new MailSender({
    store,
    clock,
    mailer,
    links: { publicUrl: 'https://comments.example.com', key: 'k' },
    perRecipientHour: 100,
    claimMs: MINUTE,
    site: async () => site,
    log: silent,
  });
}

test('the backoff doubles from a minute and stops growing at 4 hours', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(backoffMs),
    [1, 2, 4, 8, 16, 32, 64, 128, 240, 240].map((m) => m * MINUTE),
  );
  assert.equal(backoffMs(0), MINUTE);
});

test('a 4xx is retried later and later; after the last attempt the mail fails, the address not suppressed', async () => {
  const clock = fakeClock(1_000_000);
  const { store, row, suppressed } = fakeOutbox(clock.now());
  const { mailer, sent } = relay(() => ({ ok: false, permanent: false, response: '451 4.7.1 try again later' }));
  const s = sender(store, clock, mailer);
  const delays: number[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const at = clock.now();
    await s.run();
    assert.equal(sent.length, attempt);
    assert.equal(row.attempts, attempt);
    if (attempt === MAX_ATTEMPTS) break;
    assert.equal(row.state, 'queued');
    assert.equal(row.last_error, '451 4.7.1 try again later');
    delays.push(row.next_attempt_at - at);
    // Not before its time: a run a moment early sends nothing.
    clock.set(row.next_attempt_at - 1);
    await s.run();
    assert.equal(sent.length, attempt, 'nothing sent before the delay is over');
    clock.set(row.next_attempt_at);
  }
  assert.deepEqual(
    delays,
    Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1)),
  );
  for (let i = 1; i < delays.length; i++) assert.ok(delays[i] > delays[i - 1], `delay ${i} grows`);
  assert.equal(row.state, 'failed');
  assert.deepEqual(suppressed, []);
  clock.advance(24 * HOUR);
  await s.run();
  assert.equal(sent.length, MAX_ATTEMPTS, 'a failed mail is not tried again');
  assert.equal(new Set(sent.map((m) => m.messageId)).size, 1, 'every resend carries the same Message-ID');
  assert.equal(sent[0].messageId, row.message_id);
});

test('a 5xx fails the mail at once and suppresses the address; a transient failure then success is sent', async () => {
  const clock = fakeClock(1_000_000);
  const hard = fakeOutbox(clock.now());
  const refused = relay(() => ({ ok: false, permanent: true, response: '550 5.1.1 no such user' }));
  await sender(hard.store, clock, refused.mailer).run();
  assert.deepEqual([refused.sent.length, hard.row.state, hard.row.attempts], [1, 'failed', 1]);
  assert.deepEqual(hard.suppressed, ['anne@example.org']);

  const soft = fakeOutbox(clock.now());
  let calls = 0;
  const flaky = relay(() =>
    calls++ === 0 ? { ok: false, permanent: false, response: '421 busy' } : { ok: true, response: '250 ok' },
  );
  const s = sender(soft.store, clock, flaky.mailer);
  await s.run();
  assert.deepEqual([soft.row.state, soft.row.attempts], ['queued', 1]);
  clock.advance(backoffMs(1));
  await s.run();
  assert.deepEqual([soft.row.state, soft.row.attempts, soft.row.last_error], ['sent', 2, null]);
  assert.equal(soft.row.sent_at, clock.now());
});
