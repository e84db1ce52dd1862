// The Akismet-compatible API by injection, on both backends: request bodies in the charset
// they declare (or leniently decoded), the npm client's odd content type, and bad input that
// never gets a 500. (The protocol itself: akismet-protocol.test.ts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { akismetRequests, BLOG, FORM, IP, plain, SPAM } from '../helpers/akismet.ts';

for (const backend of await apiBackends()) {
  describe(`Akismet-compatible API: request bodies (${backend})`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      key = (await t.app.parley.keys.create(t.siteId, 'akismet', 'tests')).key;
    });
    after(async () => t.close());

    const { send } = akismetRequests(
      () => t,
      () => key,
    );

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
  });
}
