// Field names that every plain JavaScript object inherits ("constructor", "toString", "__proto__"…)
// are unknown fields like any other: refused by name in the public API and the dashboard, never
// saved into a site's settings, never turned into a label from Object.prototype.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ARTICLE, post, testApp, type TestApp } from '../helpers/app.ts';
import { call, login, staffSites, type Who } from '../helpers/admin-session.ts';

const INHERITED = [
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'prototype',
];
const GOOD = { thread: ARTICLE, name: 'Anne', email: 'anne@example.com', body: 'A comment about the article.' };

/** A JSON text with `name` as an own key (JSON.stringify of an object literal would drop "__proto__"). */
const withKey = (base: Record<string, unknown>, name: string, value: unknown) =>
  `${JSON.stringify(base).slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`;

/** The error body of a refused request (a 400 BAD_JSON has no `fields`). */
type ErrorBody = { error: { code: string; fields: Record<string, { code: string; message: string }> } };

/** Refused with a 4xx; a 422 names the field as unknown, in words that are not a function's source. */
function refusedNaming(res: { statusCode: number; json(): unknown; body: string }, name: string) {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const error = (res.json() as ErrorBody).error;
  assert.match(error.code, /^[A-Z_]+$/);
  // Fastify's JSON parser refuses "__proto__" (and constructor.prototype) outright, as 400 BAD_JSON.
  if (res.statusCode === 422) {
    assert.ok(Object.hasOwn(error.fields, name), `${name}: named in ${JSON.stringify(error.fields)}`);
    assert.equal(error.fields[name].code, 'UNKNOWN_FIELD');
    assert.doesNotMatch(error.fields[name].message, /function|native code|\[object/);
  } else {
    assert.equal(name, '__proto__', `${name} answered ${res.statusCode}`);
  }
}

describe('inherited names are unknown fields', () => {
  let t: TestApp;
  let admin: Who;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0' });
    await staffSites(t);
    admin = await login(t, 'admin@example.com');
  });
  after(async () => t.close());

  test('POST /api/v1/comments refuses each, naming it', async () => {
    for (const name of INHERITED) refusedNaming(await post(t.app, withKey(GOOD, name, 1)), name);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('an edit and a report refuse each, naming it', async () => {
    const created = await post(t.app, GOOD);
    assert.equal(created.statusCode, 201, created.body);
    const { id, editToken } = created.json();
    for (const name of INHERITED) {
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${id}`,
        headers: { 'content-type': 'application/json' },
        payload: withKey({ body: 'Changed', editToken }, name, 1),
      });
      refusedNaming(edit, name);
      const report = await t.app.inject({
        method: 'POST',
        url: `/api/v1/comments/${id}/reports`,
        headers: { 'content-type': 'application/json' },
        payload: withKey({ reason: 'spam' }, name, 1),
      });
      refusedNaming(report, name);
    }
  });

  test('the dashboard never saves them into site settings', async () => {
    for (const name of INHERITED) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/admin/api/sites/${t.siteId}/settings`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        payload: withKey({ holdScore: 4 }, name, 5),
      });
      refusedNaming(res, name);
    }
    const site = await t.store.getSite(t.siteId);
    assert.deepEqual(site!.settings, {}, 'nothing was saved, not even the valid key beside them');
    const shown = await call(t, admin, 'GET', `/admin/api/sites/${t.siteId}/settings`);
    for (const name of INHERITED) assert.ok(!Object.hasOwn(shown.json().settings, name), `${name} is not a setting`);
  });

  test('fuzz: any mix of inherited and known names is answered by name, never 5xx', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
    console.log(`# fuzz seed ${seed} (FUZZ_SEED=${seed} to replay)`);
    const value = fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 20 }),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      fc.object({ maxDepth: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...INHERITED.filter((n) => n !== '__proto__')), { minLength: 1, maxLength: 4 }),
        value,
        async (names, v) => {
          let payload = JSON.stringify(GOOD);
          for (const name of names) payload = withKey(JSON.parse(payload), name, v);
          const res = await post(t.app, payload);
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${payload}`);
          if (res.statusCode === 422)
            for (const name of names) assert.equal(res.json().error.fields[name]?.code, 'UNKNOWN_FIELD', payload);
          else assert.equal(res.statusCode, 400, `${res.statusCode} for ${payload}: ${res.body.slice(0, 200)}`);
          const settings = await call(
            t,
            admin,
            'PATCH',
            `/admin/api/sites/${t.siteId}/settings`,
            JSON.parse(payload.replace(JSON.stringify(GOOD).slice(1, -1), '"holdScore":4')),
          );
          assert.ok(settings.statusCode >= 400 && settings.statusCode < 500, `settings: ${settings.statusCode}`);
        },
      ),
      { numRuns: 60, seed },
    );
    const site = await t.store.getSite(t.siteId);
    assert.deepEqual(site!.settings, {});
  });
});
