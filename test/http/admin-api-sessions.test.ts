// The dashboard's API, its doors: sessions in a strict cookie, CSRF and our own origin on
// every change, lockout after failed logins, logout (here and everywhere) and expiry, a
// moderator confined to their own sites, and bad input named by field. Other files: the
// queues, reports, settings and stats (admin-api-queues), bans, search, privacy and
// moderators' edits (admin-api-commenters), the newer tools (admin-moderation-*).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { newId } from '../../src/core/ids.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { STAFF_PASSWORD, staffSites } from '../helpers/admin-session.ts';
import { postAsReader, staffRequests } from '../helpers/admin-api.ts';

const PASSWORD = STAFF_PASSWORD;

for (const backend of await apiBackends()) {
  describe(`dashboard API: sessions and access (${backend})`, () => {
    let t: TestApp;
    let otherSite: string;
    let n = 0;

    const { login, call } = staffRequests(() => t);
    const postComment = (body: string, site?: string) => postAsReader(t, ++n, body, site);

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
