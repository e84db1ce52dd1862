// A published reply under a top-level comment readers no longer see (a moderator marked it spam,
// or held it, after the reply was published; or an import brought it so): the page keeps the
// reply under a placeholder that says the comment is not shown, without its author or text, so
// that what the page shows and the count it gives agree.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublicComment, ThreadPage } from '../../src/contracts/api.ts';
import { UI } from '../../src/contracts/ui-strings.ts';
import { ARTICLE, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { postAsReader, staffRequests } from '../helpers/admin-api.ts';

describe('a published reply under a top-level comment no longer shown', () => {
  let t: TestApp;
  const { login, call } = staffRequests(() => t);
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0', PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat' });
    await staffSites(t);
  });
  after(() => t.close());

  const page = async () =>
    (await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` })).json() as ThreadPage;
  const reply = async (n: number, parent: string, body: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      remoteAddress: `203.0.113.${n}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ thread: ARTICLE, name: `Reader ${n}`, email: `r${n}@example.com`, body, parent }),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  for (const action of ['spam', 'hold'] as const) {
    test(`marked ${action}: a placeholder keeps its published replies, and the count is what is shown`, async () => {
      // Two unrelated texts: the site learns from the first one marked spam.
      const secret =
        action === 'spam'
          ? 'Zanzibarspam: the harbour levy rises in March, and the ferry company says it will pass it on.'
          : 'Zanzibarhold: my grandmother ran the library on this street for thirty years; it closes on Friday.';
      const top = await postAsReader(t, action === 'spam' ? 31 : 41, secret);
      const answer = await reply(action === 'spam' ? 32 : 42, top, `I read it too, and I agree (${action}).`);
      if (action === 'spam') {
        const mod = await login('mod@example.com');
        const res = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${top}/actions`, { action });
        assert.equal(res.statusCode, 200, res.body);
      } else {
        // No moderator's action holds a published comment again; an edit the policy holds, or an
        // import of a held comment with published replies, does: set it as they leave it.
        await t.store.updateComment(top, { status: 'pending' });
      }

      const p = await page();
      const placeholder = p.comments.find((c) => c.id === top) as PublicComment;
      assert.ok(placeholder, 'the top-level comment stays as a placeholder');
      assert.equal(placeholder.hidden, true);
      assert.equal(placeholder.deleted, undefined, 'not said to be deleted: it may come back');
      assert.equal(placeholder.author, null);
      assert.equal(placeholder.html, null);
      assert.deepEqual(
        placeholder.replies.map((r) => r.id),
        [answer],
      );
      const shown = (list: PublicComment[]): number =>
        list.reduce((n, c) => n + (c.author ? 1 : 0) + shown(c.replies), 0);
      assert.equal(p.thread.count, shown(p.comments), 'the count is what readers see');

      // The server-rendered section says so in the site's words, and leaks nothing of it.
      const html = (await t.app.inject({ url: `/comments?thread=${encodeURIComponent(ARTICLE)}` })).body;
      assert.ok(html.includes(UI.en.hidden), 'the placeholder text');
      const json = JSON.stringify(p);
      for (const leak of [`Zanzibar${action}`, `Reader ${action === 'spam' ? 31 : 41}`]) {
        assert.equal(json.includes(leak), false, `${leak} in the JSON page`);
        assert.equal(html.includes(leak), false, `${leak} on the rendered page`);
      }
    });
  }

  test('a reply marked spam between two published ones stays as a placeholder: the answer keeps its place', async () => {
    const top = await postAsReader(t, 61, 'The bridge closes for repairs from Monday, the council said today.');
    const middle = await reply(62, top, 'Does anyone know whether the night buses will still cross it?');
    const answer = await reply(63, middle, 'They will, on the temporary lane; the timetable is on the council site.');
    const mod = await login('mod@example.com');
    await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${middle}/actions`, { action: 'spam' });
    const root = (await page()).comments.find((c) => c.id === top)!;
    assert.deepEqual(
      root.replies.map((r) => [r.id, r.hidden === true, r.author === null, r.replies.map((x) => x.id)]),
      [[middle, true, true, [answer]]],
      'the answer under its (hidden) question, not moved up under the top-level comment',
    );
    const html = (await t.app.inject({ url: `/comments?thread=${encodeURIComponent(ARTICLE)}` })).body;
    assert.equal(html.includes('night buses'), false, 'the hidden reply is not on the rendered page');
    assert.ok(html.includes('temporary lane'));
  });

  test('without a published reply, a top-level comment marked spam is not on the page at all', async () => {
    const alone = await postAsReader(t, 51, 'A lone comment the desk will mark as spam.');
    const mod = await login('mod@example.com');
    await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${alone}/actions`, { action: 'spam' });
    assert.equal(
      (await page()).comments.some((c) => c.id === alone),
      false,
    );
  });
});
