// Part of the storage behaviour suite: keys of the Akismet-compatible, moderation and admin APIs and
// their monthly usage, on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { ApiKeyRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const key = (siteId: string, o: Partial<ApiKeyRow> = {}): ApiKeyRow => ({
  key_hash: `hash-${newId()}`,
  prefix: 'pk_1234',
  site_id: siteId,
  scope: 'akismet',
  label: null,
  created_at: 1_000,
  revoked_at: null,
  ...o,
});

storeSuite('API keys', (s) => {
  s.it('a key is found by its hash; keys list by scope, oldest first', async () => {
    const site = await s.site();
    const late = key(site, { created_at: 3_000, label: 'late' });
    const early = key(site, { created_at: 2_000, label: 'early' });
    const moderation = key(site, { scope: 'moderation', created_at: 2_500 });
    const admin = key(site, { scope: 'admin', created_at: 2_600 });
    for (const k of [late, early, moderation, admin]) await s.store.createApiKey(k);
    assert.deepEqual(await s.store.findApiKey(early.key_hash), early);
    assert.equal(await s.store.findApiKey('hash-unknown'), undefined);
    const mine = (rows: ApiKeyRow[]) => rows.filter((r) => r.site_id === site).map((r) => r.label ?? r.scope);
    assert.deepEqual(mine(await s.store.listApiKeys('akismet')), ['early', 'late']);
    assert.deepEqual(mine(await s.store.listApiKeys('moderation')), ['moderation']);
    assert.deepEqual(mine(await s.store.listApiKeys('admin')), ['admin']);
    assert.deepEqual(await s.store.findApiKey(admin.key_hash), admin);
  });

  s.it('a scope outside the known ones is refused by the database itself', async () => {
    const bad = key(await s.site(), { scope: 'root' as ApiKeyRow['scope'] });
    await assert.rejects(s.store.createApiKey(bad));
  });

  s.it('revoking a key stamps it once; a second revocation changes nothing', async () => {
    const k = key(await s.site());
    await s.store.createApiKey(k);
    assert.equal(await s.store.revokeApiKey(k.key_hash, 4_000), true);
    assert.equal(await s.store.revokeApiKey(k.key_hash, 5_000), false);
    assert.equal(await s.store.revokeApiKey('hash-unknown', 5_000), false);
    assert.equal((await s.store.findApiKey(k.key_hash))!.revoked_at, 4_000);
  });

  s.it('usage adds up per key and month, and unknown pairs count zero', async () => {
    const a = key(await s.site());
    const b = key(await s.site());
    for (const k of [a, b]) await s.store.createApiKey(k);
    await s.store.addApiUsage([]);
    await s.store.addApiUsage([
      { keyHash: a.key_hash, month: '2027-01', calls: 3 },
      { keyHash: b.key_hash, month: '2027-01', calls: 1 },
    ]);
    await s.store.addApiUsage([
      { keyHash: a.key_hash, month: '2027-01', calls: 4 },
      { keyHash: a.key_hash, month: '2027-02', calls: 2 },
    ]);
    assert.equal(await s.store.apiUsage(a.key_hash, '2027-01'), 7);
    assert.equal(await s.store.apiUsage(a.key_hash, '2027-02'), 2);
    assert.equal(await s.store.apiUsage(b.key_hash, '2027-01'), 1);
    assert.equal(await s.store.apiUsage(b.key_hash, '2027-02'), 0);
  });
});
