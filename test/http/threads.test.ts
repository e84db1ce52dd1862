import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ARTICLE, apiBackends, comment, post, testApp, type TestApp } from '../helpers/app.ts';

for (const backend of await apiBackends()) {
  const threadUrl = (thread = ARTICLE, extra = '') => `/api/v1/threads?thread=${encodeURIComponent(thread)}${extra}`;

  describe(`threads, replies and paging (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(
        { PARLEY_FLOOD_SECONDS: '0', PARLEY_PAGE_SIZE: '3', PARLEY_REPLIES_PER_PAGE: '2' },
        { backend },
      );
    });
    after(async () => t.close());

    test('replies nest under their parent; deeper than the display depth attach to the deepest allowed ancestor', async () => {
      const thread = 'https://news.example.com/nesting';
      let parent: string | null = null;
      const ids: string[] = [];
      for (let depth = 0; depth < 7; depth++) {
        const res = await post(
          t.app,
          comment({ thread, parent, email: `d${depth}@example.com`, body: `level ${depth}` }),
        );
        assert.equal(res.statusCode, 201, res.body);
        parent = res.json().id;
        ids.push(parent!);
      }
      // The page shows 2 replies per top-level comment (PARLEY_REPLIES_PER_PAGE=2) and a cursor for more.
      const page = (await t.app.inject({ url: threadUrl(thread) })).json();
      const root = page.comments[0];
      assert.equal(root.id, ids[0]);
      assert.equal(root.replies[0].id, ids[1]);
      assert.equal(root.replies[0].replies[0].id, ids[2]);
      assert.ok(root.moreReplies);
      const more = (
        await t.app.inject({ url: `/api/v1/replies?comment=${ids[0]}&cursor=${root.moreReplies}&limit=10` })
      ).json();
      assert.deepEqual(
        more.comments.map((c: { id: string }) => c.id),
        ids.slice(3),
      );
      // Default display depth 5 (levels 0–4): levels 5 and 6 attach under level 3, so they sit at level 4.
      const byId = Object.fromEntries(
        more.comments.map((c: { id: string; parent: string; depth: number }) => [c.id, c]),
      );
      assert.equal(byId[ids[4]].parent, ids[3]);
      assert.equal(byId[ids[5]].parent, ids[3]);
      assert.equal(byId[ids[6]].parent, ids[3]);
      assert.equal(byId[ids[6]].depth, 4);
    });

    test('top-level comments page with a cursor, in both orders, without repeats or gaps', async () => {
      const thread = 'https://news.example.com/paging';
      const ids: string[] = [];
      for (let i = 0; i < 8; i++)
        ids.push((await post(t.app, comment({ thread, email: `p${i}@example.com`, body: `comment ${i}` }))).json().id);
      for (const sort of ['oldest', 'newest'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { json(): { comments: { id: string }[]; nextCursor: string | null } } = await t.app.inject({
            url: threadUrl(thread, `&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`),
          });
          const page: { comments: { id: string }[]; nextCursor: string | null } = res.json();
          assert.ok(page.comments.length <= 3);
          seen.push(...page.comments.map((c: { id: string }) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.deepEqual(seen, sort === 'oldest' ? ids : [...ids].reverse());
      }
      const bad = await t.app.inject({ url: threadUrl(thread, '&cursor=not-a-cursor') });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'BAD_CURSOR');
    });

    test('replying to a held comment is refused with 403; to a missing one with 404', async () => {
      const held = (
        await post(t.app, comment({ email: 'h@example.com', body: 'http://a.example http://b.example' }))
      ).json();
      const res = await post(t.app, comment({ parent: held.id, email: 'r@example.com', body: 'reply' }));
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'PARENT_NOT_APPROVED');
      const missing = await post(
        t.app,
        comment({ parent: '01ZZZZZZZZZZZZZZZZZZZZZZZZ', email: 'r@example.com', body: 'reply' }),
      );
      assert.equal(missing.statusCode, 404);
    });

    test('the author edits and deletes within the window with the edit token; not after, not without it', async () => {
      const thread = 'https://news.example.com/editing';
      const created = (await post(t.app, comment({ thread, email: 'e@example.com', body: 'tpyo' }))).json();
      const wrong = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${created.id}`,
        headers: { 'content-type': 'application/json', 'x-parley-edit-token': 'nope' },
        payload: { body: 'x' },
      });
      assert.equal(wrong.statusCode, 403);
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${created.id}`,
        headers: { 'content-type': 'application/json', 'x-parley-edit-token': created.editToken },
        payload: { body: 'typo **fixed**' },
      });
      assert.equal(edited.statusCode, 200);
      assert.equal(edited.json().comment.html, '<p>typo <strong>fixed</strong></p>\n');
      assert.ok(edited.json().comment.editedAt);
      const page = (await t.app.inject({ url: threadUrl(thread) })).json();
      assert.match(page.comments[0].html, /fixed/);

      const reply = (
        await post(t.app, comment({ thread, parent: created.id, email: 'e2@example.com', body: 'a reply' }))
      ).json();
      t.clock.advance(16 * 60_000);
      const late = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/comments/${reply.id}`,
        headers: { 'x-parley-edit-token': reply.editToken },
      });
      assert.equal(late.statusCode, 403);
      assert.equal(late.json().error.code, 'EDIT_WINDOW_CLOSED');
    });

    test('a deleted comment with replies stays as a placeholder; without replies it disappears; counts follow', async () => {
      const thread = 'https://news.example.com/deleting';
      const a = (await post(t.app, comment({ thread, email: 'del1@example.com', body: 'parent' }))).json();
      await post(t.app, comment({ thread, parent: a.id, email: 'del2@example.com', body: 'child' }));
      const b = (await post(t.app, comment({ thread, email: 'del3@example.com', body: 'lonely' }))).json();
      for (const c of [a, b]) {
        const res = await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/comments/${c.id}`,
          headers: { 'x-parley-edit-token': c.editToken },
        });
        assert.equal(res.statusCode, 204);
      }
      const page = (await t.app.inject({ url: threadUrl(thread) })).json();
      assert.equal(page.comments.length, 1);
      assert.equal(page.comments[0].deleted, true);
      assert.equal(page.comments[0].html, null);
      assert.equal(page.comments[0].author, null);
      assert.equal(page.comments[0].replies[0].html, '<p>child</p>\n');
      assert.equal(page.thread.count, 1);
      const counts = (
        await t.app.inject({
          url: `/api/v1/counts?thread=${encodeURIComponent(thread)}&thread=${encodeURIComponent('https://news.example.com/none')}`,
        })
      ).json();
      assert.deepEqual(counts, { counts: { [thread]: 1, 'https://news.example.com/none': 0 } });
    });

    test('thread reads carry an ETag; If-None-Match gives 304 until the thread changes', async () => {
      const thread = 'https://news.example.com/etag';
      await post(t.app, comment({ thread, email: 'et1@example.com', body: 'one' }));
      const first = await t.app.inject({ url: threadUrl(thread) });
      const tag = first.headers.etag as string;
      assert.match(String(first.headers['cache-control']), /stale-while-revalidate/);
      assert.equal((await t.app.inject({ url: threadUrl(thread), headers: { 'if-none-match': tag } })).statusCode, 304);
      await post(t.app, comment({ thread, email: 'et2@example.com', body: 'two' }));
      const after = await t.app.inject({ url: threadUrl(thread), headers: { 'if-none-match': tag } });
      assert.equal(after.statusCode, 200);
      assert.equal(after.json().comments.length, 2);
    });

    test('thread URLs are normalized: fragment and tracking parameters do not make a new thread', async () => {
      const thread = 'https://News.Example.com/norm?id=7';
      await post(t.app, comment({ thread: `${thread}#comments`, email: 'n1@example.com', body: 'norm' }));
      const page = (await t.app.inject({ url: threadUrl(`${thread}&utm_source=x`) })).json();
      assert.equal(page.comments.length, 1);
      assert.equal(page.thread.key, 'https://news.example.com/norm?id=7');
    });
  });

  describe(`origins and CORS (${backend})`, () => {
    test('only allowed origins (and the server itself) may post; allowed origins get CORS headers', async () => {
      const t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend, origins: ['https://news.example.com'] });
      try {
        const ok = await post(t.app, comment({ email: 'o1@example.com' }), { origin: 'https://news.example.com' });
        assert.equal(ok.statusCode, 201);
        assert.equal(ok.headers['access-control-allow-origin'], 'https://news.example.com');
        const evil = await post(t.app, comment({ email: 'o2@example.com' }), { origin: 'https://evil.example' });
        assert.equal(evil.statusCode, 403);
        assert.equal(evil.json().error.code, 'ORIGIN_NOT_ALLOWED');
        assert.equal(evil.headers['access-control-allow-origin'], undefined);
        const own = await post(t.app, comment({ email: 'o3@example.com' }), {
          origin: 'http://localhost:80',
          host: 'localhost:80',
        });
        assert.equal(own.statusCode, 201);
        const pre = await t.app.inject({
          method: 'OPTIONS',
          url: '/api/v1/comments',
          headers: { origin: 'https://news.example.com', 'access-control-request-method': 'POST' },
        });
        assert.equal(pre.statusCode, 204);
        assert.match(String(pre.headers['access-control-allow-headers']), /content-type/);
        const unknownSite = await post(t.app, comment(), { origin: 'https://news.example.com' });
        assert.notEqual(unknownSite.statusCode, 500);
        const named = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments?site=01ZZZZZZZZZZZZZZZZZZZZZZZZ',
          headers: { 'content-type': 'application/json' },
          payload: comment({ email: 'o4@example.com' }),
        });
        assert.equal(named.statusCode, 404);
        assert.equal(named.json().error.code, 'SITE_NOT_FOUND');
      } finally {
        await t.close();
      }
    });
  });

  describe(`live stream (${backend})`, () => {
    test('an SSE client of a thread receives each newly published comment as JSON', async () => {
      const t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      try {
        await t.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = t.app.server.address() as AddressInfo;
        const req = request({ host: '127.0.0.1', port, path: `/api/v1/stream?thread=${encodeURIComponent(ARTICLE)}` });
        req.end();
        const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
        assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
        res.setEncoding('utf8');
        let buffer = '';
        const got = new Promise<string>((resolve) => {
          res.on('data', (chunk: string) => {
            buffer += chunk;
            const m = /event: comment\ndata: (.*)\n\n/.exec(buffer);
            if (m) resolve(m[1]);
          });
        });
        await once(res, 'data');
        await post(
          t.app,
          comment({ email: 'held@example.com', body: 'http://a.example http://b.example held, not streamed' }),
        );
        const published = (await post(t.app, comment({ email: 'sse@example.com', body: 'live!' }))).json();
        const event = JSON.parse(await got);
        assert.equal(event.id, published.id);
        assert.equal(event.html, '<p>live!</p>\n');
        assert.equal(buffer.includes('held, not streamed'), false);
        req.destroy();
      } finally {
        await t.close();
      }
    });
  });
}
