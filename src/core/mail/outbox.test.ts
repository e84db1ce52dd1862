import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newMailRow } from './outbox.ts';

test('each outbox row gets a Message-ID of its own, on the mail domain', () => {
  const ids = Array.from(
    { length: 2_000 },
    () =>
      newMailRow({
        siteId: 's',
        recipient: 'r@example.org',
        kind: 'reply',
        domain: 'news.example.com',
        data: {},
        ipHash: null,
        now: 1,
      }).message_id,
  );
  for (const id of ids) assert.match(id, /^<[0-9A-Z]{26}\.[0-9a-f]{12}@news\.example\.com>$/);
  assert.equal(new Set(ids).size, ids.length);
  // The random part differs too, not only the row's id.
  assert.equal(new Set(ids.map((id) => id.slice(28, 40))).size, ids.length);
});
