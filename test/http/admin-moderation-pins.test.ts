// The dashboard API's pinned comments, on SQLite and PostgreSQL: first on the public first
// page (and the server-rendered one), never twice, with their replies, in either order; at most
// three; only published top-level ones; a deleted one frees its place; audited. Other files:
// sites and moderators (admin-moderation-sites), the counts stream, pre-moderation, closing
// threads and stats (admin-moderation-queue).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiBackends, ARTICLE, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites, type Who } from '../helpers/admin-session.ts';
import { postToThread, staffRequests, threadPage } from '../helpers/admin-api.ts';

for (const backend of await apiBackends()) {
  describe(`dashboard moderation tools: pins (${backend})`, () => {
    let t: TestApp;
    let n = 0;

    const { login, call } = staffRequests(() => t);
    const postTo = (thread: string, fields: Record<string, unknown> = {}) => postToThread(t, ++n, thread, fields);
    const page = (thread: string, query = '') => threadPage(t, thread, query);

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      await staffSites(t);
    });
    after(() => t.close());

    test('a pinned comment opens the first page, once, with its replies; at most three; only published top-level ones', async () => {
      const mod = await login('mod@example.com');
      const thread = `${ARTICLE}-pins`;
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await postTo(thread)).id);
      const reply = (await postTo(thread, { parent: ids[3] })).id;
      const pin = (id: string, pinned = true, who: Who = mod) =>
        call(who, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/pinned`, { pinned });

      const res = await pin(ids[3]);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().comment.pinned, true);
      const first = await page(thread);
      assert.deepEqual(
        first.comments.map((c: { id: string }) => c.id),
        [ids[3], ids[0], ids[1], ids[2], ids[4], ids[5]],
        'pinned first, not repeated',
      );
      assert.equal(first.comments[0].pinned, true);
      assert.equal(first.comments[1].pinned, undefined);
      assert.deepEqual(
        first.comments[0].replies.map((c: { id: string }) => c.id),
        [reply],
        'with its replies',
      );
      // Paged by two: the pinned comment leads page one and is missing from where time puts it.
      const p1 = await page(thread, '&limit=2');
      assert.deepEqual(
        p1.comments.map((c: { id: string }) => c.id),
        [ids[3], ids[0], ids[1]],
      );
      const p2 = await page(thread, `&limit=2&cursor=${p1.nextCursor}`);
      assert.deepEqual(
        p2.comments.map((c: { id: string }) => c.id),
        [ids[2]],
        'the pinned comment is not shown again',
      );
      const p3 = await page(thread, `&limit=2&cursor=${p2.nextCursor}`);
      assert.deepEqual(
        p3.comments.map((c: { id: string }) => c.id),
        [ids[4], ids[5]],
      );
      const newest = await page(thread, '&sort=newest');
      assert.equal(newest.comments[0].id, ids[3], 'pinned first in either order');

      // The server-rendered page says so too.
      const html = (await t.app.inject({ url: `/comments?thread=${encodeURIComponent(thread)}` })).body;
      assert.match(html, /parley-badge parley-pinned">Pinned</);

      assert.equal((await pin(reply)).json().error.code, 'NOT_PINNABLE', 'a reply cannot be pinned');
      const context = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/comments/${reply}`)).json().comment.parent;
      assert.deepEqual(
        context,
        {
          id: ids[3],
          author: (await t.store.getComment(ids[3]))!.author_name,
          body: (await t.store.getComment(ids[3]))!.body,
          status: 'approved',
        },
        'a reply comes with what it answers',
      );
      const held = await postTo(thread, { body: 'Sources: https://a.example/1 and https://b.example/2 for this.' });
      assert.equal(held.status, 'held');
      assert.equal((await pin(held.id)).statusCode, 409, 'a held comment cannot be pinned');
      await pin(ids[0]);
      await pin(ids[1]);
      const fourth = await pin(ids[2]);
      assert.equal(fourth.statusCode, 409);
      assert.equal(fourth.json().error.code, 'PIN_LIMIT');
      // A pinned comment that is deleted stops being pinned and frees its place.
      await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${ids[1]}/actions`, { action: 'delete' });
      assert.equal((await pin(ids[2])).statusCode, 200);
      const now = await page(thread);
      assert.deepEqual(
        now.comments.filter((c: { pinned?: boolean }) => c.pinned).map((c: { id: string }) => c.id),
        [ids[3], ids[0], ids[2]],
        'in pin order',
      );
      assert.equal((await pin(ids[3], false)).json().comment.pinned, false);
      assert.deepEqual(
        (await page(thread)).comments.slice(0, 2).map((c: { id: string }) => c.id),
        [ids[0], ids[2]],
      );

      const other = await login('other@example.com');
      assert.equal((await pin(ids[4], true, other)).statusCode, 404, 'another site’s admin cannot pin here');
      const admin = await login('admin@example.com');
      const audit = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit?limit=200`)).json().entries;
      assert.ok(
        audit.some((e: { action: string; target: string }) => e.action === 'comment.unpin' && e.target === ids[3]),
      );
    });
  });
}
