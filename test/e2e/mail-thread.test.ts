// The "whole thread" choice in Chromium, against a real server process and a real SMTP server:
// the widget's notify box starts unticked, its two choices appear once it is ticked, and a
// reader who chose "Everything new in this thread" and confirmed gets a mail for a new
// top-level comment by someone else (not a reply to her), told as "… commented:".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer } from '../helpers/server-process.ts';
import { startSmtp, type Received, type TestSmtp } from '../helpers/smtp.ts';
import { ensureWidget, fill, openArticle, submit } from '../helpers/widget.ts';

const ANNE = 'anne.follower@example.org';
const SLUG = 'city-budget-libraries';

async function mailTo(smtp: TestSmtp, to: string, nth: number): Promise<Received> {
  for (let i = 0; i < 500; i++) {
    const got = smtp.received.filter((r) => r.to.includes(to));
    if (got.length > nth) return got[nth];
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail #${nth + 1} to ${to}`);
}

test('a reader who follows the whole thread hears of a new top-level comment, in Chromium', {
  timeout: 120_000,
}, async (t) => {
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

  let anneId = '';
  await t.test('the box starts unticked; ticked, it offers replies (chosen) or the whole thread', async () => {
    const { page, w } = await openArticle(browser, server, SLUG);
    const box = w.getByLabel('Notify me of replies by email');
    await box.waitFor();
    assert.equal(await box.isChecked(), false);
    const thread = w.getByLabel('Everything new in this thread');
    assert.equal(await thread.isVisible(), false, 'the choices wait for the box');
    await box.check();
    assert.equal(await w.getByLabel('Replies to my comment').isChecked(), true);
    await thread.check();
    await fill(w, { name: 'Anne Follower', email: ANNE, body: 'When does the bridge reopen to cyclists?' });
    const posted = await submit(page, w);
    assert.equal(posted.status, 201, JSON.stringify(posted.answer));
    assert.equal(posted.sent.notify, 'thread');
    anneId = String(posted.answer.id);
    await page.context().close();
  });

  await t.test('she confirms from the mail', async () => {
    const confirm = await mailTo(smtp, ANNE, 0);
    const url = /(http\S+\/mail\/confirm\?t=\S+)/.exec(confirm.mail.text ?? '')?.[1] ?? '';
    assert.ok(url.startsWith(`${server.url}/`), confirm.mail.text);
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByRole('heading', { name: /Your email address is confirmed/ }).waitFor();
    await page.context().close();
  });

  await t.test('another reader posts a top-level comment: she gets a mail for it', async () => {
    const { page, w } = await openArticle(browser, server, SLUG);
    await fill(w, {
      name: 'Bruno Walker',
      email: 'bruno@example.net',
      body: 'The ferry runs every half hour meanwhile.',
    });
    const posted = await submit(page, w);
    assert.equal(posted.status, 201, JSON.stringify(posted.answer));
    assert.equal(posted.sent.parent, undefined, 'not a reply');
    await page.context().close();
    const mail = await mailTo(smtp, ANNE, 1);
    assert.match(mail.mail.text ?? '', /Bruno Walker commented:/);
    assert.match(mail.mail.text ?? '', /The ferry runs every half hour meanwhile/);
    assert.match(mail.mail.text ?? '', new RegExp(`#comment-${posted.answer.id}`));
    assert.doesNotMatch(mail.mail.text ?? '', new RegExp(`#comment-${anneId}`));
  });
});
