import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTICLE, apiBackends, comment, post, testApp, type TestApp } from '../helpers/app.ts';

for (const backend of await apiBackends()) {
  describe(`POST /api/v1/comments (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
    });
    after(async () => t.close());

    test('a valid comment is published: 201 with id and edit token, then listed in its thread', async () => {
      const res = await post(t.app, comment({ body: 'First *reply* on this story' }));
      assert.equal(res.statusCode, 201);
      const body = res.json();
      assert.match(body.id, /^[0-9A-Z]{26}$/);
      assert.ok(body.editToken.length >= 32);
      assert.equal(body.comment.html, '<p>First <em>reply</em> on this story</p>\n');
      const page = (await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` })).json();
      assert.ok(page.comments.some((c: { id: string }) => c.id === body.id));
      assert.equal(page.thread.count >= 1, true);
    });

    test('a comment with two links is held: 202, hidden from the public, shown to its author with the view token', async () => {
      const res = await post(
        t.app,
        comment({
          email: 'links@example.com',
          body: 'Both agencies reported it: https://a.example/report and https://b.example/story, worth comparing.',
        }),
      );
      assert.equal(res.statusCode, 202);
      const { id, viewToken } = res.json();
      assert.ok(viewToken);
      const url = `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}`;
      const pub = await t.app.inject({ url });
      assert.equal(pub.body.includes(id), false);
      const own = await t.app.inject({ url: `${url}&viewToken=${encodeURIComponent(viewToken)}` });
      assert.equal(own.headers['cache-control'], 'private, no-store');
      const mine = own.json().comments.find((c: { id: string }) => c.id === id);
      assert.equal(mine.pending, true);
      t.clock.advance(11 * 60_000);
      const expired = await t.app.inject({ url: `${url}&viewToken=${encodeURIComponent(viewToken)}` });
      assert.equal(expired.body.includes(id), false);
    });

    test('missing required fields give 422 with one entry per field', async () => {
      const res = await post(t.app, { thread: ARTICLE, body: '' });
      assert.equal(res.statusCode, 422);
      const err = res.json().error;
      assert.equal(err.code, 'VALIDATION');
      assert.deepEqual(Object.keys(err.fields).sort(), ['body', 'email', 'name']);
      assert.equal(err.fields.email.code, 'REQUIRED');
    });

    test('unknown fields are refused with 422 naming them', async () => {
      const res = await post(t.app, comment({ status: 'approved' }));
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.fields.status.code, 'UNKNOWN_FIELD');
    });

    test('invalid UTF-8 is refused with 400, never replaced by U+FFFD', async () => {
      const json = Buffer.concat([
        Buffer.from(`{"thread":"${ARTICLE}","name":"A","email":"a@example.com","body":"bad `),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      const res = await post(t.app, json);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'BAD_JSON');
    });

    test('a lone surrogate escape is refused with 422 naming the field', async () => {
      const res = await post(t.app, `{"thread":"${ARTICLE}","name":"A","email":"a@example.com","body":"x \\ud800 y"}`);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.fields.body.code, 'INVALID_UTF8');
    });

    test('only application/json is accepted: text/plain and form bodies get 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          headers: { 'content-type': type },
          payload: JSON.stringify(comment()),
        });
        assert.equal(res.statusCode, 415, type);
        assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
      }
    });

    test('malformed JSON, deep nesting and oversized bodies are 4xx, never 500', async () => {
      assert.equal((await post(t.app, '{"thread":')).statusCode, 400);
      assert.equal((await post(t.app, '['.repeat(100_000))).statusCode, 400);
      assert.equal((await post(t.app, '"just a string"')).statusCode, 422);
      const huge = await post(t.app, JSON.stringify(comment({ body: 'x'.repeat(2 * 1024 * 1024) })));
      assert.equal(huge.statusCode, 413);
    });

    test('bodies at the limit are stored whole; one more code point is refused', async () => {
      const body = '😀'.repeat(65_525);
      const ok = await post(t.app, comment({ email: 'long@example.com', body }));
      // 64 K of one emoji may well wait for a moderator (202): either way it is stored whole.
      assert.ok([201, 202].includes(ok.statusCode), ok.body);
      const stored = await t.store.getComment(ok.json().id);
      assert.equal(stored!.body, body);
      const over = await post(t.app, comment({ email: 'long2@example.com', body: `${body}a` }));
      assert.equal(over.statusCode, 422);
      assert.equal(over.json().error.fields.body.code, 'TOO_LONG');
    });

    test('the same comment twice is a 409 duplicate', async () => {
      const c = comment({ email: 'dup@example.com', body: 'Said once.' });
      assert.equal((await post(t.app, c)).statusCode, 201);
      const again = await post(t.app, c);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'DUPLICATE_COMMENT');
    });

    test('error messages follow the site language', async () => {
      const fr = await testApp({}, { backend, lang: 'fr' });
      try {
        const res = await post(fr.app, { thread: ARTICLE });
        assert.match(res.json().error.fields.name.message, /obligatoire/);
      } finally {
        await fr.close();
      }
    });
  });

  describe(`flood control (${backend})`, () => {
    test('a second comment within 15 s from the same network or email gets 429 with Retry-After', async () => {
      const t = await testApp({}, { backend });
      try {
        const ip = '2001:db8:aa:bb:1::1';
        const first = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: ip,
          headers: { 'content-type': 'application/json' },
          payload: comment({ email: 'a1@example.com', body: 'one' }),
        });
        assert.equal(first.statusCode, 201);
        // Another address in the same IPv6 /64, another email: still the same network.
        const sameNet = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: '2001:db8:aa:bb:ffff::2',
          headers: { 'content-type': 'application/json' },
          payload: comment({ email: 'a2@example.com', body: 'two' }),
        });
        assert.equal(sameNet.statusCode, 429);
        assert.equal(sameNet.json().error.code, 'RATE_LIMITED');
        assert.ok(Number(sameNet.headers['retry-after']) >= 1 && Number(sameNet.headers['retry-after']) <= 15);
        // Same email from another network.
        const sameEmail = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: '198.51.100.7',
          headers: { 'content-type': 'application/json' },
          payload: comment({ email: 'a1@example.com', body: 'three' }),
        });
        assert.equal(sameEmail.statusCode, 429);
        // Another /64 and another email is fine.
        const other = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: '2001:db8:aa:bc::1',
          headers: { 'content-type': 'application/json' },
          payload: comment({ email: 'a3@example.com', body: 'four' }),
        });
        assert.equal(other.statusCode, 201);
        t.clock.advance(16_000);
        const later = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          remoteAddress: ip,
          headers: { 'content-type': 'application/json' },
          payload: comment({ email: 'a1@example.com', body: 'five' }),
        });
        assert.equal(later.statusCode, 201);
      } finally {
        await t.close();
      }
    });

    test('X-Forwarded-For from an untrusted peer does not change who is counted', async () => {
      const t = await testApp({}, { backend });
      try {
        const send = (xff: string, email: string) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/comments',
            remoteAddress: '203.0.113.9',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
            payload: comment({ email, body: `A note from ${email.split('@')[0]} about the vote.` }),
          });
        assert.equal((await send('192.0.2.1', 'x1@example.com')).statusCode, 201);
        assert.equal((await send('192.0.2.2', 'x2@example.com')).statusCode, 429);
      } finally {
        await t.close();
      }
    });

    test('with PARLEY_TRUSTED_PROXIES the forwarded client address is used', async () => {
      const t = await testApp({ PARLEY_TRUSTED_PROXIES: '203.0.113.9' }, { backend });
      try {
        const send = (xff: string, email: string) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/comments',
            remoteAddress: '203.0.113.9',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
            payload: comment({ email, body: `A note from ${email.split('@')[0]} about the vote.` }),
          });
        assert.equal((await send('192.0.2.1', 'y1@example.com')).statusCode, 201);
        assert.equal((await send('192.0.2.2', 'y2@example.com')).statusCode, 201);
      } finally {
        await t.close();
      }
    });
  });
}
