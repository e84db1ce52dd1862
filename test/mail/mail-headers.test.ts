// Every kind of mail checked against RFC 5322 and RFC 8058, as received by a real SMTP server:
// the confirmation, the reply, the moderator's alert and the admin's test mail each carry a
// Message-ID of our domain (each its own), a Date in the RFC 5322 date-time form naming the
// moment it was sent, our From, and a text and an HTML part; reader mails and alerts carry
// List-Unsubscribe with its One-Click companion. The one-click POST, sent as
// multipart/form-data as mail providers send it, unsubscribes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, login, staffSites, type Who } from '../helpers/admin-session.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { type Received, startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush, link, mailEnv, postAs, PUBLIC_URL, rawHeaders } from './mail-flow.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** RFC 5322 §3.3 date-time, without the obsolete forms: [day-of-week ","] day month year hh:mm[:ss] zone. */
const DATE_TIME = new RegExp(
  `^(?:(${DAYS.join('|')}), )?(\\d{1,2}) (${MONTHS.join('|')}) (\\d{4}) ([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d|60))? ([+-])(\\d\\d)([0-5]\\d)$`,
);

/** The Date header, checked to the letter, as milliseconds since the epoch. */
function rfc5322Date(value: string): number {
  const m = DATE_TIME.exec(value);
  assert.ok(m, `not an RFC 5322 date-time: ${value}`);
  const [, dow, day, month, year, hh, mm, ss, sign, zh, zm] = m;
  const offset = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  const at = Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hh), Number(mm), Number(ss ?? 0));
  assert.equal(new Date(at).getUTCDate(), Number(day), `no such day: ${value}`);
  if (dow) assert.equal(DAYS[new Date(at).getUTCDay()], dow, `wrong day of the week: ${value}`);
  return at - offset;
}

describe('mail headers (RFC 5322, RFC 8058) for every kind of mail', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Who;
  const got: Record<string, { r: Received; sentAt: number }> = {};
  const seenIds = new Set<string>();

  before(async () => {
    smtp = await startSmtp();
    t = await testApp(mailEnv(smtp.url), { build: { mailPollMs: 0 } });
    await staffSites(t);
    admin = await login(t, 'admin@example.com');
    const alerts = await call(t, admin, 'PATCH', `/admin/api/sites/${t.siteId}/alerts`, { held: 'immediately' });
    assert.equal(alerts.statusCode, 200, alerts.body);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  /** Runs `act` and keeps the one mail it sends, with the clock's time when it was sent. */
  async function next(kind: string, act: () => Promise<unknown>): Promise<Received> {
    const n = smtp.received.length;
    t.clock.advance(3_600_000 + 1_234);
    await act();
    await t.app.parley.alerts.idle();
    const sentAt = t.clock.now();
    await flush(t);
    const [r] = (await smtp.waitFor(n + 1)).slice(n);
    got[kind] = { r, sentAt };
    return r;
  }

  function common(kind: string, to: string): Map<string, string> {
    const { r, sentAt } = got[kind];
    const h = rawHeaders(r.raw);
    assert.deepEqual(r.to, [to], kind);
    assert.equal(h.get('from'), 'News comments <comments@news.example.com>', kind);
    assert.equal(h.get('to'), to, kind);
    const id = h.get('message-id') ?? '';
    assert.match(id, /^<[A-Za-z0-9._-]+@news\.example\.com>$/, kind);
    assert.ok(!seenIds.has(id), `${kind}: a Message-ID of its own`);
    seenIds.add(id);
    assert.equal(rfc5322Date(h.get('date') ?? ''), Math.floor(sentAt / 1000) * 1000, `${kind}: Date`);
    assert.match(h.get('mime-version') ?? '', /^1\.0$/, kind);
    assert.match(h.get('content-type') ?? '', /^multipart\/alternative;/, kind);
    assert.ok((r.mail.text ?? '').length > 20, `${kind}: a text part`);
    assert.ok(String(r.mail.html).length > 20, `${kind}: an HTML part`);
    return h;
  }

  function oneClick(kind: string, h: Map<string, string>, path: string): string {
    const value = h.get('list-unsubscribe') ?? '';
    assert.match(value, new RegExp(`^<${PUBLIC_URL.replace(/\./g, '\\.')}${path}\\?t=[A-Za-z0-9._~%-]+>$`), kind);
    assert.equal(h.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click', kind);
    return value.slice(1 + PUBLIC_URL.length, -1);
  }

  let parent = '';
  it('the confirmation mail', async () => {
    const r = await next('confirmation', async () => {
      parent = (await postAs(t, 'anne@example.org', { notify: true })).id;
    });
    oneClick('confirmation', common('confirmation', 'anne@example.org'), '/mail/unsubscribe');
    assert.equal((await t.app.inject({ method: 'POST', url: link(r, '/mail/confirm') })).statusCode, 200);
  });

  let unsubscribe = '';
  it('the reply mail', async () => {
    await next('reply', () => postAs(t, 'bob@example.net', { parent, body: 'Bob replies.' }));
    unsubscribe = oneClick('reply', common('reply', 'anne@example.org'), '/mail/unsubscribe');
  });

  it("the moderator's alert", async () => {
    const links = 'See https://a.example/1 and https://b.example/2 and https://c.example/3';
    await next('alert', async () => {
      const held = await postAs(t, 'carl@example.net', { body: `Carl writes about the rail plan. ${links}` });
      assert.equal((await t.store.getComment(held.id))?.status, 'pending');
    });
    oneClick('alert', common('alert', 'admin@example.com'), '/mail/alerts/off');
  });

  it("the admin's test mail", async () => {
    await next('test', async () => {
      const res = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, { to: 'desk@example.org' });
      assert.equal(res.json().ok, true, res.body);
    });
    common('test', 'desk@example.org');
  });

  it('the one-click POST sent as multipart/form-data unsubscribes', async () => {
    const boundary = '----provider7MA4YWxkTrZu0gW';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n` +
      `--${boundary}--\r\n`;
    const address = await t.store.getMailAddress({ siteId: t.siteId, email: 'anne@example.org' });
    assert.equal((await t.store.mailSubscriptions(address!.id)).length, 1);
    const res = await t.app.inject({
      method: 'POST',
      url: unsubscribe,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await t.store.mailSubscriptions(address!.id), []);
    const n = smtp.received.length;
    await postAs(t, 'dora@example.net', { parent, body: 'Nobody is told of this one.' });
    t.clock.advance(3_600_000);
    await flush(t);
    assert.equal(smtp.received.length, n);
  });
});
