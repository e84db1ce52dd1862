// Email in Chromium, against a real server process and a real SMTP server. Readers: tick
// "Notify me of replies by email" in the widget, confirm from the received mail, get the reply
// email, unsubscribe in one click (as a mail client POSTs it) and hear of nothing more. The
// moderator: chooses alerts on the dashboard's Email alerts screen, gets an email for a held
// comment, opens its approve link (which acts only once the button is pressed) and is named
// in the audit log; the admin's "Send a test email" shows the relay's answer.
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { signIn } from '../helpers/dashboard.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { startSmtp, type Received, type TestSmtp } from '../helpers/smtp.ts';
import { dashboardSession } from '../helpers/streams.ts';
import { rawHeaders } from '../mail/mail-flow.ts';
import { ensureWidget, fill, openArticle, submit, WIDGET_VIEWPORT } from '../helpers/widget.ts';

// The account dashboardSession() makes with the real CLI.
const DESK = 'night-desk@example.com';
const DESK_PASSWORD = 'a long enough night desk password';
const ANNE = 'anne.reader@example.org';
const SLUG = 'rail-strike-weekend';
const LINKS = 'https://a.example/1 https://b.example/2 https://c.example/3';

/** The first `label: URL` line (or bare URL to `path`) of a mail's text part, as a URL on the server. */
function linkIn(r: Received, server: ServerProcess, pattern: RegExp): string {
  const m = pattern.exec(r.mail.text ?? '');
  assert.ok(m, `no ${pattern} in:\n${r.mail.text}`);
  assert.ok(m[1].startsWith(`${server.url}/`), m[1]);
  return m[1];
}

