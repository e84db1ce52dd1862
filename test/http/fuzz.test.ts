// Property test of the posting endpoint: whatever arrives, the answer is a 2xx or a 4xx with
// an error code (never a 5xx), within a time budget, and the server keeps answering.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ARTICLE, post, testApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ PARLEY_FLOOD_SECONDS: '0' });
});
after(async () => t.close());

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udfff',
    '😀'.repeat(246),
    'x'.repeat(65_526),
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    '1e309',
    '-0',
  ),
  fc.jsonValue(),
);

const commentLike = fc.record(
  {
    thread: fc.oneof(fc.constant(ARTICLE), nasty),
    parent: fc.oneof(fc.constant(null), nasty),
    name: fc.oneof(fc.constant('Anne'), nasty),
    email: fc.oneof(fc.constant('anne@example.com'), nasty),
    website: fc.oneof(fc.constant('https://anne.example'), nasty),
    body: fc.oneof(fc.constant('Hello'), nasty),
    title: nasty,
    __proto__: nasty,
    extra: nasty,
  },
  { requiredKeys: [] },
);

test('POST /api/v1/comments never answers 5xx, whatever the JSON', async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
  console.log(`# fuzz seed ${seed} (FUZZ_SEED=${seed} to replay)`);
  await fc.assert(
    fc.asyncProperty(fc.oneof(commentLike, fc.jsonValue()), async (body) => {
      const started = performance.now();
      const res = await post(t.app, JSON.stringify(body));
      assert.ok(
        res.statusCode < 500,
        `${res.statusCode} for ${JSON.stringify(body).slice(0, 200)}: ${res.body.slice(0, 200)}`,
      );
      if (res.statusCode >= 400) assert.match(res.json().error.code, /^[A-Z_]+$/);
      assert.ok(performance.now() - started < 2000, 'answered within 2 s');
    }),
    { numRuns: 300, seed },
  );
  assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
});

test('raw bytes and wrong content types are 4xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'application/json; charset=latin1'),
      async (bytes, type) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/comments',
          headers: { 'content-type': type },
          payload: Buffer.from(bytes),
        });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}`);
      },
    ),
    { numRuns: 150, seed: 7 },
  );
});
