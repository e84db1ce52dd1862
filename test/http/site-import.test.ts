// POST /api/v1/admin/sites/{site}/import: the WordPress plugin's move, by injection on SQLite and
// PostgreSQL. An admin key of the site (and only that) imports a WXR batch through the command's
// pipeline; a batch sent again adds nothing; a bad key, another site, a bad format or a broken
// file get their 4xx; the answer holds counts, never a commenter's address; the thread pages the
// server had cached show the imported comments at once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ApiKeys } from '../../src/core/keys/api-keys.ts';
import { newId } from '../../src/core/ids.ts';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';

const WXR = readFileSync(new URL('../fixtures/import/wordpress.wxr', import.meta.url));
const ARTICLE = 'https://port.example.fr/2025/04/le-pont-rouvre/';
const EMAILS = [...WXR.toString('utf8').matchAll(/comment_author_email><!\[CDATA\[([^\]]+)\]\]>/g)].map((m) => m[1]);

for (const backend of await apiBackends()) {
  describe(`the admin API's import (${backend})`, () => {
    let h: TestApp;
    let key: string;
    const post = (body: Buffer | string, o: { auth?: string; site?: string; format?: string } = {}) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/admin/sites/${o.site ?? h.siteId}/import?format=${o.format ?? 'wxr'}`,
        headers: {
          'content-type': 'application/xml; charset=utf-8',
          ...(o.auth === '' ? {} : { authorization: `Bearer ${o.auth ?? key}` }),
        },
        payload: body,
      });
    const page = async () =>
      (await h.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}&site=${h.siteId}` })).json();

    before(async () => {
      h = await testApp({}, { backend });
      key = (await new ApiKeys(h.store, h.clock).create(h.siteId, 'admin', 'wordpress')).key;
    });
    after(() => h.close());

    test('an admin key imports a WXR batch once; a second send adds nothing; the cached page follows', async () => {
      assert.ok(EMAILS.length >= 3, 'the fixture has commenters with addresses');
      const before = await page();
      assert.deepEqual(before.comments ?? [], [], 'nothing on the page before the move');

      const first = await post(WXR);
      assert.equal(first.statusCode, 200, first.body);
      const a = first.json();
      assert.equal(a.format, 'wxr');
      assert.ok(a.comments.imported >= 5, first.body);
      assert.equal(a.comments.alreadyImported, 0);
      assert.ok(a.threads >= 2);
      assert.equal(a.comments.byStatus.spam >= 1 && a.comments.byStatus.pending >= 1, true, first.body);
      for (const email of EMAILS) assert.equal(first.body.includes(email), false, `the answer names ${email}`);
      assert.equal(first.headers['cache-control'], 'no-store');

      const after = await page();
      const texts = JSON.stringify(after);
      assert.equal(after.thread.count, 3, texts);
      assert.equal(after.comments[0].replies[0].replies[0].author.name, 'redaction', 'replies keep their parents');
      for (const email of EMAILS) assert.equal(texts.includes(email), false);
      const stored = await h.store.commentsByEmail(EMAILS[0], h.siteId);
      assert.equal(stored.length, 1, 'the address is kept, for privacy requests, not shown');

      const second = await post(WXR);
      assert.equal(second.statusCode, 200, second.body);
      assert.equal(second.json().comments.imported, 0);
      assert.equal(second.json().comments.alreadyImported, a.comments.imported);
    });

    test('no key, a moderation key, another site, a bad format or a broken file: a 4xx that says why', async () => {
      const none = await post(WXR, { auth: '' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'UNAUTHORIZED');
      const moderation = (await new ApiKeys(h.store, h.clock).create(h.siteId, 'moderation')).key;
      assert.equal((await post(WXR, { auth: moderation })).statusCode, 401, 'a moderation key imports nothing');

      const other = newId();
      const elsewhere = await post(WXR, { site: other });
      assert.equal(elsewhere.statusCode, 404);
      assert.equal(elsewhere.json().error.code, 'SITE_NOT_FOUND');

      const format = await post(WXR, { format: 'toString' });
      assert.equal(format.statusCode, 422);
      assert.match(format.json().error.fields.format.message, /must be one of .*wxr/);

      const broken = await post(WXR.toString('utf8').slice(0, Math.floor(WXR.length / 2)));
      assert.equal(broken.statusCode, 422, broken.body);
      assert.match(broken.json().error.fields.body.message, /line \d+/);

      const empty = await post('');
      assert.ok(empty.statusCode >= 400 && empty.statusCode < 500, empty.body);
    });
  });
}
