// The Akismet-compatible API by injection, on both backends: the protocol's words and headers,
// the three places a key travels, revoked keys, missing fields, the documented test values,
// unknown fields, the honeypot, and the checks that do not apply to a site's own traffic.
// Other files: request bodies (akismet-bodies), learning and usage (akismet-learning);
// test/http/akismet-clients.test.ts drives it with the real npm clients.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { akismetRequests, BLOG, EMAIL, FORM, HAM, IP, plain, SPAM } from '../helpers/akismet.ts';

for (const backend of await apiBackends()) {
  describe(`Akismet-compatible API: the protocol (${backend})`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      key = (await t.app.parley.keys.create(t.siteId, 'akismet', 'tests')).key;
    });
    after(async () => t.close());

    const { send, check } = akismetRequests(
      () => t,
      () => key,
    );

    test('verify-key: valid with key or api_key on any host, invalid otherwise (with a debug header)', async () => {
      plain(await send('/1.1/verify-key', { key, blog: BLOG }), 'valid');
      plain(
        await send('/1.1/verify-key', { api_key: key.toUpperCase(), blog: BLOG }, { host: 'rest.akismet.com' }),
        'valid',
      );
      plain(await send('/1.1/verify-key', { blog: BLOG }, { host: `${key}.localhost:8080` }), 'valid');
      plain(await send('/1.1/verify-key', { key: 'abcdefghijkl', blog: BLOG }), 'invalid', { debug: true });
      plain(await send('/1.1/verify-key', { key: 'short', blog: BLOG }), 'invalid', { debug: true });
      plain(await send('/1.1/verify-key', { blog: BLOG }), 'invalid', { debug: true });
      const noBlog = await send('/1.1/verify-key', { key });
      plain(noBlog, 'invalid', { debug: true });
      assert.equal(noBlog.headers['x-akismet-debug-help'], 'Empty "blog" value');
    });

    test('comment-check: false for ham, true for spam, with a guid and no debug header', async () => {
      const ham = await check({
        comment_content: HAM,
        comment_author: 'Anne',
        comment_author_email: 'anne@example.com',
        user_agent: 'Mozilla/5.0',
      });
      plain(ham, 'false');
      assert.match(String(ham.headers['x-akismet-guid']), /^[0-9A-Z]{26}$/);
      assert.equal(ham.headers['x-akismet-pro-tip'], undefined);
      const spam = await check({ comment_content: SPAM, comment_author: 'Bob' });
      plain(spam, 'true');
      assert.ok(spam.headers['x-akismet-guid']);
      assert.notEqual(spam.headers['x-akismet-guid'], ham.headers['x-akismet-guid']);
    });

    test('the key is read from the first label of the Host name, as api_key, or as key', async () => {
      const fields = { blog: BLOG, user_ip: IP, comment_content: HAM };
      plain(await send('/1.1/comment-check', fields, { host: `${key}.rest.akismet.com` }), 'false');
      plain(await send('/1.1/comment-check', { ...fields, api_key: key }, { host: 'rest.akismet.com' }), 'false');
      plain(await send('/1.1/comment-check', { ...fields, key }), 'false');
      plain(await send('/1.1/comment-check', fields, { host: 'zzzzzzzzzzzz.localhost' }), 'invalid', { debug: true });
      plain(await send('/1.1/comment-check', fields), 'invalid', { debug: true });
      plain(await send('/1.1/comment-check', { ...fields, api_key: 'nope' }), 'invalid', { debug: true });
      plain(await send('/1.1/submit-spam', fields), 'invalid', { debug: true });
    });

    test('a revoked key is invalid', async () => {
      const { key: other } = await t.app.parley.keys.create(t.siteId, 'akismet', 'to revoke');
      plain(await check({ api_key: other, comment_content: HAM }), 'false');
      await t.app.parley.keys.revoke(other, 'akismet');
      plain(await check({ api_key: other, comment_content: HAM }), 'invalid', { debug: true });
    });

    test('missing blog or user_ip answer in the protocol’s own words', async () => {
      const noIp = await send('/1.1/comment-check', { api_key: key, blog: BLOG, comment_content: HAM });
      plain(noIp, 'Missing required field: user_ip.', { debug: true });
      assert.equal(noIp.headers['x-akismet-debug-help'], 'Empty "user_ip" value');
      const noBlog = await send('/1.1/comment-check', { api_key: key, user_ip: IP, comment_content: HAM });
      plain(noBlog, 'Missing required field: blog.', { debug: true });
      assert.equal(noBlog.headers['x-akismet-debug-help'], 'Empty "blog" value');
      const badBlog = await send('/1.1/comment-check', { api_key: key, user_ip: IP, blog: 'not a url' });
      assert.equal(badBlog.headers['x-akismet-debug-help'], 'We were unable to parse your blog URI');
      plain(
        await send('/1.1/submit-ham', { api_key: key, blog: BLOG, comment_content: HAM }),
        'Missing required field: user_ip.',
        { debug: true },
      );
    });

    test('the documented test values', async () => {
      plain(await check({ comment_author: 'viagra-test-123', comment_content: HAM }), 'true');
      plain(await check({ comment_author_email: 'akismet-guaranteed-spam@example.com', comment_content: HAM }), 'true');
      plain(await check({ user_role: 'administrator', comment_content: SPAM }), 'false');
    });

    test('unknown fields are ignored, WordPress style', async () => {
      const fields = new URLSearchParams({
        api_key: key,
        blog: BLOG,
        user_ip: IP,
        comment_content: HAM,
        comment_type: 'comment',
        POST_ak_js: '1700000000000',
        HTTP_ACCEPT: 'text/html',
        REQUEST_URI: '/wp-comments-post.php',
        akismet_comment_nonce: 'passed',
        callback: 'https://news.example.com/wp-json/akismet/v1/webhook',
        recheck_reason: 'edit',
      });
      const payload = `${fields}&__proto__=x&constructor=y&hasOwnProperty=z&toString=w`;
      plain(
        await t.app.inject({ method: 'POST', url: '/1.1/comment-check', headers: { 'content-type': FORM }, payload }),
        'false',
      );
    });

    test('a filled honeypot is blatant spam: true with the discard tip, logged for moderators without a raw IP', async () => {
      const res = await check({
        comment_content: HAM,
        comment_author: 'Bot',
        comment_author_email: EMAIL,
        honeypot_field_name: 'ak_hp_textarea',
        ak_hp_textarea: 'filled by a bot',
      });
      plain(res, 'true');
      assert.equal(res.headers['x-akismet-pro-tip'], 'discard');
      assert.equal(res.headers['x-parley-outcome'], 'discard');
      const logged = (await t.store.listDiscards(t.siteId, null, 10)).find(
        (d) => d.id === res.headers['x-akismet-guid'],
      );
      assert.ok(logged, 'the discard is in the bounded log under its guid');
      assert.equal(logged.source, 'akismet');
      assert.match(JSON.stringify(logged.reasons), /honeypot/);
      assert.equal(JSON.stringify(logged).includes(IP), false);
      // WordPress sends the honeypot's value as POST_<name>; an empty one is no evidence.
      plain(await check({ comment_content: HAM, honeypot_field_name: 'hp', POST_hp: 'x' }), 'true');
      plain(await check({ comment_content: HAM, honeypot_field_name: 'hp', hp: '' }), 'false');
      const test = await check({ comment_content: HAM, honeypot_field_name: 'hp', hp: 'x', is_test: '1' });
      assert.equal(test.headers['x-akismet-pro-tip'], 'discard');
      assert.equal(
        (await t.store.listDiscards(t.siteId, null, 100)).some((d) => d.id === test.headers['x-akismet-guid']),
        false,
        'tests are not logged',
      );
    });

    test('checks about posting on our own form or a commenter’s history do not apply', async () => {
      const strict = await testApp(
        { PARLEY_FLOOD_SECONDS: '0', PARLEY_PREMODERATION: 'all', PARLEY_SPAM_DISABLED_CHECKS: '' },
        { backend },
      );
      try {
        const k = (await strict.app.parley.keys.create(strict.siteId, 'akismet', null)).key;
        for (let i = 0; i < 10; i++) {
          const res = await strict.app.inject({
            method: 'POST',
            url: '/1.1/comment-check',
            headers: { 'content-type': FORM },
            payload: new URLSearchParams({
              api_key: k,
              blog: BLOG,
              user_ip: IP,
              comment_author: 'Anne',
              comment_author_email: 'anne@example.com',
              comment_content: HAM,
            }).toString(),
          });
          plain(res, 'false');
          assert.equal(
            res.headers['x-parley-outcome'],
            'approve',
            `call ${i}: not held for pre-moderation, velocity or repeats`,
          );
        }
      } finally {
        await strict.close();
      }
    });

    test('comment_context arrays, permalink, author URL and blog_lang are accepted', async () => {
      const res = await send('/1.1/comment-check', {
        api_key: key,
        blog: BLOG,
        user_ip: IP,
        blog_lang: 'en, fr_ca',
        blog_charset: 'UTF-8',
        permalink: `${BLOG}/2026/budget`,
        'comment_context[0]': 'budget',
        'comment_context[1]': 'politics',
        comment_author_url: 'https://anne.example',
        comment_content: HAM,
      });
      plain(res, 'false');
      const french =
        'Je pense que le ministre a tort sur le budget, les chiffres du deuxième tableau ne tiennent pas debout du tout.';
      plain(await check({ blog_lang: 'fr_FR', comment_content: french }), 'false');
      plain(await check({ blog_lang: 'de, fr, en, pt_BR, zz-weird, , 123', comment_content: french }), 'false');
    });

    test('permalink and comment_context reach the checks: praise that names the page is a reader’s', async () => {
      // Praise that says little of its own: held when the page is unknown or about something
      // else, published when the article's address and title say it is about what it names.
      const praise = 'Great article, very informative, thank you for the ferry timetable details.';
      const outcome = async (extra: Record<string, string>) =>
        (await check({ comment_content: praise, comment_author: 'Anne', ...extra })).headers['x-parley-outcome'];
      assert.equal(await outcome({}), 'hold');
      assert.equal(
        await outcome({
          permalink: `${BLOG}/2026/12/harbour-ferry-timetable`,
          'comment_context[0]': 'Harbour ferry timetable changes',
        }),
        'approve',
      );
      assert.equal(
        await outcome({
          permalink: `${BLOG}/2026/12/council-budget-vote`,
          'comment_context[0]': 'Council budget vote',
        }),
        'hold',
      );
      // The title alone, as a client without the permalink sends it.
      assert.equal(await outcome({ 'comment_context[0]': 'Ferry timetable changes' }), 'approve');
    });
  });
}
