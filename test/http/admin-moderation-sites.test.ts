// Sites and their moderators managed through the dashboard API, on SQLite and PostgreSQL:
// admins create and edit sites (moderators cannot; each sees only their own), add people by
// address (answered, listed and audited the same whether the address has an account or is
// invited until its account is made), change roles and remove them; a site keeps an admin,
// and a removed moderator loses the site at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { apiBackends, comment, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { staffRequests } from '../helpers/admin-api.ts';

/** A password for accounts made during a test, as `parley admin create` would set it. */
const NIGHT = 'a long enough night desk password';
const codes = (fields: Record<string, { code: string }>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.code]));
/** A session's sites, as "siteId:role". */
const sitesOf = (res: { json(): { sites: { siteId: string; role: string }[] } }) =>
  res.json().sites.map((s) => `${s.siteId}:${s.role}`);

for (const backend of await apiBackends()) {
  describe(`dashboard moderation tools: sites and moderators (${backend})`, () => {
    let t: TestApp;
    let otherSite = '';

    const { login, call } = staffRequests(() => t);

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      otherSite = await staffSites(t);
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

    test('admins add people by address, change roles and remove them; a site keeps an admin', async () => {
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

      const bad = await call(admin, 'POST', base, { email: 'not-an-address', role: 'owner' });
      assert.deepEqual(codes(bad.json().error.fields), { email: 'INVALID_EMAIL', role: 'INVALID_VALUE' });
      // Nobody chooses or receives a password here any more: the field is refused by name.
      const withPassword = await call(admin, 'POST', base, {
        email: 'night.desk@example.com',
        role: 'moderator',
        password: 'a long enough password',
      });
      assert.equal(withPassword.statusCode, 422);
      assert.deepEqual(codes(withPassword.json().error.fields), { password: 'UNKNOWN_FIELD' });

      const added = await call(admin, 'POST', base, { email: 'Night.Desk@Example.com', role: 'moderator' });
      assert.equal(added.statusCode, 201, added.body);
      const { member } = added.json();
      assert.equal(member.email, 'night.desk@example.com');
      // The account, made as `parley admin create` makes it (for another site), takes the invitation.
      await new Accounts({ store: t.store, clock: t.clock }).grant(member.email, NIGHT, otherSite, 'moderator');
      const night = await login(member.email, NIGHT);
      assert.equal(night.res.statusCode, 200);
      assert.equal((await call(night, 'GET', `/admin/api/sites/${t.siteId}/counts`)).statusCode, 200);
      const path = `${base}/${encodeURIComponent(member.email)}`;

      const promoted = await call(admin, 'PATCH', path, { role: 'admin' });
      assert.deepEqual(promoted.json().member, { ...member, role: 'admin' });
      assert.equal(
        (await call(night, 'GET', `/admin/api/sites/${t.siteId}/audit`)).statusCode,
        200,
        'the new role applies to the live session',
      );
      await call(admin, 'PATCH', path, { role: 'moderator' });
      assert.equal((await call(night, 'GET', `/admin/api/sites/${t.siteId}/audit`)).json().error.code, 'FORBIDDEN');

      const me = `${base}/admin%40example.com`;
      const demote = await call(admin, 'PATCH', me, { role: 'moderator' });
      assert.equal(demote.statusCode, 409);
      assert.equal(demote.json().error.code, 'LAST_ADMIN');
      assert.equal((await call(admin, 'DELETE', me)).json().error.code, 'LAST_ADMIN');

      assert.equal((await call(admin, 'DELETE', path)).statusCode, 204);
      assert.equal(
        (await call(night, 'GET', `/admin/api/sites/${t.siteId}/counts`)).statusCode,
        404,
        'a removed moderator loses the site at once',
      );
      assert.equal((await call(admin, 'DELETE', path)).statusCode, 404);
      assert.equal((await call(admin, 'DELETE', `${base}/not-an-address`)).statusCode, 404);
      const audit = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit?limit=200`))
        .json()
        .entries.map((e: { action: string }) => e.action);
      for (const a of ['member.add', 'member.role', 'member.remove']) assert.ok(audit.includes(a), a);
    });

    test('adding an address answers, lists and audits the same whether it has an account or not', async () => {
      const admin = await login('admin@example.com');
      const base = `/admin/api/sites/${t.siteId}/members`;
      // other@example.com has an account (the other paper's admin); new-desk@example.com has none.
      const [HAS, NEW] = ['other@example.com', 'new-desk@example.com'];
      const hasAnswer = await call(admin, 'POST', base, { email: HAS, role: 'moderator' });
      const newAnswer = await call(admin, 'POST', base, { email: NEW, role: 'moderator' });
      assert.equal(hasAnswer.statusCode, 201, hasAnswer.body);
      assert.equal(newAnswer.statusCode, hasAnswer.statusCode);
      assert.equal(newAnswer.headers['content-type'], hasAnswer.headers['content-type']);
      assert.equal(newAnswer.body.replaceAll(NEW, 'X'), hasAnswer.body.replaceAll(HAS, 'X'), 'byte for byte');
      assert.deepEqual(hasAnswer.json(), {
        member: { email: HAS, role: 'moderator', since: new Date(t.clock.now()).toISOString() },
      });

      const list = async () => (await call(admin, 'GET', base)).json().members as Record<string, string>[];
      const entry = async (email: string) => JSON.stringify((await list()).find((m) => m.email === email));
      assert.equal((await entry(NEW)).replaceAll(NEW, 'X'), (await entry(HAS)).replaceAll(HAS, 'X'));
      const audit = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit?limit=2`)).json().entries;
      const same = (e: Record<string, unknown>, email: string) =>
        JSON.stringify({ ...e, id: 0 }).replaceAll(email, 'X');
      assert.equal(audit[0].target, NEW);
      assert.equal(same(audit[0], NEW), same(audit[1], HAS));

      // The account with the address has the site at once; the invited address when its account is made.
      const other = await login(HAS);
      assert.ok(sitesOf(await call(other, 'GET', '/admin/api/session')).includes(`${t.siteId}:moderator`));
      const listed = await entry(NEW);
      t.clock.advance(60_000);
      await new Accounts({ store: t.store, clock: t.clock }).grant(NEW, NIGHT, otherSite, 'moderator');
      const newDesk = await login(NEW, NIGHT);
      assert.deepEqual(
        sitesOf(await call(newDesk, 'GET', '/admin/api/session')).sort(),
        [`${otherSite}:moderator`, `${t.siteId}:moderator`].sort(),
      );
      assert.equal(await entry(NEW), listed, 'listed as before, since when it was added');

      // An invitation's role changes and it goes like a membership; a removed one is never taken.
      const weekend = 'weekend@example.com';
      const path = `${base}/${encodeURIComponent(weekend)}`;
      const invited = (await call(admin, 'POST', base, { email: weekend, role: 'moderator' })).json().member;
      const promoted = await call(admin, 'PATCH', path, { role: 'admin' });
      assert.deepEqual(promoted.json().member, { ...invited, role: 'admin' });
      assert.equal(JSON.parse(await entry(weekend)).role, 'admin');
      assert.equal((await call(admin, 'DELETE', path)).statusCode, 204);
      assert.equal((await call(admin, 'DELETE', path)).statusCode, 404);
      assert.equal(await entry(weekend), undefined);
      await new Accounts({ store: t.store, clock: t.clock }).grant(weekend, NIGHT, otherSite, 'moderator');
      const late = await login(weekend, NIGHT);
      assert.deepEqual(sitesOf(await call(late, 'GET', '/admin/api/session')), [`${otherSite}:moderator`]);
      const actions = (await call(admin, 'GET', `/admin/api/sites/${t.siteId}/audit?limit=3`)).json().entries;
      assert.deepEqual(
        actions.map((e: { action: string; target: string }) => [e.action, e.target]),
        [
          ['member.remove', weekend],
          ['member.role', weekend],
          ['member.add', weekend],
        ],
      );
    });
  });
}
