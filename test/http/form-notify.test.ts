// The reply-email choice of the no-JavaScript form, by injection: offered only when mail is
// configured, unticked, with "replies to my comment" chosen over "everything new in this
// thread"; posting with the box ticked subscribes (a confirmation mail goes out), with the
// thread choice it follows the whole thread, unticked it does nothing; a refused form keeps
// the choice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { flush, mailEnv } from '../mail/mail-flow.ts';

const ARTICLE = '/news/france-russia-syria';

function submit(t: TestApp, fields: Record<string, string>) {
  t.clock.advance(60_000);
  return t.app.inject({
    method: 'POST',
    url: '/comments',
    remoteAddress: `203.0.113.${Math.floor(Math.random() * 200) + 1}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ thread: `${t.config.publicUrl}${ARTICLE}`, return: ARTICLE, ...fields }).toString(),
  });
}

describe('the no-JS form without mail configured', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { demo: true });
  });
  after(() => t.close());

  test('offers no notify box', async () => {
    const page = await t.app.inject({ url: ARTICLE });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form class="parley-form"/);
    assert.doesNotMatch(page.body, /name="notify"|name="notifyScope"|Notify me/);
  });
});

describe('the no-JS form with mail configured', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0', ...mailEnv(smtp.url) }, { demo: true, build: { mailPollMs: 0 } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const subscriptionsOf = async (email: string) => {
    const a = await t.store.getMailAddress({ siteId: t.siteId, email });
    return a ? t.store.mailSubscriptions(a.id) : [];
  };

  test('shows the box unticked, replies chosen over the whole thread', async () => {
    const page = await t.app.inject({ url: ARTICLE });
    const box = /<input type="checkbox" id="parley-notify" name="notify" value="replies"([^>]*)>/.exec(page.body);
    assert.ok(box, 'the box is there');
    assert.equal(box[1], '', 'unticked');
    assert.match(page.body, /<label for="parley-notify">Notify me of replies by email<\/label>/);
    assert.match(page.body, /id="parley-notify-replies" name="notifyScope" value="replies" checked>/);
    assert.match(page.body, /id="parley-notify-thread" name="notifyScope" value="thread">/);
    assert.match(page.body, /<label for="parley-notify-thread">Everything new in this thread<\/label>/);
  });

  test('posting unticked subscribes nobody and sends nothing', async () => {
    const res = await submit(t, { name: 'Ulla', email: 'ulla@example.org', body: 'No mail for me, thanks.' });
    assert.equal(res.statusCode, 303);
    await flush(t);
    assert.deepEqual(await subscriptionsOf('ulla@example.org'), []);
    assert.equal(smtp.received.length, 0);
  });

  test('posting with the box ticked subscribes to replies and sends one confirmation mail', async () => {
    const res = await submit(t, {
      name: 'Tess',
      email: 'tess@example.org',
      body: 'Tell me when someone answers.',
      notify: 'replies',
      notifyScope: 'replies',
    });
    assert.equal(res.statusCode, 303);
    const id = /#comment-([0-9A-Z]{26})$/.exec(String(res.headers.location))?.[1];
    await flush(t);
    const [confirm] = await smtp.waitFor(1);
    assert.deepEqual(confirm.to, ['tess@example.org']);
    assert.match(confirm.mail.subject ?? '', /^Confirm your email/);
    const subs = await subscriptionsOf('tess@example.org');
    assert.deepEqual(
      subs.map((s) => s.comment_id),
      [id],
    );
  });

  test('with "everything new in this thread" chosen, it follows the thread', async () => {
    const res = await submit(t, {
      name: 'Vic',
      email: 'vic@example.org',
      body: 'I want every comment here.',
      notify: 'replies',
      notifyScope: 'thread',
    });
    assert.equal(res.statusCode, 303);
    await flush(t);
    await smtp.waitFor(2);
    const subs = await subscriptionsOf('vic@example.org');
    assert.equal(subs.length, 1);
    assert.equal(subs[0].comment_id, null, 'the whole thread');
  });

  test('a refused form keeps the box ticked and the thread choice', async () => {
    const res = await submit(t, { name: 'Wim', email: '', body: 'x', notify: 'replies', notifyScope: 'thread' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /name="notify" value="replies" checked>/);
    assert.match(res.body, /id="parley-notify-thread" name="notifyScope" value="thread" checked>/);
    assert.match(res.body, /id="parley-notify-replies" name="notifyScope" value="replies">/);
  });
});
