// The dashboard API's tools around the queue, on SQLite and PostgreSQL: the live stream of
// queue counts, pre-moderation of first comments with auto-approval after N, threads that
// close N days after opening (and N more once reopened), and stats that tell overturned
// verdicts from approved holds.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { closeAgedThreads } from '../../src/core/jobs/close-threads.ts';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { postToThread, staffRequests, threadPage } from '../helpers/admin-api.ts';

for (const backend of await apiBackends()) {
  describe(`dashboard moderation tools: the queue (${backend})`, () => {
    let t: TestApp;
    let n = 0;

    const { login, call } = staffRequests(() => t);
    const postTo = (thread: string, fields: Record<string, unknown> = {}) => postToThread(t, ++n, thread, fields);
    const page = (thread: string, query = '') => threadPage(t, thread, query);

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      await staffSites(t, [{ email: 'outsider@example.com', site: 'other', role: 'admin' }]);
    });
    after(() => t.close());

    test('the queue counts stream: sent on connect and after a held comment arrives', async () => {
      const mod = await login('mod@example.com');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/admin/api/sites/${t.siteId}/events`;
      assert.equal((await fetch(url)).status, 401, 'no session, no stream');
      const ac = new AbortController();
      const res = await fetch(url, { headers: { cookie: mod.cookie }, signal: ac.signal });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      const nextCounts = async (): Promise<Record<string, number>> => {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (block.includes('event: counts') && data) return JSON.parse(data.slice(6)).counts;
            continue;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buffer += value;
        }
      };
      const before = await nextCounts();
      const held = await postTo(`${ARTICLE}-live`, {
        body: 'See https://a.example/1 and https://b.example/2 for the numbers.',
      });
      assert.equal(held.status, 'held');
      const afterPost = await nextCounts();
      assert.equal(afterPost.pending, before.pending + 1);
      await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${held.id}/actions`, { action: 'approve' });
      const afterApprove = await nextCounts();
      assert.deepEqual([afterApprove.pending, afterApprove.approved], [before.pending, afterPost.approved + 1]);
      ac.abort();
      const outsider = await login('outsider@example.com');
      assert.equal(
        (await fetch(url, { headers: { cookie: outsider.cookie } })).status,
        404,
        'not for another site’s staff',
      );
    });

    test('pre-moderation of a first comment, auto-approval after N approved comments', async () => {
      const admin = await login('admin@example.com');
      const settings = (payload: unknown) => call(admin, 'PATCH', `/admin/api/sites/${t.siteId}/settings`, payload);
      assert.equal((await settings({ premoderation: 'first' })).statusCode, 200);
      const thread = `${ARTICLE}-premod`;
      const who = { name: 'Paula Ortiz', email: 'paula@example.com' };
      const first = await postTo(thread, { ...who, body: 'My first comment here.' });
      assert.equal(first.status, 'held');
      const reasons = (await t.store.getComment(first.id))!.spam_reasons!;
      assert.ok(
        reasons.some(
          (r: { check: string; reason: string }) => r.check === 'premoderation' && /first comment/.test(r.reason),
        ),
        JSON.stringify(reasons),
      );
      await call(admin, 'POST', `/admin/api/sites/${t.siteId}/comments/${first.id}/actions`, { action: 'approve' });
      assert.equal(
        (await postTo(thread, { ...who, body: 'And a second one.' })).status,
        'published',
        'known after one approval',
      );

      assert.equal((await settings({ premoderation: 'all', autoApproveAfter: 2 })).statusCode, 200);
      assert.equal(
        (await postTo(thread, { ...who, body: 'Third, held? Only one approved so far... no, two.' })).status,
        'published',
        'two approved comments: let through',
      );
      const fresh = { name: 'Sam Lee', email: 'sam@example.com' };
      const a = await postTo(thread, { ...fresh, body: 'Hello from Sam.' });
      assert.equal(a.status, 'held');
      await call(admin, 'POST', `/admin/api/sites/${t.siteId}/comments/${a.id}/actions`, { action: 'approve' });
      const b = await postTo(thread, { ...fresh, body: 'Sam again.' });
      assert.equal(b.status, 'held', 'one approved comment is not yet two');
      await call(admin, 'POST', `/admin/api/sites/${t.siteId}/comments/${b.id}/actions`, { action: 'approve' });
      assert.equal((await postTo(thread, { ...fresh, body: 'Sam a third time.' })).status, 'published');
      assert.equal(
        (await settings({ autoApproveAfter: 1001 })).json().error.fields.autoApproveAfter.code,
        'INVALID_VALUE',
      );
      assert.equal((await settings({ premoderation: 'sometimes' })).statusCode, 422);
      await settings({ premoderation: null, autoApproveAfter: null });
    });

    test('threads close N days after they open; a reopened thread gets N more days', async () => {
      const admin = await login('admin@example.com');
      const thread = `${ARTICLE}-aging`;
      const first = await postTo(thread);
      const threadId = (await t.store.getComment(first.id))!.thread_id;
      assert.equal(
        (await call(admin, 'PATCH', `/admin/api/sites/${t.siteId}/settings`, { closeAfterDays: 2 })).statusCode,
        200,
      );
      t.clock.advance(36 * 3_600_000);
      assert.equal((await postTo(thread)).status, 'published', 'a day and a half: still open');
      t.clock.advance(13 * 3_600_000);
      const late = await t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(comment({ thread, email: 'late@example.com', body: 'Too late.' })),
      });
      assert.equal(late.json().error.code, 'THREAD_CLOSED', 'refused from the moment the period ends');
      assert.equal((await page(thread)).thread.closed, true);
      // The job marks it closed for good (the dashboard and caches see it), once. The earlier
      // tests' threads are as old, and close too.
      assert.ok((await closeAgedThreads(t.store, t.config, t.clock.now(), t.app.parley.events)) >= 1);
      assert.equal((await t.store.getThread(threadId))!.closed, true);
      assert.equal(await closeAgedThreads(t.store, t.config, t.clock.now(), t.app.parley.events), 0);
      const other = (await postTo(`${ARTICLE}-young`)).id;
      assert.equal(
        (await t.store.getThread((await t.store.getComment(other))!.thread_id))!.closed,
        false,
        'a young thread stays open',
      );

      // Two days on, the morning's session has expired: sign in again.
      const desk = await login('admin@example.com');
      assert.equal(
        (await call(desk, 'POST', `/admin/api/sites/${t.siteId}/threads/${threadId}/closed`, { closed: false }))
          .statusCode,
        200,
      );
      assert.equal((await postTo(thread)).status, 'published', 'reopened');
      assert.equal(
        await closeAgedThreads(t.store, t.config, t.clock.now(), t.app.parley.events),
        0,
        'the job leaves a reopened thread alone',
      );
      t.clock.advance(49 * 3_600_000);
      assert.equal((await page(thread)).thread.closed, true, 'until its new period ends');
      await call(await login('admin@example.com'), 'PATCH', `/admin/api/sites/${t.siteId}/settings`, {
        closeAfterDays: null,
      });
    });

    test('stats tell overturned verdicts from approved holds, per day', async () => {
      const mod = await login('mod@example.com');
      const thread = `${ARTICLE}-stats`;
      const before = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/stats?days=30`)).json();
      const published = await postTo(thread);
      const held = await postTo(thread, {
        body: "The council's figures are at https://a.example/1 and the auditor's at https://b.example/2; they differ.",
      });
      const act = (id: string, action: string) =>
        call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/actions`, { action });
      await act(published.id, 'spam'); // the filter published it: overturned
      await act(published.id, 'ham'); // back from spam: overturned again
      await act(held.id, 'approve'); // a hold approved: counted apart
      const stats = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/stats?days=30`)).json();
      assert.equal(stats.decisions - before.decisions, 3);
      assert.equal(stats.overturned - before.overturned, 2);
      assert.equal(stats.heldApproved - before.heldApproved, 1);
      const today = stats.days.at(-1);
      assert.equal(today.day, new Date(t.clock.now()).toISOString().slice(0, 10));
      for (const k of ['approved', 'pending', 'spam', 'deleted', 'decisions', 'overturned', 'heldApproved'])
        assert.equal(typeof today[k], 'number', k);
      assert.deepEqual(
        stats.days.map((d: { day: string }) => d.day),
        [...stats.days.map((d: { day: string }) => d.day)].sort(),
        'in date order',
      );
    });
  });
}
