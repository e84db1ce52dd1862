// Every route of the server's own table that needs no dashboard session (the public API, the
// pages, the moderation-key API, the Akismet-compatible API) is fuzzed with hostile path
// parameters, query strings, bodies and content types: never a 5xx, never a hang, always our
// error envelope when refused. The dashboard's routes are in route-fuzz-dashboard.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import Fastify from 'fastify';
import fc from 'fast-check';
import { registerErrorHandler } from '../../src/server/plugins/error-handler.ts';
import { strictJson } from '../../src/server/body-parsers.ts';
import type { ParleyRoute } from '../../src/server/app.ts';
import { ARTICLE, comment, post, testApp, type TestApp } from '../helpers/app.ts';
import {
  checkAnswer,
  fuzzRoute,
  classes,
  fuzzSeed,
  requests,
  sampleFor,
  send,
  type Answer,
  type Bases,
} from '../helpers/route-fuzz.ts';

let t: TestApp;
const valid: Record<string, string[]> = {};
let moderationKey = '';
let adminKey = '';
let akismetKey = '';
// Requests each route accepts, filled in once the fixtures exist: the fuzz adds to them.
const queries: string[] = [];
const bodies: Bases = {};

before(async () => {
  t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { demo: true });
  // For the live stream only (see send()): everything else is injected.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const root = await post(t.app, comment());
  assert.equal(root.statusCode, 201);
  const held = await post(t.app, comment({ body: 'held: http://a.example http://b.example' }));
  moderationKey = (await t.app.parley.keys.create(t.siteId, 'moderation', 'fuzz')).key;
  akismetKey = (await t.app.parley.keys.create(t.siteId, 'akismet', 'fuzz')).key;
  adminKey = (await t.app.parley.keys.create(t.siteId, 'admin', 'fuzz')).key;
  const { id, author } = root.json().comment as { id: string; author: { avatar: string } };
  const editToken = root.json().editToken as string;
  const viewToken = held.json().viewToken as string;
  const thread = encodeURIComponent(ARTICLE);
  Object.assign(valid, {
    id: [id, held.json().id as string],
    seed: [`${author.avatar}.svg`, author.avatar],
    slug: ['france-russia-syria'],
    site: [t.siteId],
    file: ['embed.js', 'widget.0123456789ab.js', 'index.html'],
    '*': ['comments', 'threads', `comments/${id}`],
    query: [ARTICLE, t.siteId, id, viewToken, akismetKey, 'https://news.example.com', 'wxr', 'parley'],
  });
  queries.push(`thread=${thread}`, `thread=${thread}&comment=${id}`, `site=${t.siteId}&thread=${thread}`);
  queries.push(`comment=${id}&viewToken=${viewToken}&thread=${thread}`, `api_key=${akismetKey}`);
  bodies.json = [comment(), { body: 'An edit', editToken }, { editToken }, { reason: 'spam' }, { verdict: 'spam' }];
  const fields = `blog=${encodeURIComponent('https://news.example.com')}&user_ip=203.0.113.9&comment_content=Hello`;
  bodies.form = [`api_key=${akismetKey}&${fields}`, `key=${akismetKey}&blog=x`, `thread=${thread}&name=A&body=Hi`];
});
after(async () => t.close());

// Names the routes read from the query and the body, so the fuzz reaches past the first check.
const QUERY = [
  'thread',
  'site',
  'cursor',
  'comment',
  'limit',
  'viewToken',
  'sort',
  'before',
  'preview',
  'replyto',
  'format',
];
const QUERY_KEYS = [...QUERY, 'api_key', 'key', 'blog', 'return'];
const FIELDS = ['thread', 'parent', 'name', 'email', 'website', 'body', 'reason', 'verdict', 'formToken', 'viewToken'];
const AKISMET = ['api_key', 'key', 'blog', 'user_ip', 'comment_content', 'comment_author_email', 'user_agent'];

/** Per route: a body gives a request more to vary than a query alone. */
function runsFor(route: ParleyRoute): number {
  if (route.method === 'GET') return 120;
  return route.url.startsWith('/1.1/') ? 150 : 200;
}

