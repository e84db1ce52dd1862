// Sites and their moderators managed through the dashboard API, on SQLite and PostgreSQL:
// admins create and edit sites (moderators cannot; each sees only their own), add moderators
// (a new account gets a password shown once), change roles and remove them; a site keeps an
// admin, and a removed moderator loses the site at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiBackends, comment, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { staffRequests } from '../helpers/admin-api.ts';

for (const backend of await apiBackends()) {
  describe(`dashboard moderation tools: sites and moderators (${backend})`, () => {
    let t: TestApp;

    const { login, call } = staffRequests(() => t);

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      await staffSites(t);
    });
    after(() => t.close());

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
  });
}
