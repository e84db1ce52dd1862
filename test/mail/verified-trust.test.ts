// A confirmed address counts as verified for the trust check (issue 14): a later comment by a
// reader who confirmed her address gets more trust (a lower score, a reason that says so) than
// the same history with an unconfirmed address; moderators see the confirmation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, login, staffSites } from '../helpers/admin-session.ts';
import type { TestApp } from '../helpers/app.ts';
import { postAs, withConfirmedFollower } from './mail-flow.ts';

async function trustOf(app: TestApp, id: string) {
  const c = await app.store.getComment(id);
  return (c?.spam_reasons ?? []).find((r) => r.check === 'trust');
}

test('a confirmed address lowers the trust check’s score for a later comment; an unconfirmed one does not', async (t) => {
  // anne.reader@example.org posted once (approved), asked for mail and confirmed.
  const { app, follower } = await withConfirmedFollower(t);
  // Ben has the same history, but never confirmed his address.
  await postAs(app, 'ben.reader@example.org', { notify: true });
  const anneLater = await postAs(app, follower, { body: 'A second thought on the matter, from Anne.' });
  const benLater = await postAs(app, 'ben.reader@example.org', { body: 'A second thought on the matter, from Ben.' });
  assert.equal(anneLater.status, 'published');
  assert.equal(benLater.status, 'published');
  const anne = await trustOf(app, anneLater.id);
  const ben = await trustOf(app, benLater.id);
  assert.ok(anne && ben, 'the trust check spoke for both');
  assert.equal(ben.score, -2);
  assert.match(ben.reason, /\(unverified\)/);
  assert.equal(anne.score, -3);
  assert.match(anne.reason, /a confirmed email/);
  assert.ok(anne.score < ben.score);

  await staffSites(app);
  const admin = await login(app, 'admin@example.com');
  const seen = async (id: string) =>
    (await call(app, admin, 'GET', `/admin/api/sites/${app.siteId}/comments/${id}`)).json().comment.author
      .emailConfirmed;
  assert.equal(await seen(anneLater.id), true);
  assert.notEqual(await seen(benLater.id), true);
});
