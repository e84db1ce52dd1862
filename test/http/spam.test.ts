// The spam engine through the public API and the moderation API: verdicts and reasons are
// stored, discards are logged (and answered like holds), a moderator's correction moves the
// comment and changes the verdict for the same text from someone else, edits are re-checked,
// and the moderation API answers only with a live key of the comment's own site.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { newId } from '../../src/core/ids.ts';
import { newSecret } from '../../src/core/tokens.ts';

const SITE_SPAM = 'Mabel’s bakery on Rue Colbert sells the best lemon cake in town, ask for the Gazette discount';

for (const backend of await apiBackends()) {
  describe(`spam verdicts and the moderation API (${backend})`, () => {
    let t: TestApp;
    let key: string;
    const mod = (method: 'GET' | 'POST', url: string, body?: unknown, k: string | null = key) =>
      t.app.inject({
        method,
        url,
        headers: {
          ...(k ? { authorization: `Bearer ${k}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        payload: body ? JSON.stringify(body) : undefined,
      });
    const pageHas = async (id: string) =>
      (await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` })).body.includes(id);
    let n = 0;
    // Each post from a new person and network, so flood control stays out of the way.
    const postAs = (body: Record<string, unknown>) => {
      n++;
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: `198.51.100.${n}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(comment({ name: `Reader ${n}`, email: `reader${n}@example.com`, ...body })),
      });
    };

    before(async () => {
      t = await testApp({}, { backend });
      await t.store.updateSite(t.siteId, { settings: { blockKeywords: ['casino'] } });
      await t.app.parley.sites.reload();
      key = (await t.app.parley.keys.create(t.siteId, 'moderation', 'tests')).key;
    });
    after(() => t.close());

    test('a held comment keeps its score and reasons; moderators read them', async () => {
      const res = await postAs({
        body: 'Both agencies reported it: https://a.example/report and https://b.example/story, worth comparing.',
      });
      assert.equal(res.statusCode, 202);
      const { id } = res.json();
      const explained = (await mod('GET', `/api/v1/moderation/comments/${id}`)).json().comment;
      assert.equal(explained.status, 'pending');
      // Held by the site's two-link rule, not judged spam-like: the classifier learned from news readers who cite.
      const checks = explained.spam.reasons.map((r: { check: string }) => r.check);
      assert.ok(checks.includes('links'), checks.join());
      assert.match(explained.spam.reasons.find((r: { check: string }) => r.check === 'links').reason, /2 links/);
      // Which words weighed most is worked out when a moderator looks.
      assert.ok(
        explained.spam.words.length > 0 &&
          explained.spam.words.some((w: { description: string }) => /link/.test(w.description)),
        JSON.stringify(explained.spam.words),
      );
    });

    test('blatant spam is discarded: the client sees a hold, the review log keeps it with reasons', async () => {
      const res = await postAs({ body: 'Check out my channel for cheap CASINO bonus, subscribe http://bit.ly/x' });
      assert.equal(res.statusCode, 202);
      assert.equal(res.json().status, 'held');
      const { id } = res.json();
      assert.equal((await t.store.getComment(id)) === undefined, true, 'not stored as a comment');
      const log = (await mod('GET', '/api/v1/moderation/discards')).json();
      const entry = log.discards.find((d: { id: string }) => d.id === id);
      assert.ok(entry, 'in the discard log');
      assert.ok(entry.spam.score >= 10);
      assert.ok(entry.spam.reasons.some((r: { reason: string }) => /block list/.test(r.reason)));
    });

    test('a comment in another language than the site’s carries that reason', async () => {
      const res = await postAs({
        body: 'El gobierno francés anunció ayer una nueva cooperación militar con Rusia en Siria, según el ministerio.',
      });
      const id = res.json().id;
      const explained = (await mod('GET', `/api/v1/moderation/comments/${id}`)).json().comment;
      assert.ok(
        explained.spam.reasons.some(
          (r: { check: string; reason: string }) => r.check === 'language' && /Spanish.*English/.test(r.reason),
        ),
        JSON.stringify(explained.spam.reasons),
      );
    });

    test('marking spam hides the comment and the same text from someone else is spam at once', async () => {
      const first = await postAs({ body: SITE_SPAM });
      assert.equal(first.statusCode, 201, 'the base model lets it through');
      const id = first.json().id;
      assert.ok(await pageHas(id));
      const marked = await mod('POST', `/api/v1/moderation/comments/${id}/verdict`, { verdict: 'spam' });
      assert.equal(marked.statusCode, 200);
      assert.equal(marked.json().status, 'spam');
      assert.ok(marked.json().after > marked.json().before);
      assert.equal(await pageHas(id), false);
      const again = await postAs({ body: SITE_SPAM });
      assert.equal(again.statusCode, 202);
      assert.equal((await t.store.getComment(again.json().id))?.status ?? 'discarded', 'spam');
      // Its author sees it as they would a held comment; nobody else sees it.
      const own = await t.app.inject({
        url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}&viewToken=${encodeURIComponent(again.json().viewToken)}`,
      });
      assert.equal(own.json().comments.find((c: { id: string }) => c.id === again.json().id)?.pending, true);
      assert.equal(await pageHas(again.json().id), false);
    });

    test('marking a held comment not spam publishes it and lets the same text through next time', async () => {
      const text = 'Both sources reported it: https://c.example/one and https://d.example/two, read both.';
      const held = await postAs({ body: text });
      assert.equal(held.statusCode, 202);
      const id = held.json().id;
      const marked = await mod('POST', `/api/v1/moderation/comments/${id}/verdict`, { verdict: 'ham' });
      assert.equal(marked.json().status, 'approved');
      assert.ok(await pageHas(id));
      const explained = (await mod('GET', `/api/v1/moderation/comments/${id}`)).json().comment;
      assert.equal(explained.status, 'approved');
      // Still two links (the site's rule holds it), but no longer judged spam-like.
      const again = await postAs({ body: text.replace('read both', 'worth reading both') });
      const reasons = (await mod('GET', `/api/v1/moderation/comments/${again.json().id}`)).json().comment.spam.reasons;
      assert.ok(
        reasons.some((r: { check: string; score: number }) => r.check === 'site-learning' && r.score < 0),
        JSON.stringify(reasons),
      );
    });

    test('an edit passes the checks again', async () => {
      const res = await postAs({ body: 'A fair summary of the talks.' });
      assert.equal(res.statusCode, 201);
      const { id, editToken } = res.json();
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${id}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ editToken, body: 'Visit my casino page for a bonus' }),
      });
      assert.equal(edited.statusCode, 200);
      assert.equal((await t.store.getComment(id))?.status, 'spam');
      assert.equal(await pageHas(id), false);
    });

    test('the moderation API needs a live key of the comment’s own site', async () => {
      const res = await postAs({ body: 'Another considered comment.' });
      const id = res.json().id;
      const none = await mod('GET', `/api/v1/moderation/comments/${id}`, undefined, null);
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'UNAUTHORIZED');
      assert.equal((await mod('GET', `/api/v1/moderation/comments/${id}`, undefined, 'pm_not-a-key')).statusCode, 401);
      const other = newId();
      await t.store.createSite({
        id: other,
        name: 'Other',
        origins: [],
        lang: 'en',
        settings: {},
        avatar_secret: newSecret(),
        is_default: false,
        created_at: Date.now(),
      });
      const otherKey = (await t.app.parley.keys.create(other, 'moderation')).key;
      assert.equal((await mod('GET', `/api/v1/moderation/comments/${id}`, undefined, otherKey)).statusCode, 404);
      assert.equal(
        (await mod('POST', `/api/v1/moderation/comments/${id}/verdict`, { verdict: 'spam' }, otherKey)).statusCode,
        404,
      );
      const bad = await mod('POST', `/api/v1/moderation/comments/${id}/verdict`, { verdict: 'maybe', extra: 1 });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['extra', 'verdict']);
      const ok = await mod('GET', `/api/v1/moderation/comments/${id}`);
      assert.equal(ok.headers['cache-control'], 'no-store');
      // Revoked: refused once the lookup cache (10 s) has expired.
      await t.app.parley.keys.revoke(otherKey, 'moderation');
      t.clock.advance(11_000);
      assert.equal((await mod('GET', '/api/v1/moderation/discards', undefined, otherKey)).statusCode, 401);
    });
  });
}
