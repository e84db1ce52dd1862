// Readers' reply notifications end to end against a real SMTP server: double opt-in, the mail
// a published reply sends and its headers (RFC 5322, RFC 8058), one-click unsubscribe, nothing
// for held or spam replies until approved, digests within the interval, suppression after a
// 550, the confirmation caps, and the reader's data in privacy export and erase.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommenterData } from '../../src/core/privacy/commenter-data.ts';
import { login, staffSites, type Who, call } from '../helpers/admin-session.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush, link, mailEnv, postAs, PUBLIC_URL, rawHeaders } from './mail-flow.ts';

describe('reply notifications over SMTP (sqlite)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Who;
  let parent: string;
  const anne = 'anne.reader@example.org';

  before(async () => {
    smtp = await startSmtp();
    t = await testApp(mailEnv(smtp.url), { build: { mailPollMs: 0 } });
    await staffSites(t);
    admin = await login(t, 'admin@example.com');
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const act = (id: string, action: string) =>
    call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/actions`, { action });

  it('a subscription sends one confirmation mail; nothing else reaches the address until confirmed', async () => {
    parent = (await postAs(t, anne, { notify: true })).id;
    await flush(t);
    const [confirm] = await smtp.waitFor(1);
    assert.deepEqual(confirm.to, [anne]);
    assert.equal(confirm.helo, 'parley.test');
    assert.match(confirm.mail.subject ?? '', /Confirm your email/);
    await postAs(t, 'bob@example.net', { parent, body: 'Bob replies before Anne confirmed.' });
    await flush(t);
    assert.equal(smtp.received.length, 1);
    const page = await t.app.inject({ method: 'GET', url: link(confirm, '/mail/confirm') });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post"/);
    const done = await t.app.inject({ method: 'POST', url: link(confirm, '/mail/confirm') });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /confirmed/);
  });

  it('a published reply sends a mail with RFC 5322 and RFC 8058 headers, and no other reader’s data', async () => {
    const reply = await postAs(t, 'carol@example.net', { parent, body: 'Carol says **hello** <script>x</script>' });
    assert.equal(reply.status, 'published');
    await flush(t);
    const [, r] = await smtp.waitFor(2);
    const h = rawHeaders(r.raw);
    assert.match(h.get('from')!, /^News comments <comments@news\.example\.com>$/);
    assert.equal(h.get('to'), anne);
    assert.ok(!Number.isNaN(Date.parse(h.get('date')!)), h.get('date'));
    assert.match(h.get('message-id')!, /^<[^<>@\s]+@news\.example\.com>$/);
    assert.match(
      h.get('list-unsubscribe')!,
      /^<https:\/\/comments\.news\.example\.com\/mail\/unsubscribe\?t=[^>\s]+>$/,
    );
    assert.equal(h.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.match(r.mail.text ?? '', /Carol says hello/);
    assert.match(String(r.mail.html), /<strong>hello<\/strong>/);
    assert.doesNotMatch(String(r.mail.html), /<script|<img/);
    assert.match(r.mail.text ?? '', new RegExp(`#comment-${reply.id}`));
    assert.match(r.mail.text ?? '', /\/mail\/manage\?t=/);
    const item = await call(t, admin, 'GET', `/admin/api/sites/${t.siteId}/comments/${parent}`);
    assert.equal(item.json().comment.author.emailConfirmed, true, 'moderators see the confirmed address');
    const raw = r.raw.toString('utf8');
    for (const secret of ['carol@example.net', 'bob@example.net', '198.51.100.'])
      assert.ok(!raw.includes(secret), secret);
  });

  it('replies within the interval are gathered into one digest', async () => {
    await postAs(t, 'dan@example.net', { parent, body: 'First of two.' });
    await postAs(t, 'erin@example.net', { parent, body: 'Second of two.' });
    await flush(t);
    assert.equal(smtp.received.length, 2, 'nothing before the interval is over');
    t.clock.advance(16 * 60_000);
    await flush(t);
    const [, , digest] = await smtp.waitFor(3);
    assert.match(digest.mail.subject ?? '', /^2 new comments/);
    assert.match(digest.mail.text ?? '', /First of two[\s\S]*Second of two/);
    t.clock.advance(16 * 60_000);
  });

  it('a held reply sends nothing, a spam one never, and the held one is sent once approved', async () => {
    const links = 'See https://a.example/1 and https://b.example/2 and https://c.example/3';
    const held = await postAs(t, 'fay@example.net', { parent, body: `Held: ${links}` });
    const spam = await postAs(t, 'gus@example.net', { parent, body: `Spammy: ${links}` });
    assert.equal(held.status, 'held');
    assert.equal(spam.status, 'held');
    await flush(t);
    assert.equal((await act(spam.id, 'spam')).statusCode, 200);
    await flush(t);
    assert.equal(smtp.received.length, 3);
    assert.equal((await act(held.id, 'approve')).statusCode, 200);
    await flush(t);
    const [, , , approved] = await smtp.waitFor(4);
    assert.match(approved.mail.text ?? '', /Held: See/);
    assert.doesNotMatch(approved.mail.text ?? '', /Spammy/);
    t.clock.advance(16 * 60_000);
  });

  it('the manage page lists the subscription; the one-click POST unsubscribes at once', async () => {
    const last = smtp.received[3];
    const manage = await t.app.inject({ method: 'GET', url: link(last, '/mail/manage') });
    assert.equal(manage.statusCode, 200);
    assert.match(manage.body, /Replies to your comment/);
    assert.ok(!manage.body.includes(anne));
    const unsubscribe = rawHeaders(last.raw)
      .get('list-unsubscribe')!
      .slice(1 + PUBLIC_URL.length, -1);
    const res = await t.app.inject({
      method: 'POST',
      url: unsubscribe,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.statusCode, 200);
    await postAs(t, 'hal@example.net', { parent, body: 'Nobody hears this one.' });
    await flush(t);
    assert.equal(smtp.received.length, 4);
  });

  it('a 550 fails the mail for good and suppresses the address; moderators list and clear it', async () => {
    const bad = 'gone@example.org';
    smtp.answer = (a) => (a === bad ? 550 : null);
    await postAs(t, bad, { notify: true });
    await flush(t);
    const url = `/admin/api/sites/${t.siteId}/mail/suppressions`;
    const listed = await call(t, admin, 'GET', url);
    assert.deepEqual(
      listed.json().suppressions.map((s: { email: string }) => s.email),
      [bad],
    );
    assert.equal((await call(t, null, 'GET', url)).statusCode, 401);
    await postAs(t, bad, { notify: true });
    await flush(t);
    assert.equal(smtp.received.length, 4, 'a suppressed address is not even asked again');
    assert.equal((await call(t, admin, 'POST', `${url}/clear`, { email: bad })).statusCode, 204);
    assert.deepEqual((await call(t, admin, 'GET', url)).json().suppressions, []);
    smtp.answer = () => null;
  });

  it('confirmation mails stop at 3 a day per address and 20 an hour per network', async () => {
    const base = smtp.received.length;
    for (let i = 0; i < 4; i++) await postAs(t, 'eager@example.org', { notify: true });
    await flush(t);
    assert.equal(smtp.received.length - base, 3);
    t.clock.advance(2 * 3_600_000);
    for (let i = 0; i < 21; i++) await postAs(t, `n${i}@example.org`, { notify: true }, '192.0.2.77');
    await flush(t);
    assert.equal(smtp.received.length - base, 3 + 20);
  });

  it("the address's subscriptions and mails are in the privacy export, and erased", async () => {
    const data = new CommenterData({ store: t.store, spam: t.app.parley.spam, clock: t.clock });
    const exported = await data.export(anne, t.siteId);
    assert.equal(exported.notificationAddresses.length, 1);
    assert.ok(exported.notificationEmails.length >= 3);
    assert.ok(exported.notificationEmails.every((m) => !('ip_hash' in m)));
    const erased = await data.erase(anne, { siteId: t.siteId, deleteText: false });
    assert.ok(erased.notifications >= 4);
    const again = await data.export(anne, t.siteId);
    assert.deepEqual([again.notificationAddresses, again.notificationEmails], [[], []]);
  });
});
