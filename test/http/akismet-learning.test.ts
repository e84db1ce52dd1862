// The Akismet-compatible API by injection, on both backends: learning from submit-spam and
// submit-ham (never from is_test), deactivate, the usage-limit count, and no answer carrying
// the key, an email or an IP. (The protocol itself: akismet-protocol.test.ts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { akismetRequests, BLOG, EMAIL, HAM, IP, plain, SPAM } from '../helpers/akismet.ts';

for (const backend of await apiBackends()) {
  describe(`Akismet-compatible API: learning and usage (${backend})`, () => {
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
      const first = await check({ comment_content: text });
      plain(first, 'false');
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
      // The same verdict as before the test submissions (what earlier tests taught the site
      // may already lean on these words; these submissions add nothing to it).
      assert.equal(again.headers['x-parley-outcome'], first.headers['x-parley-outcome']);
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
