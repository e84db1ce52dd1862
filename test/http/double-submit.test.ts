// A comment sent twice (a double click, a resent form) within the flood window: the second
// answer is 409 DUPLICATE_COMMENT naming the first comment's id, as WordPress answers, not a
// 429 that tells the reader to wait and try again. The no-JavaScript form says so in words.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTICLE, post, testApp, type TestApp } from '../helpers/app.ts';

describe('double submission', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '15' });
  });
  after(async () => t.close());

  test('the same comment again is 409 with the existing id; a different one is still 429', async () => {
    const comment = { thread: ARTICLE, name: 'Anne', email: 'anne@example.com', body: 'Sent twice by a double click.' };
    const first = await post(t.app, comment);
    assert.equal(first.statusCode, 201, first.body);
    const again = await post(t.app, comment);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'DUPLICATE_COMMENT');
    assert.equal(again.json().error.params.id, first.json().id);
    const other = await post(t.app, { ...comment, body: 'Something else, too soon.' });
    assert.equal(other.statusCode, 429, 'flood control still applies to a different comment');
    const page = await t.app.inject({ url: `/api/v1/threads?thread=${encodeURIComponent(ARTICLE)}` });
    assert.equal(page.json().comments.length, 1, 'stored once');
  });
});
