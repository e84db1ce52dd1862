// Moderators' email alerts against a real SMTP server, by injection: the settings API, one
// email per held comment (with no author address or network in it), the signed action links
// (a GET never acts; the POST acts as the moderator, audited; refused when tampered with,
// expired, cross-site, on a gone comment or for a moderator off the site), report alerts,
// hourly digests that leave out what was decided since, the one-click off, and the admins'
// test email.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, login, staffSites, type Who } from '../helpers/admin-session.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush as flushOutbox, mailEnv, postAs, PUBLIC_URL, rawHeaders } from './mail-flow.ts';

const LINKS = 'See https://a.example/1 and https://b.example/2 and https://c.example/3';
const HOUR = 3_600_000;

/** The link labelled `label` in an alert's text part, as a path. */
function actionLink(text: string | undefined, label: string, nth = 0): string {
  const found = [...(text ?? '').matchAll(new RegExp(`^${label}: (\\S+)$`, 'gm'))].map((m) => m[1]);
  assert.ok(found[nth], `no "${label}" link #${nth} in:\n${text}`);
  assert.ok(found[nth].startsWith(PUBLIC_URL), found[nth]);
  return found[nth].slice(PUBLIC_URL.length);
}

/** Sends what is due once the alerts of the events so far are queued (on PostgreSQL that takes a moment after the response). */
async function flush(t: TestApp): Promise<void> {
  await t.app.parley.alerts.idle();
  await flushOutbox(t);
}

const tokenOf = (path: string) => new URL(path, PUBLIC_URL).searchParams.get('t')!;

