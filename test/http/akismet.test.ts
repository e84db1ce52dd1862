// The Akismet-compatible API by injection, on both backends: the protocol's words and headers,
// the three places a key travels, bad input, and learning from corrections.
// (test/http/akismet-clients.test.ts drives it with the real npm clients.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';

const BLOG = 'https://news.example.com';
const HAM = 'I think the minister is wrong about the budget: the figures in the second table do not add up.';
const SPAM = 'Subscribe to my channel for free money!!! http://spam.example';
const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
const EMAIL = 'Reader.Secret@example.org';
const IP = '203.0.113.9';

for (const backend of await apiBackends()) {
  describe(`Akismet-compatible API (${backend})`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      key = (await t.app.parley.keys.create(t.siteId, 'akismet', 'tests')).key;
    });
    after(async () => t.close());

    const send = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': FORM, ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const check = (fields: Record<string, string>, headers?: Record<string, string>) =>
      send('/1.1/comment-check', { api_key: key, blog: BLOG, user_ip: IP, ...fields }, headers);

    function plain(
      res: { statusCode: number; headers: Record<string, unknown>; body: string },
      body: string,
      opts: { debug?: boolean } = {},
    ) {
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(res.body, body);
      assert.equal(
        'x-akismet-debug-help' in res.headers,
        !!opts.debug,
        `debug header: ${res.headers['x-akismet-debug-help']}`,
      );
    }

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
      assert.match(logged.reasons, /honeypot/);
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

    test('ISO-8859-1 bodies are decoded as declared; broken UTF-8 is decoded leniently', async () => {
      // "Très" with è as the single byte 0xE8.
      const latin = Buffer.concat([
        Buffer.from(`api_key=${key}&blog=${encodeURIComponent(BLOG)}&user_ip=${IP}&comment_content=Tr`),
        Buffer.from([0xe8]),
        Buffer.from('s+bien%E8'),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/1.1/comment-check',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
        payload: latin,
      });
      plain(res, 'false');
      const submitted = await t.app.inject({
        method: 'POST',
        url: '/1.1/submit-ham',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset="iso-8859-1"' },
        payload: latin,
      });
      plain(submitted, 'Thanks for making the web a better place.');
      const rows = await t.store.spamCorrections(t.siteId, null);
      assert.ok(
        rows.some((r) => r.text === 'Très bienè'),
        rows.map((r) => r.text).join(' | '),
      );
      const broken = Buffer.concat([
        Buffer.from(`api_key=${key}&blog=${encodeURIComponent(BLOG)}&user_ip=${IP}&comment_content=caf`),
        Buffer.from([0xe9, 0xff]),
        Buffer.from('%C3%28%ED%A0%80%00'),
      ]);
      plain(
        await t.app.inject({
          method: 'POST',
          url: '/1.1/comment-check',
          headers: { 'content-type': FORM },
          payload: broken,
        }),
        'false',
      );
    });

    test('the npm akismet client’s `Content-Type: charset=utf-8` is read as a form', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/1.1/comment-check',
        headers: { 'content-type': 'charset=utf-8' },
        payload: new URLSearchParams({ api_key: key, blog: BLOG, user_ip: IP, comment_content: SPAM }).toString(),
      });
      plain(res, 'true');
    });

    test('bad input never gets a 500: protocol answers, and 413 past 256 KiB', async () => {
      const inputs: { headers?: Record<string, string>; payload?: string | Buffer }[] = [
        { payload: '' },
        { headers: { 'content-type': FORM }, payload: '' },
        { headers: { 'content-type': FORM }, payload: '&&&===&%%%&%zz=%&=' },
        { headers: { 'content-type': 'application/json' }, payload: '{"api_key": 1' },
        {
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ api_key: key, blog: BLOG, user_ip: IP }),
        },
        { headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\n\r\n--x--' },
        { headers: { 'content-type': 'text/plain' }, payload: `api_key=${key}&blog=${BLOG}` },
        { headers: { 'content-type': 'garbage' }, payload: `api_key=${key}&blog=${BLOG}` },
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=no-such-charset' },
          payload: `api_key=${key}&blog=${BLOG}&user_ip=${IP}`,
        },
        {
          headers: { 'content-type': FORM },
          payload: `api_key=${key}&api_key=${key}&blog=${BLOG}&blog=&user_ip=${IP}`,
        },
        { headers: { 'content-type': FORM }, payload: Buffer.from([0xff, 0xfe, 0x00, 0x3d, 0x26]) },
        {
          headers: { 'content-type': FORM },
          payload: `api_key=${key}&blog=${BLOG}&user_ip=not-an-ip&comment_content=${'a'.repeat(200_000)}`,
        },
        { headers: { 'content-type': FORM }, payload: Array.from({ length: 5000 }, (_, i) => `f${i}=${i}`).join('&') },
      ];
      for (const path of [
        '/1.1/verify-key',
        '/1.1/comment-check',
        '/1.1/submit-spam',
        '/1.1/submit-ham',
        '/1.1/deactivate',
      ]) {
        for (const input of inputs) {
          const res = await t.app.inject({ method: 'POST', url: path, ...input });
          assert.equal(res.statusCode, 200, `${path} ${JSON.stringify(input.headers)} → ${res.statusCode} ${res.body}`);
          assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
        }
      }
      const huge = await send('/1.1/comment-check', {
        api_key: key,
        blog: BLOG,
        user_ip: IP,
        comment_content: 'x'.repeat(257 * 1024),
      });
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.headers['content-type'], 'text/plain; charset=utf-8');
      const usage = await t.app.inject({ url: '/1.2/usage-limit?api_key[]=x&api_key[]=y' });
      assert.equal(usage.statusCode, 200);
      assert.equal(usage.body, 'invalid');
    });

    test('submit-spam teaches the site: the same text from another author and IP is then spam', async () => {
      const missed = 'Cheap loans for everyone, ring Mark today.';
      plain(
        await check({ comment_content: missed, comment_author: 'Mark', comment_author_email: 'mark@loans.example' }),
        'false',
      );
      plain(
        await send('/1.1/submit-spam', {
          api_key: key,
          blog: BLOG,
          user_ip: IP,
          comment_content: missed,
          comment_author: 'Mark',
          comment_author_email: 'mark@loans.example',
        }),
        'Thanks for making the web a better place.',
      );
      plain(
        await check({
          comment_content: missed,
          comment_author: 'Someone Else',
          comment_author_email: 'else@example.net',
          user_ip: '198.51.100.4',
        }),
        'true',
      );
      plain(
        await check({
          comment_content: 'Cheap loans for everyone, ring Mark today!',
          comment_author: 'Third',
          user_ip: '2001:db8::1',
        }),
        'true',
      );
    });

    test('submit-ham teaches the site the other way', async () => {
      const falsePositive = 'Subscribe to the Gazette newsletter, it is worth it.';
      plain(await check({ comment_content: falsePositive, comment_author: 'Reader' }), 'true');
      plain(
        await send(
          '/1.1/submit-ham',
          { blog: BLOG, user_ip: IP, comment_content: falsePositive },
          { host: `${key}.localhost` },
        ),
        'Thanks for making the web a better place.',
      );
      plain(
        await check({ comment_content: falsePositive, comment_author: 'Another Reader', user_ip: '198.51.100.7' }),
        'false',
      );
    });

    test('is_test never trains', async () => {
      const text = 'Best crypto returns guaranteed, message Dave on the number in my profile.';
      const before = (await t.store.spamCorrections(t.siteId, null)).length;
      plain(await check({ comment_content: text }), 'false');
      for (const flag of ['1', 'true']) {
        plain(
          await send('/1.1/submit-spam', {
            api_key: key,
            blog: BLOG,
            user_ip: IP,
            comment_content: text,
            is_test: flag,
          }),
          'Thanks for making the web a better place.',
        );
      }
      assert.equal((await t.store.spamCorrections(t.siteId, null)).length, before);
      const again = await check({ comment_content: text, user_ip: '198.51.100.8' });
      plain(again, 'false');
      assert.equal(again.headers['x-parley-outcome'], 'approve');
    });

    test('deactivate answers deactivated; unknown endpoints 404', async () => {
      plain(await send('/1.1/deactivate', { key, blog: BLOG }), 'deactivated');
      plain(await send('/1.1/deactivate', {}), 'deactivated');
      assert.equal((await send('/1.1/get-stats', { key })).statusCode, 404);
    });

    test('usage-limit counts the key’s calls', async () => {
      const { key: counted } = await t.app.parley.keys.create(t.siteId, 'akismet', 'usage');
      for (let i = 0; i < 3; i++) await check({ api_key: counted, comment_content: HAM });
      await send('/1.1/verify-key', { key: counted, blog: BLOG });
      const res = await t.app.inject({ url: `/1.2/usage-limit?api_key=${counted}` });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(res.json(), { limit: 'none', usage: 4, percentage: '0.00', throttled: false });
      assert.equal(res.headers['x-akismet-debug-help'], undefined);
      const bad = await t.app.inject({ url: '/1.2/usage-limit?api_key=zzzzzzzzzzzz' });
      assert.equal(bad.body, 'invalid');
      assert.ok(bad.headers['x-akismet-debug-help']);
      assert.equal(
        (await t.app.inject({ url: '/1.2/usage-limit', headers: { host: `${counted}.localhost` } })).json().usage,
        4,
      );
    });

    test('no answer carries the key, an email or an IP', async () => {
      const fields = {
        api_key: key,
        blog: BLOG,
        user_ip: IP,
        comment_author_email: EMAIL,
        comment_author: 'Leak Test',
        comment_content: HAM,
      };
      const answers = [
        await send('/1.1/verify-key', { key, blog: BLOG }),
        await send('/1.1/verify-key', { key: 'abcdefghijkl', blog: BLOG }),
        await send('/1.1/comment-check', fields),
        await send('/1.1/comment-check', { ...fields, comment_content: SPAM }),
        await send('/1.1/comment-check', { ...fields, api_key: 'abcdefghijkl' }),
        await send('/1.1/comment-check', { ...fields, user_ip: '' }),
        await send('/1.1/submit-ham', { ...fields, is_test: '1' }),
        await send('/1.1/deactivate', fields),
        await t.app.inject({ url: `/1.2/usage-limit?api_key=${key}` }),
      ];
      for (const res of answers) {
        const all = (JSON.stringify(res.headers) + res.body).toLowerCase();
        for (const secret of [key, EMAIL.toLowerCase(), IP])
          assert.equal(all.includes(secret), false, `${res.body} leaks ${secret}`);
      }
    });
  });
}