function headersFor(route: ParleyRoute): fc.Arbitrary<Record<string, string>> {
  const none: Record<string, string> = {};
  if (route.url.startsWith('/api/v1/moderation/'))
    return fc.constantFrom(none, { authorization: `Bearer ${moderationKey}` }, { authorization: 'Bearer __proto__' });
  if (route.url.startsWith('/api/v1/admin/'))
    return fc.constantFrom(none, { authorization: `Bearer ${adminKey}` }, { authorization: 'Bearer __proto__' });
  return fc.constantFrom(none, { origin: 'https://news.example.com' }, { origin: 'null' });
}

// The one 503 allowed: the dashboard's shell where `npm run build` has not built it (a checkout
// that only runs tests); `npm test` builds first, and there the shell must answer like the rest.
const dashboardBuilt = existsSync(new URL('../../dist/admin/manifest.json', import.meta.url));

function checkFor(route: ParleyRoute) {
  return (res: Answer, what: string) => {
    if (route.url === '/admin' && !dashboardBuilt && res.statusCode === 503) return;
    checkAnswer(route, res, what);
  };
}

test('every route without a session: hostile params, queries and bodies never get a 5xx', async () => {
  const seed = fuzzSeed();
  const routes = t.app.parleyRoutes.filter((r) => !r.url.startsWith('/admin/api/'));
  const kinds: Record<string, number> = {};
  const started = performance.now();
  for (const route of routes) {
    const kind = route.url.startsWith('/1.')
      ? 'akismet'
      : route.url.startsWith('/api/v1/moderation/')
        ? 'moderation'
        : route.url.startsWith('/api/v1/admin/')
          ? 'admin-key'
          : route.html
            ? 'page'
            : 'public';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const akismet = kind === 'akismet';
    const sample = sampleFor(route, {
      valid,
      queryNames: QUERY_KEYS,
      fields: akismet ? AKISMET : FIELDS,
      headers: headersFor(route),
      queries,
      bodies,
    });
    await fuzzRoute(t.app, route, sample, { seed, numRuns: runsFor(route), check: checkFor(route) });
  }
  console.log(
    `# ${routes.length} routes (${JSON.stringify(kinds)}), ${requests.count} requests in ${Math.round(performance.now() - started)} ms (${classes()})`,
  );
  assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  // A stream's end reaches the server a moment after the client hung up.
  for (let i = 0; i < 50 && t.app.parley.streams.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(t.app.parley.streams.size, 0, 'every stream the fuzz opened was closed');
});

// The checker must notice what it is for: a route that fails on a body it did not expect, one
// that answers a refusal without our envelope, one that hangs, and the Akismet API's hidden 5xx.
test('negative control: the fuzz notices a 5xx, a bare refusal, a hang and a hidden Akismet failure', async () => {
  const app = Fastify({ logger: false });
  strictJson(app);
  registerErrorHandler(app);
  // The shape of a real bug: a field read from a body that may be null, an array, a string.
  app.post('/boom', async (req) => ({ name: (req.body as { name: { length: number } }).name.length }));
  app.get('/bare', async (_req, reply) => reply.code(400).send('no'));
  app.get('/hang', () => new Promise(() => {}));
  await app.ready();
  const route = (method: string, url: string): ParleyRoute => ({ method, url, public: true, html: false });
  const opts = { valid: {}, queryNames: ['q'], fields: ['name'] };
  try {
    const boom = route('POST', '/boom');
    await assert.rejects(fuzzRoute(app, boom, sampleFor(boom, opts), { seed: 1, numRuns: 100 }), /500 for POST \/boom/);
    const bare = route('GET', '/bare');
    await assert.rejects(
      fuzzRoute(app, bare, sampleFor(bare, opts), { seed: 1, numRuns: 5 }),
      /content-type text\/plain/,
    );
    const hang = route('GET', '/hang');
    await assert.rejects(send(app, hang, { params: {}, query: '', body: null, headers: {} }), /no answer within/);
    const hidden: Answer = {
      statusCode: 200,
      headers: { 'x-akismet-debug-help': 'Parley could not answer this request' },
      body: 'Temporary failure, try again.',
    };
    assert.throws(() => checkAnswer(route('POST', '/1.1/comment-check'), hidden, 'fake'), /Temporary failure/);
    assert.throws(() => checkAnswer(route('GET', '/x'), { statusCode: 503, headers: {}, body: '' }, 'fake'), /503/);
  } finally {
    await app.close();
  }
});
