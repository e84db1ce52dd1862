// A page of the moderation queue explains its comments (the classifier's words that weighed
// most) only up to a number of characters: working them out reads each text again, and a page
// of long comments would otherwise hold the server's thread for seconds. The rest come with
// words: null, and the comment's own view explains it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPLAINED_PER_PAGE, explainedNow } from '../../src/core/moderation/explain-page.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { staffSites } from '../helpers/admin-session.ts';
import { postAsReader, staffRequests } from '../helpers/admin-api.ts';

test('a page explains rows in order until its characters are spent; the first row always', () => {
  assert.deepEqual(explainedNow([100, 200, 300], 1000), [true, true, true]);
  assert.deepEqual(explainedNow([5000, 10, 10], 1000), [true, false, false]);
  assert.deepEqual(explainedNow([600, 600, 300], 1000), [true, false, true]);
  assert.deepEqual(explainedNow([]), []);
});

describe('the queue with long held comments', () => {
  let t: TestApp;
  const { login, call } = staffRequests(() => t);
  const LONG = 30_000;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0', PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat' });
    await staffSites(t);
  });
  after(() => t.close());

  test('a page of long comments costs little and leaves their words to the single view', async () => {
    // Emoji between words are among the costliest shapes to read (test/spam/linear-cost.test.ts);
    // two links hold each comment for a moderator.
    const body = (i: number) => `${'ab😀 '.repeat(LONG / 5)} https://a.example/${i} https://b.example/${i}`;
    const ids: string[] = [];
    for (let i = 1; i <= 12; i++) ids.push(await postAsReader(t, i, body(i)));
    const mod = await login('mod@example.com');
    const statuses = new Set<string>();
    let items: { id: string; spam: { words: unknown[] | null } }[] = [];
    for (const queue of ['pending', 'spam']) {
      const page = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/queues/${queue}?limit=100`)).json();
      if (page.items.some((i: { id: string }) => ids.includes(i.id))) statuses.add(queue);
      items = items.concat(page.items.filter((i: { id: string }) => ids.includes(i.id)));
    }
    assert.equal(items.length, ids.length, `all held somewhere (${[...statuses]})`);

    // Per page, as many as fit in the budget are explained, the rest are not.
    const explained = items.filter((i) => i.spam.words !== null).length;
    assert.ok(explained >= 1 && explained <= Math.ceil(EXPLAINED_PER_PAGE / LONG) * statuses.size, `${explained}`);
    assert.ok(items.some((i) => i.spam.words === null));

    // The text a page's request reads to explain: within the budget (and the first comment's).
    const spam = t.app.parley.spam;
    const explainText = spam.explainText.bind(spam);
    let read = 0;
    spam.explainText = (siteId, text, extras) => {
      read += text.length;
      return explainText(siteId, text, extras);
    };
    try {
      for (const queue of statuses) {
        read = 0;
        await call(mod, 'GET', `/admin/api/sites/${t.siteId}/queues/${queue}?limit=100`);
        assert.ok(read > 0 && read <= Math.max(EXPLAINED_PER_PAGE, body(1).length), `${queue}: ${read} characters`);
      }
    } finally {
      spam.explainText = explainText;
    }

    // The comment's own view works its words out.
    const left = items.find((i) => i.spam.words === null)!;
    const single = (await call(mod, 'GET', `/admin/api/sites/${t.siteId}/comments/${left.id}`)).json().comment;
    assert.ok(Array.isArray(single.spam.words) && single.spam.words.length > 0);
  });
});