/** Polls until a mail to `to` beyond the first `after` has arrived. */
async function mailTo(smtp: TestSmtp, to: string, after: number): Promise<Received> {
  for (let i = 0; i < 500; i++) {
    const got = smtp.received.filter((r) => r.to.includes(to));
    if (got.length > after) return got[after];
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail #${after + 1} to ${to}; received: ${smtp.received.map((r) => r.to.join()).join(' | ')}`);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDGET_VIEWPORT });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

test('readers’ opt-in and moderators’ alerts by email, in Chromium', { timeout: 240_000 }, async (t) => {
  await ensureWidget();
  const browser = await launchBrowser();
  if (!browser) return t.skip('chromium not installed');
  t.after(() => browser.close());
  const smtp = await startSmtp();
  t.after(() => smtp.close());
  const server = await startServer({
    env: { PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'News comments <comments@news.example.com>' },
  });
  t.after(() => server.stop());
  const desk = await dashboardSession(server);
  const { csrf } = (await (
    await fetch(`${server.url}/admin/api/session`, { headers: { cookie: desk.cookie } })
  ).json()) as { csrf: string };
  const adminApi = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/admin/api/sites/${desk.siteId}${path}`, {
      method,
      headers: {
        cookie: desk.cookie,
        'x-csrf-token': csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(res.status, 200, `${method} ${path}: ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const statusOf = async (id: string) =>
    ((await adminApi('GET', `/comments/${id}`)).comment as { status: string }).status;

  const dashboard = await newPage(browser);
  await t.test('the moderator asks for an email for each held comment on the Email alerts screen', async () => {
    await signIn(dashboard, server.url, DESK, DESK_PASSWORD);
    await dashboard.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Email alerts' }).click();
    await dashboard.getByLabel('Comments held for review').selectOption('immediately');
    await dashboard.getByRole('button', { name: 'Save alerts' }).click();
    await dashboard
      .getByRole('status')
      .filter({ hasText: 'Email alerts saved: held comments, one email for each; reports, never.' })
      .waitFor();
    assert.equal((await adminApi('GET', '/alerts')).held, 'immediately');
  });

  let anneId = '';
  let confirmMail: Received;
  await t.test('a reader ticks "Notify me of replies by email" and posts; the confirmation mail arrives', async () => {
    const { page, w } = await openArticle(browser, server, SLUG);
    await fill(w, { name: 'Anne Reader', email: ANNE, body: 'Will the replacement buses run on Sunday?' });
    await w.getByLabel('Notify me of replies by email').check();
    const posted = await submit(page, w);
    assert.equal(posted.status, 201, JSON.stringify(posted.answer));
    assert.equal(posted.sent.notify, 'replies');
    anneId = String(posted.answer.id);
    confirmMail = await mailTo(smtp, ANNE, 0);
    assert.match(confirmMail.mail.subject ?? '', /Confirm your email/);
    await page.context().close();
  });

  await t.test('the link in the mail opens a page whose button confirms the address', async () => {
    const page = await newPage(browser);
    await page.goto(linkIn(confirmMail, server, /(http\S+\/mail\/confirm\?t=\S+)/));
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByRole('heading', { name: /Your email address is confirmed/ }).waitFor();
    await page.context().close();
  });

  let replyId = '';
  let alert: Received;
  await t.test('another reader replies with links: held, and the moderator is emailed', async () => {
    const { page, w } = await openArticle(browser, server, SLUG);
    await w.getByRole('button', { name: 'Reply: Anne Reader' }).click();
    await fill(w, { name: 'Bob Commuter', email: 'bob@example.net', body: `Yes, the timetables are here: ${LINKS}` });
    const reply = await submit(page, w);
    assert.equal(reply.status, 202, JSON.stringify(reply.answer));
    assert.equal(reply.sent.parent, anneId);
    replyId = String(reply.answer.id);
    alert = await mailTo(smtp, DESK, 0);
    assert.match(alert.mail.subject ?? '', /^Held for review: /);
    assert.match(alert.mail.text ?? '', /Yes, the timetables are here/);
    assert.ok(!alert.raw.toString('utf8').includes('bob@example.net'), 'no author address in the alert');
    await page.context().close();
  });

  await t.test('the approve link shows the comment and does nothing until its button is pressed', async () => {
    const page = await newPage(browser);
    await page.goto(linkIn(alert, server, /^Approve: (\S+)$/m));
    await page.getByRole('heading', { name: 'Approve this comment?' }).waitFor();
    assert.match((await page.locator('blockquote').textContent()) ?? '', /Yes, the timetables are here/);
    assert.equal(await statusOf(replyId), 'pending', 'opening the link did not approve');
    assert.equal(smtp.received.filter((r) => r.to.includes(ANNE)).length, 1, 'no reply mail for a held reply');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: 'Done: the comment is approved.' }).waitFor();
    assert.equal(await statusOf(replyId), 'approved');
    const { entries } = (await adminApi('GET', '/audit')) as {
      entries: { action: string; target: string; actor: string }[];
    };
    const entry = entries.find((e) => e.action === 'comment.approve' && e.target === replyId);
    assert.ok(entry, JSON.stringify(entries));
    assert.match(entry.actor, /night-desk@example\.com/);
    await page.context().close();
  });

  let replyMail: Received;
  await t.test('the reply email arrives with the reply and its link; one click unsubscribes', async () => {
    replyMail = await mailTo(smtp, ANNE, 1);
    assert.match(replyMail.mail.subject ?? '', /^New reply: /);
    assert.match(replyMail.mail.text ?? '', /Bob Commuter replied to your comment/);
    assert.match(replyMail.mail.text ?? '', /Yes, the timetables are here/);
    assert.match(replyMail.mail.text ?? '', new RegExp(`#comment-${replyId}`));
    const header = rawHeaders(replyMail.raw).get('list-unsubscribe') ?? '';
    const url = /^<(http[^>]+)>$/.exec(header)?.[1] ?? '';
    assert.ok(url.startsWith(`${server.url}/mail/unsubscribe?t=`), header);
    // What a mail client sends for RFC 8058: a POST of this one field, with no cookie and no page.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.status, 200);
    const page = await newPage(browser);
    await page.goto(linkIn(replyMail, server, /(http\S+\/mail\/manage\?t=\S+)/));
    await page.getByText('No notifications are active for this address.').waitFor();
    await page.context().close();
  });

  await t.test('a further reply sends the reader nothing', async () => {
    const { page, w } = await openArticle(browser, server, SLUG);
    await w.getByRole('button', { name: 'Reply: Anne Reader' }).click();
    await fill(w, {
      name: 'Carl Driver',
      email: 'carl@example.net',
      body: 'The Sunday buses leave from the east side.',
    });
    const reply = await submit(page, w);
    assert.equal(reply.status, 201, JSON.stringify(reply.answer));
    await page.context().close();
    // The admin's test email, from the dashboard: once it is through, so is what the reply queued.
    await dashboard.getByRole('button', { name: 'Send a test email' }).click();
    await dashboard
      .locator('#test-mail-answer')
      .filter({ hasText: /^Sent to night-desk@example\.com\. The relay answered: 250/ })
      .waitFor();
    await mailTo(smtp, DESK, 1);
    const db = new DatabaseSync(join(server.dataDir, 'parley.db'), { readOnly: true });
    const rows = db.prepare('SELECT kind FROM mail_outbox WHERE recipient = ? ORDER BY created_at').all(ANNE);
    db.close();
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['confirm', 'reply'],
    );
    assert.equal(smtp.received.filter((r) => r.to.includes(ANNE)).length, 2);
  });
});
