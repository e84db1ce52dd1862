// The page a comment is posted under reaches the checks, whichever way the comment arrives: the
// thread's title through the public API (stored with the thread, not resent by later comments,
// read again on edits) and Akismet's `comment_context` and `permalink` through the Akismet-
// compatible API. The praise check shows it: an empty compliment that shares no word with the
// page says so in its reason, and the same compliment naming what the title is about does not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBackends, comment, testApp, type TestApp } from '../helpers/app.ts';
import { akismetRequests } from '../helpers/akismet.ts';

const TITLE = 'Council approves harbour budget after a second vote';
// No word of the title in the address: what the check knows of the harbour comes from the title.
const THREAD = 'https://news.example.com/2026/03/a17';
const EMPTY = 'Wonderful article, thanks for sharing it with us!';
const ON_TOPIC = 'Wonderful article on the harbour budget vote, thanks for sharing it with us!';
type Reason = { check: string; reason: string };

for (const backend of await apiBackends()) {
  describe(`the page reaches the checks (${backend})`, () => {
    let t: TestApp;
    let moderation: string;
    let akismet: string;
    let n = 0;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      moderation = (await t.app.parley.keys.create(t.siteId, 'moderation', 'tests')).key;
      akismet = (await t.app.parley.keys.create(t.siteId, 'akismet', 'tests')).key;
    });
    after(() => t.close());

    const postAs = (body: Record<string, unknown>) => {
      n++;
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: `198.51.100.${n}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(comment({ name: `Reader ${n}`, email: `reader${n}@example.com`, ...body })),
      });
    };
    const mod = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${moderation}` } });
    const praiseOf = (reasons: Reason[]) => reasons.find((r) => r.check === 'praise')?.reason ?? '';

    test('through the public API: the thread’s stored title, on posts and on edits', async () => {
      const first = await postAs({ thread: THREAD, title: TITLE, body: 'The second vote was closer than the first.' });
      assert.ok(first.statusCode < 300, first.body);
      const reasonsOf = async (id: string) =>
        (await mod(`/api/v1/moderation/comments/${id}`)).json().comment.spam.reasons as Reason[];
      // No title sent: the thread created by the first comment holds it.
      const empty = await postAs({ thread: THREAD, body: EMPTY, website: 'https://reader.example' });
      const onTopic = await postAs({ thread: THREAD, body: ON_TOPIC, website: 'https://reader.example' });
      assert.match(praiseOf(await reasonsOf(empty.json().id)), /no word in common with the page/);
      assert.doesNotMatch(praiseOf(await reasonsOf(onTopic.json().id)), /no word in common/);
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/comments/${onTopic.json().id}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ editToken: onTopic.json().editToken, body: EMPTY }),
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.match(praiseOf(await reasonsOf(onTopic.json().id)), /no word in common with the page/);
    });

    test('through the Akismet API: comment_context and permalink', async () => {
      // Every verdict past 1 point is a discard here, so the discard log shows its reasons.
      await t.store.updateSite(t.siteId, { settings: { holdScore: 1, spamScore: 1, discardScore: 1 } });
      await t.app.parley.sites.reload();
      const { check } = akismetRequests(
        () => t,
        () => akismet,
      );
      const reasonsOf = async (body: string) => {
        const res = await check({
          comment_content: body,
          comment_author: 'Anne',
          comment_author_url: 'https://reader.example',
          permalink: THREAD,
          'comment_context[0]': TITLE,
          'comment_context[1]': 'Local news',
        });
        assert.equal(res.body, 'true', 'judged past the lowered line');
        const guid = res.headers['x-akismet-guid'];
        const log = (await mod('/api/v1/moderation/discards')).json().discards as {
          id: string;
          spam: { reasons: Reason[] };
        }[];
        const entry = log.find((d) => d.id === guid);
        assert.ok(entry, 'in the discard log');
        return entry.spam.reasons;
      };
      assert.match(praiseOf(await reasonsOf(EMPTY)), /no word in common with the page/);
      assert.doesNotMatch(praiseOf(await reasonsOf(ON_TOPIC)), /no word in common/);
    });
  });
}
