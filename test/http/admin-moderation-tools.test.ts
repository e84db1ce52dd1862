// The dashboard API's newer tools, on SQLite and PostgreSQL: pinned comments (first on the
// public first page, never twice, at most three), sites and their moderators managed by admins
// (a site keeps an admin; a removed moderator loses the site at once), the live stream of queue
// counts, pre-moderation of first comments with auto-approval after N, threads that close N
// days after opening, and stats that tell overturned verdicts from approved holds.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { closeAgedThreads } from '../../src/core/jobs/close-threads.ts';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { call as staffCall, login as staffLogin, staffSites, type Who } from '../helpers/admin-session.ts';

for (const backend of await apiBackends()) {
  describe(`dashboard moderation tools (${backend})`, () => {
    let t: TestApp;
    let n = 0;

    const login = (email: string, password?: string) => staffLogin(t, email, password);
    const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      staffCall(t, who, method, url, payload);
    const postTo = async (thread: string, fields: Record<string, unknown> = {}) => {
      n++;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: `203.0.113.${n % 250}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(
          comment({
            thread,
            name: `Reader ${n}`,
            email: `reader${n}@example.com`,
            body: `Comment number ${n} on this story.`,
            ...fields,
          }),
        ),
      });
      assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
      return res.json() as { id: string; status: string };
    };
    const page = async (thread: string, query = '') =>
      (await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(thread)}${query}` })).json();

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      await staffSites(t, [{ email: 'outsider@example.com', site: 'other', role: 'admin' }]);
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

    test('admins create and edit sites; moderators cannot; each sees only their own', async () => {
      const admin = await login('admin@example.com');
      const mod = await login('mod@example.com');
      assert.deepEqual(
        (await call(mod, 'GET', '/admin/api/sites'))
          .json()
          .sites.map((s: { id: string; role: string }) => [s.id, s.role]),
        [[t.siteId, 'moderator']],
      );
      assert.equal((await call(mod, 'POST', '/admin/api/sites', { name: 'Mine' })).json().error.code, 'FORBIDDEN');
      const bad = await call(admin, 'POST', '/admin/api/sites', {
        origins: ['ftp://x', 'https://ok.example'],
        lang: 'de',
        colour: 1,
      });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(Object.keys(bad.json().error.fields), ['colour']);
      const bad2 = await call(admin, 'POST', '/admin/api/sites', { origins: ['ftp://x'], lang: 'de' });
      assert.deepEqual(
        Object.fromEntries(Object.entries(bad2.json().error.fields).map(([k, v]) => [k, (v as { code: string }).code])),
        { name: 'REQUIRED', origins: 'INVALID_URL', lang: 'INVALID_VALUE' },
      );
      const created = await call(admin, 'POST', '/admin/api/sites', {
        name: ' Evening Post ',
        origins: ['https://evening.example/some/path', 'https://evening.example'],
        lang: 'fr',
      });
      assert.equal(created.statusCode, 201, created.body);
      const site = created.json().site;
      assert.deepEqual(
        { ...site, id: undefined },
        {
          id: undefined,
          name: 'Evening Post',
          origins: ['https://evening.example'],
          lang: 'fr',
          isDefault: false,
          role: 'admin',
        },
      );
      const session = (await call(admin, 'GET', '/admin/api/session')).json();
      assert.ok(
        session.sites.some((s: { siteId: string; role: string }) => s.siteId === site.id && s.role === 'admin'),
        'the creator is its admin',
      );
      // The new site takes comments from its origin at once.
      const posted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        headers: { 'content-type': 'application/json', origin: 'https://evening.example' },
        payload: JSON.stringify(comment({ thread: 'https://evening.example/a', body: 'Bonsoir à tous.' })),
      });
      assert.equal(posted.statusCode, 201, posted.body);
      assert.equal((await t.store.getComment(posted.json().id))?.site_id, site.id);

      const edited = await call(admin, 'PATCH', `/admin/api/sites/${site.id}`, {
        name: 'The Evening Post',
        origins: ['https://www.evening.example'],
      });
      assert.deepEqual(
        [edited.json().site.name, edited.json().site.origins],
        ['The Evening Post', ['https://www.evening.example']],
      );
      assert.equal(
        (await call(mod, 'PATCH', `/admin/api/sites/${t.siteId}`, { name: 'x' })).json().error.code,
        'FORBIDDEN',
      );
      const other = await login('other@example.com');
      assert.equal((await call(other, 'PATCH', `/admin/api/sites/${site.id}`, { name: 'x' })).statusCode, 404);
      assert.ok(
        !(await call(other, 'GET', '/admin/api/sites')).json().sites.some((s: { id: string }) => s.id === site.id),
      );
    });

    test('admins add moderators (new accounts get a password shown once), change roles and remove them; a site keeps an admin', async () => {
      const admin = await login('admin@example.com');
      const mod = await login('mod@example.com');
      const base = `/admin/api/sites/${t.siteId}/members`;
      assert.equal((await call(mod, 'GET', base)).json().error.code, 'FORBIDDEN');
      const listed = (await call(admin, 'GET', base)).json().members;
      assert.deepEqual(
        listed.map((m: { email: string; role: string }) => [m.email, m.role]),
        [
          ['admin@example.com', 'admin'],
          ['mod@example.com', 'moderator'],
        ],
      );

      const bad = await call(admin, 'POST', base, { email: 'not-an-address', role: 'owner', password: 'short' });
      assert.deepEqual(
        Object.fromEntries(Object.entries(bad.json().error.fields).map(([k, v]) => [k, (v as { code: string }).code])),
        { email: 'INVALID_EMAIL', role: 'INVALID_VALUE', password: 'TOO_SHORT' },
      );
      const added = await call(admin, 'POST', base, { email: 'Night.Desk@Example.com', role: 'moderator' });
      assert.equal(added.statusCode, 201, added.body);
      const { member, temporaryPassword } = added.json();
      assert.equal(member.email, 'night.desk@example.com');
      assert.ok(typeof temporaryPassword === 'string' && temporaryPassword.length >= 16);
      const night = await login('night.desk@example.com', temporaryPassword);
      assert.equal(night.res.statusCode, 200, 'the generated password works');
      assert.equal((await call(night, 'GET', `/admin/api/sites/${t.siteId}/counts`)).statusCode, 200);

      // An account that already exists keeps its password: it is only given the site.
      const existing = await call(admin, 'POST', base, {
        email: 'other@example.com',
        role: 'moderator',
        password: 'an attempt to reset it',
      });
      assert.equal(existing.statusCode, 201);
      assert.equal(existing.json().temporaryPassword, undefined);
      assert.equal((await login('other@example.com')).res.statusCode, 200, 'its own password still works');
      assert.equal((await login('other@example.com', 'an attempt to reset it')).res.statusCode, 401);

      const promoted = await call(admin, 'PATCH', `${base}/${member.userId}`, { role: 'admin' });
      assert.equal(promoted.json().member.role, 'admin');
      assert.equal(
        (await call(night, 'GET', `/admin/api/sites/${t.siteId}/audit`)).statusCode,
        200,
        'the new role applies to the live session',
      );
      await call(admin, 'PATCH', `${base}/${member.userId}`, { role: 'moderator' });
      assert.equal((await call(night, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json().error.code, 'FORBIDDEN');

      const me = (await call(admin, 'GET', '/admin/api/session')).json().user.id;
      const demote = await call(admin, 'PATCH', `${base}/${me}`, { role: 'moderator' });
      assert.equal(demote.statusCode, 409);
      assert.equal(demote.json().error.code, 'LAST_ADMIN');
      assert.equal((await call(admin, 'DELETE', `${base}/${me}`)).json().error.code, 'LAST_ADMIN');

      assert.equal((await call(admin, 'DELETE', `${base}/${member.userId}`)).statusCode, 204);
      assert.equal(
        (await call(night, 'GET', `/admin/api/sites/${t.siteId}/counts`)).statusCode,
        404,
        'a removed moderator loses the site at once',
      );
      assert.equal((await call(admin, 'DELETE', `${base}/${member.userId}`)).statusCode, 404);
      const audit = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit?limit=200`))
        .json()
        .entries.map((e: { action: string }) => e.action);
      for (const a of ['member.add', 'member.role', 'member.remove']) assert.ok(audit.includes(a), a);
    });

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
      const reasons = JSON.parse((await t.store.getComment(first.id))!.spam_reasons!);
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
      assert.equal((await t.store.getThread(threadId))!.closed, 1);
      assert.equal(await closeAgedThreads(t.store, t.config, t.clock.now(), t.app.parley.events), 0);
      const other = (await postTo(`${ARTICLE}-young`)).id;
      assert.equal(
        (await t.store.getThread((await t.store.getComment(other))!.thread_id))!.closed,
        0,
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
      const held = await postTo(thread, { body: 'See https://a.example/1 and https://b.example/2 on this.' });
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
