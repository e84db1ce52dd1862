// /privacy describes the site the reader came from, not every site of the install: another
// newsroom's name, settings and every site's allowed origins stay out of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import { newSecret } from '../../src/core/tokens.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

describe('the privacy page names one site', () => {
  let t: TestApp;
  let other: string;
  before(async () => {
    t = await testApp({}, { origins: ['https://news.example.com', 'https://staging.news.example.com'] });
    other = newId();
    await t.store.createSite({
      id: other,
      name: 'Sister Title Weekly',
      origins: ['https://weekly.example.org'],
      lang: 'en',
      settings: { editWindowMinutes: 7 },
      avatar_secret: newSecret(),
      is_default: false,
      created_at: Date.now(),
    });
  });
  after(async () => t.close());

  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ url, headers });
    assert.equal(res.statusCode, 200, res.body.slice(0, 200));
    return res.body;
  };

  test('without a hint: the default site only, no origins', async () => {
    const body = await page('/privacy');
    assert.match(body, /<h3>Test news<\/h3>/);
    assert.doesNotMatch(body, /Sister Title Weekly/);
    assert.doesNotMatch(body, /staging\.news\.example\.com|weekly\.example\.org/);
  });

  test('?site= or the Referer of another site’s page: that site only, with its own settings', async () => {
    for (const body of [
      await page(`/privacy?site=${other}`),
      await page('/privacy', { referer: 'https://weekly.example.org/2026/12/story' }),
    ]) {
      assert.match(body, /<h3>Sister Title Weekly<\/h3>/);
      assert.match(body, /for 7 minutes after posting/);
      assert.doesNotMatch(body, /Test news/);
      assert.doesNotMatch(body, /weekly\.example\.org|news\.example\.com/);
    }
  });

  test('an unknown ?site= is a 404 naming the problem', async () => {
    const res = await t.app.inject({ url: '/privacy?site=01ZZZZZZZZZZZZZZZZZZZZZZZZ' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /site/i);
  });
});
