// What the Akismet-compatible API's injection tests (test/http/akismet-*.test.ts) share: the
// values they send, the requests bound to the describe's app and key, and the check of a
// plain-text protocol answer.
import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';

export const BLOG = 'https://news.example.com';
export const HAM = 'I think the minister is wrong about the budget: the figures in the second table do not add up.';
export const SPAM = 'Subscribe to my channel for free money!!! http://spam.example';
export const FORM = 'application/x-www-form-urlencoded; charset=UTF-8';
export const EMAIL = 'Reader.Secret@example.org';
export const IP = '203.0.113.9';

/**
 * `send` (a form to a path) and `check` (a comment-check with the key, blog and IP filled in),
 * bound to a describe's app and key, read when called: both are made in `before`.
 */
export function akismetRequests(app: () => TestApp, key: () => string) {
  const send = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app().app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': FORM, ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  const check = (fields: Record<string, string>, headers?: Record<string, string>) =>
    send('/1.1/comment-check', { api_key: key(), blog: BLOG, user_ip: IP, ...fields }, headers);
  return { send, check };
}

/** A 200 plain-text answer of exactly `body`, with the debug header only when `opts.debug`. */
export function plain(
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
