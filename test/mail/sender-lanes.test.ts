// The sender keeps as many mails in flight as the relay takes (its pooled connections), but a
// recipient's mails go one after the other, so the per-recipient cap still counts each.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { MailSender } from '../../src/core/jobs/mail-sender.ts';
import type { Mailer, OutgoingMail } from '../../src/core/mail/mailer.ts';
import { newMailRow } from '../../src/core/mail/outbox.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';

test('mails to different readers overlap up to the relay’s connections; one reader’s never do, and the cap holds', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-lanes-'));
  const store = await openSqlite({ path: join(dir, 'parley.db') });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const clock = fakeClock();
  const siteId = newId();
  await store.createSite({
    id: siteId,
    name: 'S',
    origins: [],
    lang: 'en',
    settings: {},
    avatar_secret: 's',
    is_default: true,
    created_at: 1,
  });
  const queue = async (email: string) => {
    const a = await store.saveMailAddress({
      id: newId(),
      site_id: siteId,
      email,
      confirmed_at: null,
      created_at: clock.now(),
      active_at: clock.now(),
    });
    await store.enqueueMail(
      newMailRow({
        siteId,
        recipient: email,
        kind: 'confirm',
        domain: 'example.com',
        data: { addressId: a.id },
        ipHash: null,
        now: clock.now(),
      }),
    );
  };
  for (let i = 0; i < 8; i++) await queue(`reader${i}@example.org`);
  // One reader with five mails waiting (five confirmations asked for in a row, say).
  for (let i = 0; i < 5; i++) await queue('busy@example.org');
  let inFlight = 0;
  let most = 0;
  const busyInFlight: number[] = [];
  let busyNow = 0;
  const mailer: Mailer = {
    from: 'News <news@example.com>',
    connections: 4,
    async send(m: OutgoingMail) {
      inFlight++;
      most = Math.max(most, inFlight);
      if (m.to === 'busy@example.org') busyInFlight.push(++busyNow);
      await new Promise((r) => setTimeout(r, 15));
      if (m.to === 'busy@example.org') busyNow--;
      inFlight--;
      return { ok: true, response: '250 ok' };
    },
    close: () => undefined,
  };
  const sender = new MailSender({
    store,
    clock,
    mailer,
    links: { publicUrl: 'https://c.example.com', key: 'k' },
    perRecipientHour: 2,
    claimMs: 300_000,
    site: async () => ({ site: (await store.getSite(siteId))!, settings: {} as never, lang: 'en' }),
    log: { info: () => undefined, error: () => undefined },
  });
  assert.equal(await sender.run(), 8 + 2);
  assert.equal(most, 4, 'four mails in flight at most, and at some point four');
  assert.deepEqual(busyInFlight, [1, 1], "the busy reader's two mails, one at a time; the cap kept the rest");
  assert.equal(await store.countMail({ siteId, since: 0, recipient: 'busy@example.org', sent: true }), 2);
});
