// The dashboard's API about commenters: bans by email or domain for a time, search by text,
// author, email and article, a commenter's data exported and erased by an admin (the audit
// log keeps no address), and a moderator's edit (marked as such) and reply (with a badge),
// both audited. (Sessions and access: admin-api-sessions.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { postAsReader, staffRequests } from '../helpers/admin-api.ts';

/** A comment as the public thread API shows it, as far as the edit test reads it. */
type Shown = {
  id: string;
  replies: Shown[];
  html: string;
  editedByModerator?: boolean;
  moderator?: boolean;
  author: { name: string };
  parent?: string;
};

for (const backend of await apiBackends()) {
  describe(`dashboard API: commenters (${backend})`, () => {
    let t: TestApp;
    let n = 0;

    const { login, call } = staffRequests(() => t);
    const postComment = (body: string, site?: string) => postAsReader(t, ++n, body, site);

    before(async () => {
      t = await testApp({}, { backend });
      await staffSites(t);
    });
    after(() => t.close());

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

    // Found by test/http/route-fuzz-dashboard.test.ts: a name given twice arrives as an array,
    // and `.trim()` on it answered 500.
    test('search and export refuse a query name given twice with a 422', async () => {
      const admin = await login('admin@example.com');
      for (const q of [
        'search?q=a&q=b',
        'search?email=a%40b.example&email=c%40d.example',
        'privacy/export?email=a%40b.example&email=x',
      ]) {
        const res = await call(admin, 'GET', `/admin/api/sites/${t.siteId}/${q}`);
        assert.equal(res.statusCode, 422, q);
        assert.equal(res.json().error.code, 'VALIDATION', q);
      }
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
      const find = (list: Shown[], x: string): Shown =>
        list.map((c) => (c.id === x ? c : find(c.replies, x))).find(Boolean) as Shown;
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
  });
}
