// PARLEY_MAIL_CLAIM_SECONDS: how long a server holds the outbox rows it is sending. A bad value
// stops start-up naming the variable; the value set is the claim the sender writes on its rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Mailer, OutgoingMail } from '../../src/core/mail/mailer.ts';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { testApp } from '../helpers/app.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { FROM, flush, mailEnv, postAs } from './mail-flow.ts';

test('PARLEY_MAIL_CLAIM_SECONDS: 300 by default, 5 to 3600 accepted, anything else refused by name', () => {
  assert.equal(loadConfig({}).mailClaimSeconds, 300);
  assert.equal(loadConfig({ PARLEY_MAIL_CLAIM_SECONDS: '5' }).mailClaimSeconds, 5);
  assert.equal(loadConfig({ PARLEY_MAIL_CLAIM_SECONDS: ' 3600 ' }).mailClaimSeconds, 3600);
  const refused = (raw: string, why: string) =>
    assert.throws(
      () => loadConfig({ PARLEY_MAIL_CLAIM_SECONDS: raw }),
      (err: Error) =>
        err instanceof ConfigError && err.message === `PARLEY_MAIL_CLAIM_SECONDS=${JSON.stringify(raw)}: ${why}`,
    );
  for (const bad of ['4', '0', '-60', '3601']) refused(bad, 'must be between 5 and 3600');
  for (const bad of ['1.5', '5m', 'ten']) refused(bad, 'must be an integer');
});

test('the sender claims the rows it sends for PARLEY_MAIL_CLAIM_SECONDS', async (t) => {
  const smtp = await startSmtp();
  t.after(() => smtp.close());
  // What the row says while its mail is with the relay: claimed, until when.
  const seen: { claimedUntil: number | null; at: number }[] = [];
  const app = await testApp(
    { ...mailEnv(smtp.url), PARLEY_MAIL_CLAIM_SECONDS: '42' },
    {
      build: {
        mailPollMs: 0,
        mailer: {
          from: FROM,
          async send(mail: OutgoingMail) {
            const [row] = (await app.store.mailDataByEmail(mail.to, app.siteId)).outbox;
            seen.push({ claimedUntil: row.claimed_until, at: app.clock.now() });
            return { ok: true, response: '250 ok' };
          },
          close: () => undefined,
        } satisfies Mailer,
      },
    },
  );
  t.after(() => app.close());
  await postAs(app, 'claimed@example.org', { notify: true });
  await flush(app);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].claimedUntil, seen[0].at + 42_000);
  const [done] = (await app.store.mailDataByEmail('claimed@example.org', app.siteId)).outbox;
  assert.deepEqual([done.state, done.claimed_until], ['sent', null]);
});
