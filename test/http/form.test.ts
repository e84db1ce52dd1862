// The no-JavaScript path by injection (the browser version is in test/e2e/no-js.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('server-rendered thread and classic form', () => {
  let t: TestApp;
  let thread: string;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { demo: true });
    thread = `${t.config.publicUrl}/news/france-russia-syria`;
  });
  after(async () => t.close());

  const submit = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/comments',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ thread, return: '/news/france-russia-syria', ...fields }).toString(),
    });

  test('the article shows the form with required fields marked and the privacy link', async () => {
    const page = await t.app.inject({ url: '/news/france-russia-syria' });
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /Your email address will not be published\. Required fields are marked <span class="required" aria-hidden="true">\*<\/span>/,
    );
    assert.match(page.body, /<a href="\/privacy">Learn how your comment data is processed\.<\/a>/);
    assert.match(page.body, /id="parley-email"[^>]*required aria-required="true"/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  });

  test('a published comment redirects to itself and is on the page, indexable', async () => {
    const res = await submit({ name: 'Léa', email: 'lea@example.fr', body: 'Un *commentaire* sans JavaScript' });
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    assert.match(location, /^\/news\/france-russia-syria\?posted=1#comment-[0-9A-Z]{26}$/);
    const page = await t.app.inject({ url: location.split('#')[0] });
    assert.match(page.body, /Un <em>commentaire<\/em> sans JavaScript/);
    assert.equal(page.body.includes('noindex'), false);
    const thread = await t.store.getThreadByKey(t.siteId, `${t.config.publicUrl}/news/france-russia-syria`);
    assert.equal(thread!.title, 'France, Russia team on Syrian fight');
  });

  test('a held comment is shown only through its view token, on a noindex private page', async () => {
    const res = await submit({
      name: 'Spammy',
      email: 'spam@example.com',
      body: 'visit http://a.example and http://b.example now',
    });
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    assert.match(location, /preview=/);
    const own = await t.app.inject({ url: location.split('#')[0] });
    assert.match(own.body, /awaiting moderation/);
    assert.match(own.body, /<meta name="robots" content="noindex">/);
    assert.equal(own.headers['cache-control'], 'private, no-store');
    const publicPage = await t.app.inject({ url: '/news/france-russia-syria' });
    assert.equal(publicPage.body.includes('visit'), false);
    const forged = await t.app.inject({
      url: '/news/france-russia-syria?preview=v1.01M8NBERMRB09KCP269JGKEDXX.zzzzzz.forged',
    });
    assert.equal(forged.body.includes('visit'), false);
  });

  test('errors come back in place, with what was typed preserved', async () => {
    const res = await submit({ name: 'Keep <me>', email: '', body: 'text' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /id="parley-email-error">Email is required\.<\/span>/);
    assert.match(res.body, /value="Keep &lt;me&gt;"/);
    assert.match(res.body, /aria-invalid="true"/);
  });

  test('the honeypot makes a comment vanish while the bot sees the usual held answer', async () => {
    const res = await submit({
      name: 'Bot',
      email: 'bot@example.com',
      body: 'buy now',
      hp_website: 'http://spam.example',
    });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /preview=/);
    const page = await t.app.inject({ url: String(res.headers.location).split('#')[0] });
    assert.equal(page.body.includes('buy now'), false);
  });

  test('a reply from the form nests under its parent', async () => {
    const parent = await submit({ name: 'Parent', email: 'parent@example.com', body: 'parent comment' });
    const parentId = String(parent.headers.location).split('#comment-')[1];
    const form = await t.app.inject({ url: `/news/france-russia-syria?replyto=${parentId}` });
    assert.match(form.body, new RegExp(`name="parent" value="${parentId}"`));
    const reply = await submit({ name: 'Child', email: 'child@example.com', body: 'child reply', parent: parentId });
    assert.equal(reply.statusCode, 303);
    const page = await t.app.inject({ url: '/news/france-russia-syria' });
    assert.match(
      page.body,
      new RegExp(
        `id="comment-${parentId}"[\\s\\S]*?<ol class="parley-children"><li id="comment-[0-9A-Z]{26}"[\\s\\S]*?child reply`,
      ),
    );
  });

  test('form bodies with invalid UTF-8 percent-escapes are refused, not mangled', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/comments',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `thread=${encodeURIComponent(thread)}&name=A&email=a%40example.com&body=bad%C3%28`,
    });
    assert.equal(res.statusCode, 400);
  });

  // Found by test/http/route-fuzz.test.ts: a JSON body reached the form with a numeric `parent`,
  // and the refusal page, reading it as a string, answered 500.
  test('the form takes forms only: a JSON body is a 415 page, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/comments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ thread, name: 'A', email: 'not an address', body: 'Hi', parent: 5 }),
    });
    assert.equal(res.statusCode, 415);
    assert.match(String(res.headers['content-type']), /^text\/html/);
  });

  test('the standalone thread page and the privacy page render', async () => {
    const page = await t.app.inject({ url: `/comments?thread=${encodeURIComponent(thread)}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Leave a Reply/);
    const privacy = await t.app.inject({ url: '/privacy' });
    assert.match(privacy.body, /never published/);
    assert.match(privacy.body, /erased 30 days after posting/);
    assert.match(privacy.body, /one comment per 0 seconds|Flood control: off/);
  });
});
