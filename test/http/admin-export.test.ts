// The dashboard's export route, on SQLite and PostgreSQL: an admin of the site downloads it in
// either format (streamed, named by site and day, never cached) and the download is audited;
// a moderator is refused (403), another site's admin finds nothing (404), no session is a 401,
// an unknown format a 422.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseXml } from '../helpers/xml.ts';
import { apiBackends, comment, post, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { staffRequests } from '../helpers/admin-api.ts';

for (const backend of await apiBackends()) {
  describe(`the dashboard's site export (${backend})`, () => {
    let t: TestApp;
    let otherSite = '';
    const { login, call } = staffRequests(() => t);
    const url = (query = '') => `/admin/api/sites/${t.siteId}/export${query}`;
    const day = () => new Date(t.clock.now()).toISOString().slice(0, 10);

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      otherSite = await staffSites(t);
      for (const n of [1, 2, 3])
        assert.equal(
          (await post(t.app, comment({ email: `export${n}@example.net`, body: `Number ${n}` }))).statusCode,
          201,
        );
    });
    after(() => t.close());

    test('an admin downloads the site as Parley JSON Lines, named by site and day, audited', async () => {
      const admin = await login('admin@example.com');
      const res = await call(admin, 'GET', url());
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
      assert.equal(res.headers['content-disposition'], `attachment; filename="parley-${t.siteId}-${day()}.jsonl"`);
      assert.equal(res.headers['cache-control'], 'no-store');
      const lines = res.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(lines[0].format, 'parley-export');
      assert.equal(lines[0].site.id, t.siteId);
      assert.deepEqual(
        lines.filter((l) => l.type === 'comment').map((l) => [l.body, l.author.email]),
        [1, 2, 3].map((n) => [`Number ${n}`, `export${n}@example.net`]),
      );
      assert.equal(lines.at(-1).type, 'end');
      const [entry] = await t.store.listAudit(t.siteId, null, 1);
      assert.deepEqual(
        [entry.action, entry.actor.endsWith('admin@example.com'), entry.after],
        ['site.export', true, { format: 'parley' }],
      );
    });

    test('as WXR: a well-formed WordPress file', async () => {
      const admin = await login('admin@example.com');
      const res = await call(admin, 'GET', url('?format=wxr'));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
      assert.equal(res.headers['content-disposition'], `attachment; filename="parley-${t.siteId}-${day()}.xml"`);
      assert.equal(parseXml(res.body).name, 'rss');
      assert.equal((res.body.match(/<wp:comment>/g) ?? []).length, 3);
      assert.deepEqual((await t.store.listAudit(t.siteId, null, 1))[0].after, { format: 'wxr' });
    });

    test('a moderator, another site, no session, a bad format: refused, nothing audited', async () => {
      const before = (await t.store.listAudit(t.siteId, null, 100)).length;
      const mod = await login('mod@example.com');
      const moderator = await call(mod, 'GET', url());
      assert.deepEqual([moderator.statusCode, moderator.json().error.code], [403, 'FORBIDDEN']);
      const other = await login('other@example.com');
      const elsewhere = await call(other, 'GET', url());
      assert.deepEqual([elsewhere.statusCode, elsewhere.json().error.code], [404, 'NOT_FOUND']);
      const own = await call(other, 'GET', `/admin/api/sites/${otherSite}/export`);
      assert.equal(own.statusCode, 200, 'their own site: no threads, its log holding this export');
      assert.deepEqual(
        own.body
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l).type ?? 'header'),
        ['header', 'audit', 'end'],
      );
      const nobody = await call(null, 'GET', url());
      assert.deepEqual([nobody.statusCode, nobody.json().error.code], [401, 'UNAUTHORIZED']);
      const admin = await login('admin@example.com');
      for (const q of ['?format=csv', '?format=wxr&format=parley']) {
        const bad = await call(admin, 'GET', url(q));
        assert.deepEqual([bad.statusCode, bad.json().error.fields.format.code], [422, 'INVALID_VALUE'], q);
      }
      assert.equal((await t.store.listAudit(t.siteId, null, 100)).length, before);
    });
  });
}