for (const backend of await apiBackends()) {
  describe(`moderator alerts over SMTP (${backend})`, () => {
    let smtp: TestSmtp;
    let t: TestApp;
    let admin: Who;
    let mod: Who;
    const alertsUrl = () => `/admin/api/sites/${t.siteId}/alerts`;
    const mails = (to: string) => smtp.received.filter((r) => r.to.includes(to));
    const confirmPost = (path: string, headers: Record<string, string> = { origin: PUBLIC_URL }) =>
      t.app.inject({
        method: 'POST',
        url: '/mail/moderate',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: `t=${encodeURIComponent(tokenOf(path))}`,
      });
    const status = async (id: string) => (await t.store.getComment(id))!.status;

    before(async () => {
      smtp = await startSmtp();
      t = await testApp(mailEnv(smtp.url), { backend, build: { mailPollMs: 0 } });
      await staffSites(t);
      admin = await login(t, 'admin@example.com');
      mod = await login(t, 'mod@example.com');
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    it('alerts are off by default; each moderator sets their own, and bad values are named', async () => {
      const first = await call(t, mod, 'GET', alertsUrl());
      assert.deepEqual(first.json(), { held: 'never', reports: 'never', mailConfigured: true });
      const set = await call(t, mod, 'PATCH', alertsUrl(), { held: 'immediately' });
      assert.deepEqual(set.json(), { held: 'immediately', reports: 'never', mailConfigured: true });
      assert.equal((await call(t, admin, 'GET', alertsUrl())).json().held, 'never', "the admin's own are untouched");
      const bad = await call(t, mod, 'PATCH', alertsUrl(), { held: 'sometimes' });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().error.fields.held.code, 'INVALID_VALUE');
      const unknown = await call(t, mod, 'PATCH', alertsUrl(), { weekly: 'daily' });
      assert.equal(unknown.statusCode, 422);
      assert.equal(unknown.json().error.fields.weekly.code, 'UNKNOWN_FIELD');
      const other = await call(
        t,
        mod,
        'GET',
        `/admin/api/sites/${await t.store.listSites().then((s) => s.find((x) => x.id !== t.siteId)!.id)}/alerts`,
      );
      assert.equal(other.statusCode, 404);
      assert.equal((await call(t, null, 'GET', alertsUrl())).statusCode, 401);
    });

    let heldId = '';
    let approveLink = '';
    it('a held comment emails the moderator at once: the comment, its article and reasons, no address or network', async () => {
      const held = await postAs(t, 'fay.commenter@example.net', { body: `Fay writes **boldly**. ${LINKS}` });
      assert.equal(held.status, 'held');
      heldId = held.id;
      await flush(t);
      const [alert] = await smtp.waitFor(1);
      assert.deepEqual(alert.to, ['mod@example.com']);
      assert.match(alert.mail.subject ?? '', /^Held for review: /);
      const text = alert.mail.text ?? '';
      assert.match(text, /By fay\.commenter\n/);
      assert.match(text, /Fay writes boldly/);
      assert.match(String(alert.mail.html), /<strong>boldly<\/strong>/);
      assert.match(text, /links: 3 links \(held at/);
      assert.match(text, new RegExp(`#comment-${heldId}`));
      assert.match(
        text,
        new RegExp(`In the dashboard: ${PUBLIC_URL.replace(/\./g, '\\.')}/admin\\?site=${t.siteId}&queue=pending`),
      );
      const h = rawHeaders(alert.raw);
      assert.match(
        h.get('list-unsubscribe')!,
        /^<https:\/\/comments\.news\.example\.com\/mail\/alerts\/off\?t=[^>\s]+>$/,
      );
      assert.equal(h.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      const row = (await t.store.getComment(heldId))!;
      assert.ok(row.ip_hash, 'the comment has an IP hash to leak');
      const raw = alert.raw.toString('utf8');
      for (const secret of ['fay.commenter@example.net', 'example.net', row.ip_hash!, '198.51.100.'])
        assert.ok(!raw.includes(secret), `the raw mail contains ${secret}`);
      approveLink = actionLink(text, 'Approve');
      actionLink(text, 'Mark as spam');
      actionLink(text, 'Delete');
    });

    it('opening the approve link shows the comment and a button, and does nothing', async () => {
      const page = await t.app.inject({ method: 'GET', url: approveLink });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Approve this comment\?/);
      assert.match(page.body, /<strong>boldly<\/strong>/);
      assert.match(page.body, /<form method="post" action="\/mail\/moderate">/);
      assert.doesNotMatch(page.body, /fay\.commenter@|mod@example\.com/);
      assert.equal(await status(heldId), 'pending');
    });

    it('a POST from another site, or with the origin hidden, is refused', async () => {
      const attempts: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: PUBLIC_URL, 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of attempts) {
        const res = await confirmPost(approveLink, headers);
        assert.equal(res.statusCode, 403, JSON.stringify(headers));
        assert.match(res.body, /must be sent from its own page/);
      }
      assert.equal(await status(heldId), 'pending');
    });

    it("the button's POST approves the comment as the moderator, in the audit log", async () => {
      const res = await confirmPost(approveLink, { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /Done: the comment is approved/);
      assert.equal(await status(heldId), 'approved');
      const audit = (await call(t, admin, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json().entries;
      const entry = audit.find(
        (e: { action: string; target: string }) => e.action === 'comment.approve' && e.target === heldId,
      );
      assert.ok(entry, JSON.stringify(audit));
      assert.match(entry.actor, /mod@example\.com/);
    });

    it('tampered, expired, gone or no longer allowed: a readable page with a 4xx, never a 500', async () => {
      const held = await postAs(t, 'gil@example.net', { body: `Gil. ${LINKS}` });
      await flush(t);
      const [alert] = mails('mod@example.com').slice(-1);
      const del = actionLink(alert.mail.text, 'Delete');
      const spam = actionLink(alert.mail.text, 'Mark as spam');
      const token = tokenOf(del);
      const tampered = token.replace(held.id, heldId);
      const bad = await t.app.inject({ method: 'GET', url: `/mail/moderate?t=${encodeURIComponent(tampered)}` });
      assert.equal(bad.statusCode, 404);
      assert.match(bad.body, /not valid/);
      assert.equal((await t.app.inject({ method: 'GET', url: '/mail/moderate' })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: '/mail/moderate?t=a&t=b' })).statusCode, 404);
      assert.equal((await confirmPost(`/x?t=${encodeURIComponent(tampered)}`)).statusCode, 404);
      assert.equal((await confirmPost(del)).statusCode, 200);
      assert.equal(await status(held.id), 'deleted');
      const gone = await confirmPost(spam);
      assert.equal(gone.statusCode, 404);
      assert.match(gone.body, /This comment is gone/);
      // Expired: the same kind of link, a week and a day later.
      const late = await postAs(t, 'hal@example.net', { body: `Hal. ${LINKS}` });
      await flush(t);
      const lateLink = actionLink(mails('mod@example.com').at(-1)!.mail.text, 'Approve');
      t.clock.advance(8 * 24 * HOUR);
      const expired = await confirmPost(lateLink);
      assert.equal(expired.statusCode, 410);
      assert.match(expired.body, /expired/);
      assert.equal(await status(late.id), 'pending');
      // A moderator removed from the site: their links stop working.
      const ida = await postAs(t, 'ida@example.net', { body: `Ida. ${LINKS}` });
      await flush(t);
      const idaLink = actionLink(mails('mod@example.com').at(-1)!.mail.text, 'Approve');
      const user = (await t.store.findUserByEmail('mod@example.com'))!;
      await t.store.removeMembership(user.id, t.siteId);
      const noRole = await confirmPost(idaLink);
      assert.equal(noRole.statusCode, 403);
      assert.equal(await status(ida.id), 'pending');
      await t.store.addMembership({
        id: `${user.id}:${t.siteId}`,
        user_id: user.id,
        site_id: t.siteId,
        role: 'moderator',
        created_at: 1,
      });
      // The sessions ran out during that week.
      admin = await login(t, 'admin@example.com');
      mod = await login(t, 'mod@example.com');
    });

    it('a report emails the moderators who asked, once per comment while it is open', async () => {
      assert.equal(
        (await call(t, mod, 'PATCH', alertsUrl(), { held: 'never', reports: 'immediately' })).statusCode,
        200,
      );
      const published = await postAs(t, 'jo@example.net', { body: 'An ordinary, published comment.' });
      assert.equal(published.status, 'published');
      const before = mails('mod@example.com').length;
      const report = (ip: string, reason: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/comments/${published.id}/reports`,
          remoteAddress: ip,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ reason }),
        });
      assert.equal((await report('198.18.0.1', 'abuse')).statusCode, 202);
      await flush(t);
      assert.equal((await report('198.18.0.2', 'off-topic')).statusCode, 202);
      await flush(t);
      const got = mails('mod@example.com').slice(before);
      assert.equal(got.length, 1);
      assert.match(got[0].mail.subject ?? '', /^Reported: /);
      assert.match(got[0].mail.text ?? '', /Reported by 1 reader\(s\): abuse/);
      assert.match(got[0].mail.text ?? '', /queue=reported/);
      assert.ok(!got[0].raw.toString('utf8').includes('198.18.0.'));
    });

    it('hourly: held comments wait for the next full hour and go out as one digest of those still held', async () => {
      assert.equal((await call(t, admin, 'PATCH', alertsUrl(), { held: 'hourly' })).statusCode, 200);
      const before = mails('admin@example.com').length;
      // Each post moves the clock 20 s: start just after a full hour, so none crosses the next.
      t.clock.set(Math.floor(t.clock.now() / HOUR) * HOUR + HOUR + 60_000);
      const a = await postAs(t, 'kim@example.net', { body: `Kim first. ${LINKS}` });
      const b = await postAs(t, 'lou@example.net', { body: `Lou second. ${LINKS}` });
      const c = await postAs(t, 'max@example.net', { body: `Max third. ${LINKS}` });
      await flush(t);
      assert.equal(mails('admin@example.com').length, before, 'nothing before the hour');
      assert.equal(
        (await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/comments/${c.id}/actions`, { action: 'approve' }))
          .statusCode,
        200,
      );
      t.clock.set(Math.floor(t.clock.now() / HOUR) * HOUR + HOUR + 1);
      await flush(t);
      const got = mails('admin@example.com').slice(before);
      assert.equal(got.length, 1);
      const text = got[0].mail.text ?? '';
      assert.match(got[0].mail.subject ?? '', /^2 comments wait for moderation on Test news$/);
      assert.match(text, /Kim first[\s\S]*Lou second/);
      assert.doesNotMatch(text, /Max third/);
      for (const id of [a.id, b.id]) assert.match(text, new RegExp(`#comment-${id}`));
      await flush(t);
      assert.equal(mails('admin@example.com').length, before + 1);
    });

    it('the one-click POST turns the alerts off; a suppressed address is not mailed', async () => {
      const last = mails('mod@example.com').at(-1)!;
      const off = rawHeaders(last.raw).get('list-unsubscribe')!.slice(1, -1).slice(PUBLIC_URL.length);
      const page = await t.app.inject({ method: 'GET', url: off });
      assert.equal(page.statusCode, 200);
      assert.equal(
        (await call(t, mod, 'GET', alertsUrl())).json().reports,
        'immediately',
        'opening the link changes nothing',
      );
      const res = await t.app.inject({
        method: 'POST',
        url: off,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.statusCode, 200);
      assert.equal((await call(t, mod, 'GET', alertsUrl())).json().reports, 'never');
      assert.equal((await t.app.inject({ method: 'POST', url: `${off}x` })).statusCode, 404);
      // The admin's hourly alerts, to a suppressed address: nothing is queued for it.
      await t.store.addMailSuppression({
        id: `${t.siteId}:admin@example.com`,
        site_id: t.siteId,
        email: 'admin@example.com',
        reason: '550',
        created_at: t.clock.now(),
      });
      const count = smtp.received.length;
      await postAs(t, 'ned@example.net', { body: `Ned. ${LINKS}` });
      t.clock.advance(2 * HOUR);
      await flush(t);
      assert.equal(smtp.received.length, count);
    });

    it('a published comment its author edits into a held one alerts the moderator', async () => {
      assert.equal((await call(t, mod, 'PATCH', alertsUrl(), { held: 'immediately' })).statusCode, 200);
      const posted = (await postAs(t, 'olga@example.net', { body: 'Olga, harmless at first.' })) as {
        id: string;
        status: string;
        editToken: string;
      };
      assert.equal(posted.status, 'published');
      await flush(t);
      const before = mails('mod@example.com').length;
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${posted.id}`,
        headers: { 'content-type': 'application/json', 'x-parley-edit-token': posted.editToken },
        payload: JSON.stringify({ body: `Olga, now with links. ${LINKS}` }),
      });
      assert.equal(edit.statusCode, 200, edit.body);
      assert.equal(await status(posted.id), 'pending');
      await flush(t);
      const got = mails('mod@example.com').slice(before);
      assert.equal(got.length, 1);
      assert.match(got[0].mail.subject ?? '', /^Held for review: /);
      assert.match(got[0].mail.text ?? '', /Olga, now with links/);
    });

    it("an admin's test email goes out at once with the relay's answer; moderators may not send one", async () => {
      const count = smtp.received.length;
      const sent = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, { to: 'desk@example.org' });
      assert.equal(sent.statusCode, 200, sent.body);
      assert.equal(sent.json().ok, true);
      assert.equal(sent.json().to, 'desk@example.org');
      assert.match(sent.json().response, /^250/);
      const [mail] = (await smtp.waitFor(count + 1)).slice(count);
      assert.deepEqual(mail.to, ['desk@example.org']);
      assert.match(mail.mail.subject ?? '', /Parley test email/);
      smtp.answer = (a) => (a === 'bounce@example.org' ? 550 : null);
      const refused = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, {
        to: 'bounce@example.org',
      });
      assert.equal(refused.statusCode, 200);
      assert.equal(refused.json().ok, false);
      assert.match(refused.json().response, /550/);
      smtp.answer = () => null;
      const own = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, {});
      assert.equal(own.json().to, 'admin@example.com');
      const bad = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, { to: 'not an address' });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().error.fields.to.code, 'INVALID_VALUE');
      assert.equal((await call(t, mod, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, {})).statusCode, 403);
    });
  });
}

describe('moderator alerts without mail configured', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    await staffSites(t);
  });
  after(() => t.close());

  it('the settings say mail is off, and the test email answers 409 MAIL_NOT_CONFIGURED', async () => {
    const admin = await login(t, 'admin@example.com');
    const got = await call(t, admin, 'GET', `/admin/api/sites/${t.siteId}/alerts`);
    assert.equal(got.json().mailConfigured, false);
    const res = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/mail/test`, {});
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'MAIL_NOT_CONFIGURED');
  });
});
