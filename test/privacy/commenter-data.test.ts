// Export and erase by email, on both databases: the export holds every stored field; erasing
// anonymizes every copy (comments, discard log, spam-correction texts, audit records), keeps or
// deletes the text as chosen, changes the public pages at once, and keeps what the filter learned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CommenterData } from '../../src/core/privacy/commenter-data.ts';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';

const EMAIL = 'Anne.Martin@Example.com';
const SITE_SPAM = 'Mabel’s bakery on Rue Colbert sells the best lemon cake in town, ask for the Gazette discount';

for (const backend of await apiBackends()) {
  describe(`a commenter's data (${backend})`, () => {
    let t: TestApp;
    let data: CommenterData;
    let n = 0;
    const post = async (email: string, body: string, extra: Record<string, unknown> = {}) => {
      n++;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: `192.0.2.${n}`,
        headers: { 'content-type': 'application/json', 'user-agent': 'PrivacyBrowser/1.0' },
        payload: JSON.stringify(
          comment({ name: 'Anne Martin', email, body, website: 'https://anne.example', ...extra }),
        ),
      });
      return res.json().id as string;
    };
    const page = () => t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` });

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      await t.store.updateSite(t.siteId, { settings: { blockKeywords: ['casino'] } });
      await t.app.parley.sites.reload();
      data = new CommenterData({
        store: t.store,
        spam: t.app.parley.spam,
        clock: t.clock,
        events: t.app.parley.events,
      });
    });
    after(() => t.close());

    test('export holds every stored field; erase reaches every copy and keeps the lesson', async () => {
      const first = await post(EMAIL, 'A first, considered comment on the talks.');
      const reply = await post('someone@example.com', 'A reply to Anne.', { parent: first, name: 'Someone' });
      const second = await post(EMAIL.toLowerCase(), SITE_SPAM);
      await post(EMAIL, 'Check out my channel for cheap CASINO bonus, subscribe http://bit.ly/x'); // discarded
      await t.app.parley.review.mark(second, 'spam', { by: 'test' });
      const learned = t.app.parley.spam.view(await t.app.parley.spam.layer(t.siteId), SITE_SPAM, {}).p;

      const exported = await data.export(EMAIL);
      assert.deepEqual(exported.comments.map((c) => c.id).sort(), [first, second].sort());
      const c = exported.comments.find((x) => x.id === first)!;
      for (const field of [
        'author_name',
        'author_email',
        'author_website',
        'ip_hash',
        'user_agent',
        'body',
        'body_html',
        'status',
        'spam_score',
        'created_at',
      ])
        assert.ok(field in c, field);
      assert.equal(c.user_agent, 'PrivacyBrowser/1.0');
      assert.equal(c.thread?.key, ARTICLE);
      assert.equal(exported.discardedComments.length, 1);
      assert.equal(exported.spamCorrections.length, 1);
      assert.equal(exported.spamCorrections[0].text, SITE_SPAM);

      const etag = (await page()).headers.etag;
      const r = await data.erase(EMAIL, { deleteText: false });
      assert.deepEqual([r.comments, r.discards, r.corrections, r.textsDeleted], [2, 1, 0, 0]); // the correction was folded into the snapshot first
      const after = await page();
      assert.notEqual(after.headers.etag, etag, 'the page changed');
      assert.equal(after.body.includes('Anne Martin'), false);
      assert.match(after.body, /"name":"Anonymous"/);
      assert.ok(after.body.includes('A first, considered comment'), 'the text is kept');
      assert.ok(after.body.includes(reply));
      const again = await data.export(EMAIL);
      assert.deepEqual(
        [again.comments.length, again.discardedComments.length, again.spamCorrections.length],
        [0, 0, 0],
      );
      const row = (await t.store.getComment(first))!;
      assert.deepEqual(
        [row.author_name, row.author_email, row.author_website, row.ip_hash, row.user_agent],
        ['Anonymous', '', null, null, null],
      );
      assert.deepEqual(await t.store.spamCorrections(t.siteId, null), [], 'no correction text is left');
      const now = t.app.parley.spam.view(await t.app.parley.spam.layer(t.siteId), SITE_SPAM, {}).p;
      assert.ok(Math.abs(now - learned) < 0.01, `the filter keeps what it learned (${learned} → ${now})`);
    });

    test('erase with --delete-text removes the texts too, leaving placeholders above replies', async () => {
      const email = 'bob@example.com';
      const top = await post(email, 'Bob’s comment, soon gone.');
      const reply = await post('carol@example.com', 'Carol answers Bob.', { parent: top, name: 'Carol' });
      const r = await data.erase(email, { deleteText: true });
      assert.deepEqual([r.comments, r.textsDeleted], [1, 1]);
      const body = (await page()).body;
      assert.equal(body.includes('soon gone'), false);
      assert.ok(body.includes(reply), 'the reply stays readable under a placeholder');
      assert.equal((await t.store.getComment(top))?.body, '');
    });
  });
}

test('parley privacy export and erase, as commands', async () => {
  const t = await testApp();
  try {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(comment({ email: 'dora@example.com', body: 'Dora was here.' })),
    });
    assert.equal(res.statusCode, 201);
    const bin = fileURLToPath(new URL('../../bin/parley.mjs', import.meta.url));
    const env = { ...process.env, PARLEY_DATA_DIR: t.config.dataDir };
    const exported = spawnSync(process.execPath, [bin, 'privacy', 'export', 'DORA@example.com'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(exported.status, 0, exported.stderr);
    assert.equal(JSON.parse(exported.stdout).comments[0].body, 'Dora was here.');
    const erased = spawnSync(process.execPath, [bin, 'privacy', 'erase', 'dora@example.com'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(erased.status, 0, erased.stderr);
    assert.match(erased.stdout, /^erased dora@example\.com: 1 comment\(s\) anonymized, texts kept/);
    assert.equal(
      JSON.parse(
        spawnSync(process.execPath, [bin, 'privacy', 'export', 'dora@example.com'], { env, encoding: 'utf8' }).stdout,
      ).comments.length,
      0,
    );
    assert.equal(spawnSync(process.execPath, [bin, 'privacy', 'erase'], { env, encoding: 'utf8' }).status, 2);
  } finally {
    await t.close();
  }
});
