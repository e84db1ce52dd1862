// `Origin: null` (a sandboxed frame, a data: page, a page with Referrer-Policy: no-referrer) is an
// origin no site allows: writes with it are refused, in the site's language, and store nothing.
// A request without any Origin keeps its rule (the server's own pages, scripts, curl).
// The same in a real browser: test/e2e/origin-null.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTICLE, post, testApp, type TestApp } from '../helpers/app.ts';

describe('Origin: null', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { lang: 'fr' });
  });
  after(async () => t.close());

  const comment = (email: string) => ({ thread: ARTICLE, name: 'Anne', email, body: 'Un commentaire sur l’article.' });

  test('the JSON API refuses to post, edit, delete or report with it; reads still answer', async () => {
    const res = await post(t.app, comment('n1@example.com'), { origin: 'null' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'ORIGIN_HIDDEN');
    assert.match(res.json().error.message, /navigateur/, 'in the site’s language');
    assert.equal(res.headers['access-control-allow-origin'], undefined);

    const created = await post(t.app, comment('n2@example.com'));
    assert.equal(created.statusCode, 201, 'no Origin at all: today’s rule');
    const { id, editToken } = created.json();
    const json = { 'content-type': 'application/json', origin: 'null' };
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/comments/${id}`,
      headers: json,
      payload: JSON.stringify({ body: 'Changé', editToken }),
    });
    assert.equal(edit.json().error?.code, 'ORIGIN_HIDDEN');
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/comments/${id}`,
      headers: json,
      payload: JSON.stringify({ editToken }),
    });
    assert.equal(del.json().error?.code, 'ORIGIN_HIDDEN');
    const report = await t.app.inject({
      method: 'POST',
      url: `/api/v1/comments/${id}/reports`,
      headers: json,
      payload: JSON.stringify({ reason: 'spam' }),
    });
    assert.equal(report.json().error?.code, 'ORIGIN_HIDDEN');

    const page = await t.app.inject({
      url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}`,
      headers: { origin: 'null' },
    });
    assert.equal(page.statusCode, 200);
    assert.equal(page.json().comments.length, 1, 'only the comment posted without an Origin exists, unchanged');
    assert.doesNotMatch(page.json().comments[0].html, /Changé/);
  });

  test('the no-JavaScript form answers a readable page saying why, and stores nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/comments',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      payload: new URLSearchParams({ ...comment('n3@example.com'), thread: ARTICLE }).toString(),
    });
    assert.equal(res.statusCode, 403);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /<html lang="fr"/);
    assert.match(res.body, /role="alert">Votre navigateur n’a pas indiqué de quelle page vient ce commentaire/);
    const thread = await t.store.getThreadByKey(t.siteId, ARTICLE);
    const page = await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` });
    assert.ok(thread);
    assert.equal(page.json().comments.length, 1, 'still only the first comment');
  });
});
