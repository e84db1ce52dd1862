// The dashboard's API at work on the queues: a held comment with its reasons and the
// commenter's history, actions (one or in bulk) that move comments and land in the audit log,
// readers' reports in their own queue, the site's settings validated, threads closed and
// reopened, and stats that count decisions. (Sessions and access: admin-api-sessions.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { postAsReader, staffRequests } from '../helpers/admin-api.ts';

for (const backend of await apiBackends()) {
  describe(`dashboard API: queues and settings (${backend})`, () => {
    let t: TestApp;
    let n = 0;

    const { login, call } = staffRequests(() => t);
    const postComment = (body: string, site?: string) => postAsReader(t, ++n, body, site);

    before(async () => {
      t = await testApp({}, { backend });
      await staffSites(t);
    });
    after(() => t.close());

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
  });
}
