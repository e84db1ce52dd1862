// An unconfirmed request expires after 48 hours (issue 14): its confirmation link is refused
// from then on, and the retention job deletes the unconfirmed address and its subscriptions
// (a confirmed one stays). A request made again restarts the 48 hours for its new link.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { purgeExpired } from '../../src/core/jobs/retention.ts';
import { CONFIRM_TOKEN_MS } from '../../src/core/mail/mail-tokens.ts';
import { type TestApp, testApp } from '../helpers/app.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { flush, link, mailEnv, postAs } from './mail-flow.ts';

const HOUR = 3_600_000;
const noCompaction = { compact: async () => 0 };

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const smtp = await startSmtp();
  const app = await testApp(mailEnv(smtp.url), { build: { mailPollMs: 0 } });
  t.after(async () => {
    await app.close();
    await smtp.close();
  });
  return { smtp, app };
}

const address = (app: TestApp, email: string) => app.store.getMailAddress({ siteId: app.siteId, email });
const confirmPost = (app: TestApp, url: string) => app.app.inject({ method: 'POST', url });

test('a confirmation link works until 48 hours after it was sent, and is refused from then on', async (t) => {
  assert.equal(CONFIRM_TOKEN_MS, 48 * HOUR);
  const { smtp, app } = await setup(t);
  await postAs(app, 'late@example.org', { notify: true });
  await postAs(app, 'onTime@example.org', { notify: true });
  await flush(app);
  const [late, onTime] = await smtp.waitFor(2);
  const sentAt = app.clock.now();
  app.clock.set(sentAt + 48 * HOUR - 60_000);
  assert.equal((await confirmPost(app, link(onTime, '/mail/confirm'))).statusCode, 200);
  assert.notEqual((await address(app, 'ontime@example.org'))?.confirmed_at, null);
  app.clock.set(sentAt + 48 * HOUR + 60_000);
  const refused = await confirmPost(app, link(late, '/mail/confirm'));
  assert.equal(refused.statusCode, 404);
  assert.match(refused.body, /not valid or has expired/);
  assert.equal((await address(app, 'late@example.org'))?.confirmed_at, null, 'still unconfirmed');
});

test('the retention job deletes unconfirmed addresses and their subscriptions past 48 hours, not confirmed ones', async (t) => {
  const { smtp, app } = await setup(t);
  await postAs(app, 'never@example.org', { notify: true });
  await postAs(app, 'again@example.org', { notify: true });
  await postAs(app, 'yes@example.org', { notify: 'thread' });
  await flush(app);
  const mails = await smtp.waitFor(3);
  const yes = mails.find((m) => m.to[0] === 'yes@example.org')!;
  assert.equal((await confirmPost(app, link(yes, '/mail/confirm'))).statusCode, 200);
  const start = app.clock.now();
  const ids = {
    never: (await address(app, 'never@example.org'))!.id,
    again: (await address(app, 'again@example.org'))!.id,
    yes: (await address(app, 'yes@example.org'))!.id,
  };
  // "again" asks once more 40 hours in: a new link, valid 48 hours from then.
  app.clock.set(start + 40 * HOUR);
  await postAs(app, 'again@example.org', { notify: true });
  await flush(app);
  const [again2] = (await smtp.waitFor(4)).slice(3);
  assert.deepEqual(again2.to, ['again@example.org']);

  app.clock.set(start + 47 * HOUR);
  await purgeExpired(app.store, app.config, app.clock.now(), noCompaction);
  assert.ok(await address(app, 'never@example.org'), 'kept within 48 hours');
  assert.equal((await app.store.mailSubscriptions(ids.never)).length, 1);

  app.clock.set(start + 49 * HOUR);
  await purgeExpired(app.store, app.config, app.clock.now(), noCompaction);
  assert.equal(await address(app, 'never@example.org'), undefined);
  assert.deepEqual(await app.store.mailSubscriptions(ids.never), []);
  assert.ok(await address(app, 'yes@example.org'), 'a confirmed address stays');
  assert.equal((await app.store.mailSubscriptions(ids.yes)).length, 1);
  assert.ok(await address(app, 'again@example.org'), 'asked again 9 hours ago: kept');
  assert.equal((await confirmPost(app, link(again2, '/mail/confirm'))).statusCode, 200);

  app.clock.set(start + 100 * HOUR);
  await purgeExpired(app.store, app.config, app.clock.now(), noCompaction);
  assert.ok(await address(app, 'again@example.org'), 'confirmed in time: kept');
  assert.equal((await app.store.mailSubscriptions(ids.again)).length, 2, 'replies to both its comments');
});
