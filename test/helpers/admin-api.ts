// What the dashboard API's test files (test/http/admin-*.test.ts) set up the same way: the
// staff's requests bound to the describe's app, and commenters posting through the public API.
import assert from 'node:assert/strict';
import { call, login, STAFF_PASSWORD, type Who } from './admin-session.ts';
import { comment, type TestApp } from './app.ts';

/** `login` and `call` (see admin-session.ts) bound to a describe's app, read when called: it is built in `before`. */
export function staffRequests(app: () => TestApp) {
  return {
    login: (email: string, password = STAFF_PASSWORD) => login(app(), email, password),
    call: (
      who: Who | null,
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) => call(app(), who, method, url, payload, headers),
  };
}

/** Posts `body` to the test article as Reader n (readern@example.com, from 203.0.113.n), to the default site or `site`; returns its id. */
export async function postAsReader(t: TestApp, n: number, body: string, site?: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/comments${site ? `?site=${site}` : ''}`,
    remoteAddress: `203.0.113.${n}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(comment({ name: `Reader ${n}`, email: `reader${n}@example.com`, body })),
  });
  return res.json().id as string;
}

/**
 * Posts a comment to `thread` as Reader n (from 203.0.113.(n % 250)), with `fields` over the
 * defaults; it must be taken (published or held). Returns its id and status.
 */
export async function postToThread(
  t: TestApp,
  n: number,
  thread: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; status: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    remoteAddress: `203.0.113.${n % 250}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(
      comment({
        thread,
        name: `Reader ${n}`,
        email: `reader${n}@example.com`,
        body: `Comment number ${n} on this story.`,
        ...fields,
      }),
    ),
  });
  assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
  return res.json() as { id: string; status: string };
}

/** The public API's page of `thread` (with `query` appended), as JSON. */
export async function threadPage(t: TestApp, thread: string, query = '') {
  return (await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(thread)}${query}` })).json();
}
