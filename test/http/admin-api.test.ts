// The dashboard's API: sessions in a strict cookie, CSRF on every change, lockout after failed
// logins, a moderator confined to their own sites, queues with reasons and history, actions
// that move comments and land in the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { newId } from '../../src/core/ids.ts';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import {
  call as staffCall,
  login as staffLogin,
  STAFF_PASSWORD,
  staffSites,
  type Who,
} from '../helpers/admin-session.ts';

const PASSWORD = STAFF_PASSWORD;

for (const backend of await apiBackends()) {
  describe(`dashboard API (${backend})`, () => {
    let t: TestApp;
    let otherSite: string;
    let n = 0;

    const login = (email: string, password = PASSWORD) => staffLogin(t, email, password);
    const call = (
      who: Who | null,
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) => staffCall(t, who, method, url, payload, headers);
    const postComment = async (body: string, site?: string) => {
      n++;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/comments${site ? `?site=${site}` : ''}`,
        remoteAddress: `203.0.113.${n}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(comment({ name: `Reader ${n}`, email: `reader${n}@example.com`, body })),
      });
      return res.json().id as string;
    };

    before(async () => {
      t = await testApp({}, { backend });
      otherSite = await staffSites(t);
    });
    after(() => t.close());

    test('nothing answers without a session', async () => {
      for (const [method, url] of [
        ['GET', '/admin/api/session'],
        ['GET', `/admin/api/sites/${t.siteId}/queues/pending`],
        ['POST', `/admin/api/sites/${t.siteId}/bulk`],
      ] as const) {
        const res = await call(
          null,
          method,
          url,
          method === 'POST' ? { action: 'approve', ids: [newId()] } : undefined,
        );
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().error.code, 'UNAUTHORIZED');
      }
      assert.equal(
        (await call({ cookie: 'parley_session=forged', csrf: 'x' }, 'GET', '/admin/api/session')).statusCode,
        401,
      );
    });

    test('login sets a strict, HttpOnly session cookie and answers the CSRF token', async () => {
      const { res, cookie, csrf } = await login('Admin@Example.com');
      assert.equal(res.statusCode, 200);
      const set = String(res.headers['set-cookie']);
      assert.match(set, /^parley_session=[\w-]{43}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200$/);
      assert.ok(csrf.length >= 32);
      const session = (await call({ cookie, csrf }, 'GET', '/admin/api/session')).json();
      assert.equal(session.user.email, 'admin@example.com');
      assert.deepEqual(session.sites, [{ siteId: t.siteId, role: 'admin' }]);
      assert.equal(JSON.stringify(session).includes(cookie.split('=')[1]), false, 'the session token is never echoed');
    });

    test('wrong passwords lock the account for 15 minutes, even for the right password', async () => {
      await new Accounts({ store: t.store, clock: t.clock }).grant(
        'victim@example.com',
        PASSWORD,
        t.siteId,
        'moderator',
      );
      for (let i = 0; i < 4; i++)
        assert.equal((await login('victim@example.com', 'wrong password!')).res.json().error.code, 'LOGIN_FAILED');
      const fifth = await login('victim@example.com', 'wrong password!');
      assert.equal(fifth.res.statusCode, 429);
      assert.equal(fifth.res.json().error.code, 'LOGIN_LOCKED');
      assert.equal(fifth.res.headers['retry-after'], '900');
      assert.equal((await login('victim@example.com')).res.statusCode, 429);
      t.clock.advance(16 * 60_000);
      assert.equal((await login('victim@example.com')).res.statusCode, 200);
      assert.equal(
        (await login('nobody@example.com')).res.json().error.code,
        'LOGIN_FAILED',
        'an unknown address looks like a wrong password',
      );
    });

    test('changes need the CSRF token and our own origin', async () => {
      const admin = await login('admin@example.com');
      const id = await postComment('Both reports: https://a.example/x and https://b.example/y, compare them.');
      const url = `/admin/api/sites/${t.siteId}/comments/${id}/actions`;
      assert.equal(
        (await call({ cookie: admin.cookie, csrf: '' }, 'POST', url, { action: 'approve' })).json().error.code,
        'CSRF_FAILED',
      );
      assert.equal(
        (await call({ cookie: admin.cookie, csrf: 'not-the-token' }, 'POST', url, { action: 'approve' })).statusCode,
        403,
      );
      assert.equal(
        (await call(admin, 'POST', url, { action: 'approve' }, { origin: 'https://evil.example' })).json().error.code,
        'CSRF_FAILED',
      );
      assert.equal((await t.store.getComment(id))?.status, 'pending', 'nothing changed');
      const ok = await call(admin, 'POST', url, { action: 'approve' });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().comment.status, 'approved');
    });

    test('queues show the comment with its reasons and the commenter’s history; actions move it and are audited', async () => {
      const mod = await login('mod@example.com');
      const id = await postComment(
        'Both agencies reported it: https://c.example/report and https://d.example/story, worth comparing.',
      );
      const countsBefore = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/counts`)).json().counts;
      const pending = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/queues/pending`)).json();
      const item = pending.items.find((i: { id: string }) => i.id === id);
      assert.ok(item, 'in the pending queue');
      assert.equal(item.thread.key, ARTICLE);
      assert.match(item.author.email, /^reader\d+@example\.com$/);
      assert.ok(item.spam.reasons.some((r: { check: string }) => r.check === 'links'));
      assert.deepEqual(item.history, { approved: 0, rejected: 0 });

      const spam = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/actions`, { action: 'spam' });
      assert.equal(spam.json().comment.status, 'spam');
      assert.deepEqual(spam.json().comment.history, { approved: 0, rejected: 1 });
      const counts = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/counts`)).json().counts;
      assert.equal(counts.pending, countsBefore.pending - 1);
      assert.equal(counts.spam, countsBefore.spam + 1);

      // Bulk: approve two held comments and one unknown id in one request.
      const a = await postComment('Links: https://e.example/1 and https://f.example/2, thoughts?');
      const b = await postComment('More links: https://g.example/1 and https://h.example/2 here.');
      const bulk = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/bulk`, {
        action: 'approve',
        ids: [a, b, newId()],
      });
      assert.deepEqual(
        bulk.json().results.map((r: { ok: boolean }) => r.ok),
        [true, true, false],
      );
      const page = await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}&limit=200` });
      assert.ok(page.body.includes(a) && page.body.includes(b), 'approved comments are public');

      // The audit log: admins only.
      assert.equal((await call(mod, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json().error.code, 'FORBIDDEN');
      const admin = await login('admin@example.com');
      const audit = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json().entries;
      const entry = audit.find(
        (e: { target: string; action: string }) => e.target === id && e.action === 'comment.spam',
      );
      assert.ok(entry);
      assert.deepEqual([entry.before, entry.after], [{ status: 'pending' }, { status: 'spam' }]);
      assert.match(entry.actor, /mod@example\.com/);
    });

    test('readers report a comment; it joins the reported queue until a moderator decides', async () => {
      const mod = await login('mod@example.com');
      const id = await postComment('A comment some readers dislike.');
      const report = (reason: unknown, ip: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/comments/${id}/reports`,
          remoteAddress: ip,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ reason }),
        });
      assert.equal((await report('abuse', '198.18.0.1')).statusCode, 202);
      assert.equal((await report('abuse', '198.18.0.1')).statusCode, 202, 'a repeat gets the same answer');
      assert.equal((await report('spam', '198.18.0.2')).statusCode, 202);
      const bad = await report('boring', '198.18.0.3');
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().error.fields.reason.code, 'INVALID_VALUE');
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/comments/${newId()}/reports`,
            headers: { 'content-type': 'application/json' },
            payload: '{"reason":"spam"}',
          })
        ).statusCode,
        404,
      );
      const queue = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/queues/reported`)).json();
      const item = queue.items.find((i: { id: string }) => i.id === id);
      assert.deepEqual(
        item.reports.map((r: { reason: string }) => r.reason),
        ['abuse', 'spam'],
        'two networks, two reports',
      );
      assert.ok((await call(mod, 'GET', `/admin/api/sites/${t.siteId}/counts`)).json().counts.reported >= 1);
      await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/actions`, { action: 'dismiss-reports' });
      const after = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/queues/reported`)).json();
      assert.equal(
        after.items.some((i: { id: string }) => i.id === id),
        false,
      );
      assert.equal((await t.store.getComment(id))?.status, 'approved', 'dismissing keeps the comment');
    });

    test('admins change the site’s settings, validated; threads close and reopen; stats count decisions', async () => {
      const admin = await login('admin@example.com');
      const mod = await login('mod@example.com');
      const url = `/admin/api/sites/${t.siteId}/settings`;
      assert.equal(
        (
          await t.app.inject({
            method: 'PATCH',
            url,
            headers: { cookie: mod.cookie, 'x-csrf-token': mod.csrf, 'content-type': 'application/json' },
            payload: '{"holdScore":4}',
          })
        ).statusCode,
        403,
      );
      const patch = (payload: unknown) =>
        t.app.inject({
          method: 'PATCH',
          url,
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
      const bad = await patch({ holdScore: 0, disabledChecks: ['nope'], colour: 'red' });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['colour']);
      const bad2 = await patch({ holdScore: 0, disabledChecks: ['nope'] });
      assert.deepEqual(Object.keys(bad2.json().error.fields).sort(), ['disabledChecks', 'holdScore']);
      const ok = await patch({ holdScore: 4, holdKeywords: ['pill*'] });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().settings.holdScore, 4);
      assert.equal(ok.json().settings.spamScore, 6);
      const shown = (await call(admin, 'GET', url)).json();
      assert.equal(shown.overrides.holdScore, 4);
      assert.equal(shown.defaults.holdScore, 3);
      assert.ok(shown.checks.includes('classifier') && shown.checks.includes('language'));
      assert.equal((await patch({ holdScore: null })).json().settings.holdScore, 3, 'null brings the default back');

      const id = await postComment('A comment in a thread about to close.');
      const threadId = (await t.store.getComment(id))!.thread_id;
      const close = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/threads/${threadId}/closed`, {
        closed: true,
      });
      assert.equal(close.statusCode, 200);
      assert.equal(
        (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/comments/${id}`)).json().comment.thread.closed,
        true,
        'items say whether their thread is closed',
      );
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: '198.19.0.1',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(comment({ email: 'late@example.com', body: 'Too late?' })),
      });
      assert.equal(refused.json().error.code, 'THREAD_CLOSED');
      await call(mod, 'POST', `/admin/api/sites/${t.siteId}/threads/${threadId}/closed`, { closed: false });
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/comments',
            remoteAddress: '198.19.0.2',
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(comment({ email: 'late2@example.com', body: 'Open again.' })),
          })
        ).statusCode,
        201,
      );

      const stats = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/stats?days=7`)).json();
      assert.ok(stats.days.length >= 1 && stats.days.every((d: { day: string }) => /^\d{4}-\d{2}-\d{2}$/.test(d.day)));
      assert.ok(stats.days.reduce((n: number, d: { approved: number }) => n + d.approved, 0) >= 1);
      assert.ok(stats.decisions >= 1, JSON.stringify(stats));
    });

    test('a ban by email or domain keeps a commenter out for its duration', async () => {
      const mod = await login('mod@example.com');
      const postAs = (email: string, body: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: `198.20.0.${++n}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(comment({ email, body: `${body} ${n}` })),
        });
      const bad = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/bans`, {
        kind: 'email',
        value: 'not an address',
        days: 0,
      });
      assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['days', 'value']);
      const ban = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/bans`, {
        kind: 'email',
        value: 'Troll@Example.com',
        days: 1,
        reason: 'personal attacks',
      });
      assert.equal(ban.statusCode, 201);
      await call(mod, 'POST', `/admin/api/sites/${t.siteId}/bans`, { kind: 'domain', value: '@spammy.example' });
      const banned = await postAs('troll@example.com', 'I am back.');
      assert.equal(banned.statusCode, 202, 'the client sees a hold');
      assert.equal((await t.store.getComment(banned.json().id))?.status, 'spam');
      assert.equal(
        (await t.store.getComment((await postAs('x@mail.spammy.example', 'Hello.')).json().id))?.status,
        'spam',
      );
      assert.equal((await postAs('friend@example.com', 'Hello there.')).statusCode, 201);
      const list = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/bans`)).json().bans;
      assert.deepEqual(list.map((b: { kind: string; value: string }) => `${b.kind}:${b.value}`).sort(), [
        'domain:spammy.example',
        'email:troll@example.com',
      ]);
      // The day passes: the email ban ends by itself; the domain ban is lifted by hand.
      t.clock.advance(2 * 86_400_000);
      assert.equal((await postAs('troll@example.com', 'Calmer now.')).statusCode, 201);
      const domainBan = list.find((b: { kind: string }) => b.kind === 'domain');
      const again = await login('mod@example.com'); // the old session has expired meanwhile
      assert.equal(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/admin/api/sites/${t.siteId}/bans/${domainBan.id}`,
            headers: { cookie: again.cookie, 'x-csrf-token': again.csrf },
          })
        ).statusCode,
        204,
      );
      assert.equal((await postAs('y@spammy.example', 'Hello again.')).statusCode, 201);
    });

    test('search by text, author, email and article; admins export and erase a commenter', async () => {
      const admin = await login('admin@example.com');
      const mod = await login('mod@example.com');
      n++;
      const posted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: `198.21.0.${n}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(
          comment({ name: 'Zelda Quist', email: 'zelda@example.com', body: 'The harbour_master 100% agrees.' }),
        ),
      });
      const id = posted.json().id;
      const search = async (query: string) =>
        (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/search?${query}`)).json();
      assert.ok(
        (await search('q=HARBOUR_master%20100%25')).items.some((i: { id: string }) => i.id === id),
        'text, with LIKE characters taken literally',
      );
      assert.equal(
        (await search('q=harbourXmaster')).items.some((i: { id: string }) => i.id === id),
        false,
        '_ is not a wildcard',
      );
      assert.ok((await search('author=zelda')).items.some((i: { id: string }) => i.id === id));
      assert.ok((await search('email=ZELDA@example.com')).items.some((i: { id: string }) => i.id === id));
      assert.ok((await search('article=france-russia&author=quist')).items.some((i: { id: string }) => i.id === id));
      assert.equal((await call(mod, 'GET', `/admin/api/sites/${t.siteId}/search`)).statusCode, 422);

      assert.equal(
        (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/privacy/export?email=zelda@example.com`)).statusCode,
        403,
        'admins only',
      );
      const exported = (
        await call(admin, 'GET', `/admin/api/sites/${t.siteId}/privacy/export?email=zelda@example.com`)
      ).json();
      assert.equal(exported.comments[0].body, 'The harbour_master 100% agrees.');
      const erased = await call(admin, 'POST', `/admin/api/sites/${t.siteId}/privacy/erase`, {
        email: 'zelda@example.com',
      });
      assert.equal(erased.json().erased.comments, 1);
      assert.equal((await t.store.getComment(id))?.author_name, 'Anonymous');
      const audit = JSON.stringify((await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json());
      assert.ok(audit.includes('privacy.erase') && audit.includes('privacy.export'));
      assert.equal(audit.toLowerCase().includes('zelda'), false, 'the audit log keeps no copy of the address');
    });

    test('a moderator edits a comment (marked as such) and replies with a badge, both audited', async () => {
      const mod = await login('mod@example.com');
      const id = await postComment('A comment with a typo in teh middle.');
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/admin/api/sites/${t.siteId}/comments/${id}`,
        headers: { cookie: mod.cookie, 'x-csrf-token': mod.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ body: 'A comment with a typo in *the* middle.' }),
      });
      assert.equal(edited.statusCode, 200);
      assert.equal(edited.json().comment.body, 'A comment with a typo in *the* middle.');
      const bad = await t.app.inject({
        method: 'PATCH',
        url: `/admin/api/sites/${t.siteId}/comments/${id}`,
        headers: { cookie: mod.cookie, 'x-csrf-token': mod.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ body: '' }),
      });
      assert.equal(bad.statusCode, 422);
      const replied = await call(mod, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/replies`, {
        body: 'Thanks, fixed.',
        name: 'The editors',
      });
      assert.equal(replied.statusCode, 201);
      const replyId = replied.json().comment.id;
      const page = (
        await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}&limit=200` })
      ).json();
      const find = (list: any[], x: string): any =>
        list.map((c) => (c.id === x ? c : find(c.replies, x))).find(Boolean);
      const original = find(page.comments, id);
      assert.equal(original.editedByModerator, true);
      assert.match(original.html, /<em>the<\/em>/);
      const answer = find(page.comments, replyId);
      assert.equal(answer.moderator, true);
      assert.equal(answer.author.name, 'The editors');
      assert.equal(answer.parent, id);
      const ssr = (await t.app.inject({ url: `/comments?thread=${encodeURIComponent(ARTICLE)}` })).body;
      assert.match(ssr, /The editors<\/b> <span class="parley-badge">Moderator<\/span>/);
      assert.match(ssr, /\(edited by a moderator\)/);
      const admin = await login('admin@example.com');
      const audit = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json().entries;
      const edit = audit.find(
        (e: { action: string; target: string }) => e.action === 'comment.edit' && e.target === id,
      );
      assert.deepEqual(
        [edit.before.body, edit.after.body],
        ['A comment with a typo in teh middle.', 'A comment with a typo in *the* middle.'],
      );
      assert.ok(
        audit.some((e: { action: string; target: string }) => e.action === 'comment.reply' && e.target === replyId),
      );
    });

    test('a moderator of one site cannot see or touch another site', async () => {
      const other = await login('other@example.com');
      const id = await postComment('A considered comment about the talks.');
      assert.equal((await call(other, 'GET', `/admin/api/sites/${t.siteId}/queues/approved`)).statusCode, 404);
      assert.equal((await call(other, 'GET', `/admin/api/sites/${t.siteId}/comments/${id}`)).statusCode, 404);
      assert.equal(
        (await call(other, 'POST', `/admin/api/sites/${t.siteId}/comments/${id}/actions`, { action: 'delete' }))
          .statusCode,
        404,
      );
      // Through their own site's path, the other site's comment does not exist either.
      assert.equal(
        (await call(other, 'POST', `/admin/api/sites/${otherSite}/comments/${id}/actions`, { action: 'delete' }))
          .statusCode,
        404,
      );
      assert.equal((await t.store.getComment(id))?.status, 'approved');
    });

    test('bad input names the field', async () => {
      const admin = await login('admin@example.com');
      const bad = await call(admin, 'POST', `/admin/api/sites/${t.siteId}/bulk`, {
        action: 'nuke',
        ids: 'all',
        extra: 1,
      });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(Object.keys(bad.json().error.fields), ['extra']);
      const bad2 = await call(admin, 'POST', `/admin/api/sites/${t.siteId}/bulk`, { action: 'nuke', ids: [] });
      assert.deepEqual(Object.keys(bad2.json().error.fields), ['action']);
      assert.equal((await call(admin, 'GET', `/admin/api/sites/${t.siteId}/queues/everything`)).statusCode, 404);
    });

    test('logout ends the session; logout everywhere ends them all', async () => {
      const first = await login('mod@example.com');
      const second = await login('mod@example.com');
      const out = await call(first, 'POST', '/admin/api/logout');
      assert.equal(out.statusCode, 204);
      assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
      assert.equal((await call(first, 'GET', '/admin/api/session')).statusCode, 401);
      assert.equal((await call(second, 'GET', '/admin/api/session')).statusCode, 200);
      const third = await login('mod@example.com');
      assert.equal((await call(third, 'POST', '/admin/api/logout-everywhere')).statusCode, 204);
      assert.equal((await call(second, 'GET', '/admin/api/session')).statusCode, 401);
      // Sessions expire after 12 hours.
      const fourth = await login('mod@example.com');
      t.clock.advance(12 * 3_600_000 + 1000);
      assert.equal((await call(fourth, 'GET', '/admin/api/session')).statusCode, 401);
    });
  });
}
