// A reply that is gathered into a digest is due later: queueing it starts no sender run (each
// run claims through the outbox, a write). One due now does; the digest goes out when its
// time comes, from the timer's run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../helpers/streams.ts';
import { flush, postAs, withConfirmedFollower } from './mail-flow.ts';

test('queueing a reply kicks the sender only when the mail is due now', async (t) => {
  const { smtp, app, follower: anne, parent } = await withConfirmedFollower(t);

  let claims = 0;
  const claimMail = app.store.claimMail.bind(app.store);
  app.store.claimMail = (...args) => {
    claims++;
    return claimMail(...args);
  };
  const replyRows = async (n: number) => {
    const rows = (await app.store.mailDataByEmail(anne, app.siteId)).outbox.filter((r) => r.kind === 'reply');
    return rows.length >= n ? rows : null;
  };

  // The first reply is due at once: queued, kicked, sent without the timer.
  await postAs(app, 'carol@example.net', { parent, body: 'The buses leave from the east side.' });
  await smtp.waitFor(2);
  assert.ok(claims >= 1, 'the sender ran');
  await app.app.parley.mailSender!.idle();

  // The second falls within the interval: queued for later, and no run started for it.
  const before = claims;
  await postAs(app, 'dave@example.net', { parent, body: 'And on Sunday they run every half hour.' });
  const rows = await until('the second reply queued', () => replyRows(2));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(claims, before, 'no sender run for a mail due later');
  const waiting = rows.find((r) => r.state === 'queued');
  assert.ok(waiting && waiting.next_attempt_at > app.clock.now(), JSON.stringify(rows));

  // Its time comes: the timer's run sends it.
  app.clock.advance(16 * 60_000);
  await flush(app);
  const [, , digest] = await smtp.waitFor(3);
  assert.match(digest.mail.text ?? '', /every half hour/);
});
