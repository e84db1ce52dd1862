// The dashboard's API (/admin/api/...), from the server's own route table, fuzzed like every
// other route (see route-fuzz.test.ts): once as the test site's admin, with their cookie and
// CSRF token, and once as nobody, when every answer must be a refusal: never data, never a 5xx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ParleyRoute } from '../../src/server/app.ts';
import { comment, post, testApp, type TestApp } from '../helpers/app.ts';
import { call, login, STAFF_PASSWORD, staffSites, type Who } from '../helpers/admin-session.ts';
import {
  checkAnswer,
  fuzzRoute,
  classes,
  fuzzSeed,
  requests,
  sampleFor,
  type Answer,
  type Bases,
} from '../helpers/route-fuzz.ts';

let t: TestApp;
const valid: Record<string, string[]> = {};
const queries: string[] = [];
const bodies: Bases = {};
let routes: ParleyRoute[] = [];
// One seed for both passes: FUZZ_SEED replays the file.
const seed = fuzzSeed();

before(async () => {
  t = await testApp({ PARLEY_FLOOD_SECONDS: '0' });
  // For the live queue counts only (see send()): everything else is injected.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const other = await staffSites(t);
  const admin = await login(t, 'admin@example.com');
  const root = (await post(t.app, comment())).json().id as string;
  const held = (await post(t.app, comment({ body: 'held: http://a.example http://b.example' }))).json().id as string;
  const ban = await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/bans`, {
    kind: 'email',
    value: 'x@y.example',
  });
  // Members are named by address in the path (an invited one like any other).
  await call(t, admin, 'POST', `/admin/api/sites/${t.siteId}/members`, {
    email: 'invited@example.com',
    role: 'moderator',
  });
  Object.assign(valid, {
    site: [t.siteId, other],
    id: [root, held, ban.json().ban.id as string],
    email: ['mod%40example.com', 'invited%40example.com'],
    queue: ['pending', 'reported', 'spam', 'approved', 'deleted'],
    query: [root, 'anne@example.com', 'Hello', '10'],
  });
  queries.push('q=considered', 'email=anne%40example.com', `limit=10&before=${root}`, 'days=7', 'author=Anne');
  queries.push('format=wxr', 'format=parley');
  bodies.json = [
    { action: 'approve' },
    { action: 'spam', ids: [root, held] },
    { body: 'A moderator’s edit' },
    { body: 'A reply', name: 'The desk' },
    { closed: true },
    { pinned: true },
    { role: 'moderator' },
    { email: 'anne@example.com', deleteText: false },
    { kind: 'domain', value: 'spam.example', days: 1, reason: 'spam' },
    { name: 'A paper', origins: ['https://paper.example'], lang: 'en' },
    { email: 'new@example.com', role: 'moderator' },
    { email: 'new@example.com', role: 'moderator', password: 'a long enough password' },
    { email: 'admin@example.com', password: 'not the password' },
  ];
  routes = t.app.parleyRoutes.filter((r) => r.url.startsWith('/admin/api/'));
});
after(async () => t.close());

const QUERY = ['q', 'author', 'email', 'article', 'before', 'limit', 'days', 'format'];
const FIELDS = ['action', 'ids', 'body', 'name', 'closed', 'pinned', 'role', 'email', 'password', 'deleteText'];
const MORE_FIELDS = ['kind', 'value', 'days', 'reason', 'origins', 'lang'];

/**
 * A fresh admin session, from an address of its own each time: logins are limited per network,
 * and this file signs in once per route.
 */
let signIns = 0;
async function signIn(): Promise<Who> {
  signIns++;
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/api/login',
    remoteAddress: `10.0.${signIns >> 8}.${signIns & 255}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email: 'admin@example.com', password: STAFF_PASSWORD }),
  });
  assert.equal(res.statusCode, 200, `signed in: ${res.body}`);
  return { cookie: String(res.headers['set-cookie']).split(';')[0], csrf: res.json().csrf as string };
}

/** Signing out ends the session the next requests need: those two go last, each on a fresh one. */
const SIGN_OUT = new Set(['/admin/api/logout', '/admin/api/logout-everywhere']);

function sample(route: ParleyRoute, who: () => Who | null) {
  const headers = fc.constant(null).map(() => {
    const w = who();
    return w ? { cookie: w.cookie, 'x-csrf-token': w.csrf } : ({} as Record<string, string>);
  });
  return sampleFor(route, { valid, queryNames: QUERY, fields: [...FIELDS, ...MORE_FIELDS], headers, queries, bodies });
}

test('every dashboard route as an admin: hostile params, queries and bodies never get a 5xx', async () => {
  const started = performance.now();
  const before = requests.count;
  const asAdmin = routes.filter((r) => r.url !== '/admin/api/login');
  const ordered = [...asAdmin.filter((r) => !SIGN_OUT.has(r.url)), ...asAdmin.filter((r) => SIGN_OUT.has(r.url))];
  for (const route of ordered) {
    // A fresh session per route: one route's fuzz may end it (a demoted or removed member).
    let who = await signIn();
    const signOut = SIGN_OUT.has(route.url);
    await fuzzRoute(
      t.app,
      route,
      sample(route, () => who),
      {
        seed,
        numRuns: signOut ? 15 : route.method === 'GET' ? 80 : 120,
        check: async (res, what) => {
          checkAnswer(route, res, what);
          if (signOut && res.statusCode === 204) who = await signIn();
        },
      },
    );
  }
  console.log(
    `# ${asAdmin.length} dashboard routes as admin, ${requests.count - before} requests in ${Math.round(performance.now() - started)} ms (${classes()})`,
  );
});

/**
 * Without a session nothing is served: a refusal for want of a session (401, or 403 for a
 * missing CSRF token), or one the request earned before the session was looked at (its body
 * could not be read; its path names no route). Never data, never a 5xx.
 */
const REFUSED_FIRST = new Set(['BAD_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_FOUND']);

function refused(route: ParleyRoute, res: Answer, what: string): void {
  checkAnswer(route, res, what);
  const code = String((JSON.parse(res.body || '{}') as { error?: { code?: string } }).error?.code);
  assert.ok([401, 403, 431].includes(res.statusCode) || REFUSED_FIRST.has(code), `${res.statusCode} ${code}: ${what}`);
}

test('every dashboard route without a session: only refusals, never a 5xx', async () => {
  const started = performance.now();
  const before = requests.count;
  // Classes from this pass only: none of its answers may be a 2xx.
  requests.byClass = {};
  // Login last: its failures may lock the admin's account, which the other routes do not need here.
  const ordered = [
    ...routes.filter((r) => r.url !== '/admin/api/login'),
    ...routes.filter((r) => r.url === '/admin/api/login'),
  ];
  for (const route of ordered) {
    const login = route.url === '/admin/api/login';
    await fuzzRoute(
      t.app,
      route,
      sample(route, () => null),
      {
        seed,
        numRuns: login ? 100 : 40,
        check: (res, what) => (login ? checkAnswer(route, res, what) : refused(route, res, what)),
      },
    );
  }
  console.log(
    `# ${routes.length} dashboard routes as nobody, ${requests.count - before} requests in ${Math.round(performance.now() - started)} ms (${classes()})`,
  );
  assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  for (let i = 0; i < 50 && t.app.parley.streams.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(t.app.parley.streams.size, 0, 'every stream the fuzz opened was closed');
});
