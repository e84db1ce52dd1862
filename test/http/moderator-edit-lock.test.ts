// Once a moderator has edited a comment, its author's edit token no longer edits it: an author's
// edit would otherwise silently undo the moderator's while the comment still says "edited by a
// moderator". The author may still delete it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTICLE, post, testApp, type TestApp } from '../helpers/app.ts';
import { call, login, staffSites } from '../helpers/admin-session.ts';

describe('a moderator’s edit is the last word', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ PARLEY_FLOOD_SECONDS: '0' });
    await staffSites(t);
  });
  after(async () => t.close());

  const authorEdit = (id: string, editToken: string, body: string) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/comments/${id}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ body, editToken }),
    });

  test('the author edits until a moderator does; then only deleting is left to them', async () => {
    const created = await post(t.app, {
      thread: ARTICLE,
      name: 'Anne',
      email: 'anne@example.com',
      body: 'Teh first draft.',
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id, editToken } = created.json();
    assert.equal((await authorEdit(id, editToken, 'The first draft.')).statusCode, 200, 'the author may edit at first');

    const mod = await login(t, 'mod@example.com');
    const moderated = await call(t, mod, 'PATCH', `/admin/api/sites/${t.siteId}/comments/${id}`, {
      body: 'The first draft, trimmed.',
    });
    assert.equal(moderated.statusCode, 200, moderated.body);

    const refused = await authorEdit(id, editToken, 'Undoing the moderator.');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'EDITED_BY_MODERATOR');
    assert.match(refused.json().error.message, /moderator/);
    assert.equal((await t.store.getComment(id))?.body, 'The first draft, trimmed.', 'the moderator’s text stands');

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/comments/${id}`,
      headers: { 'x-parley-edit-token': editToken },
    });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal((await t.store.getComment(id))?.status, 'deleted');
  });
});
