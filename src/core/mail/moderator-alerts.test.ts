import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestAt } from './moderator-alerts.ts';

test('a digest is due at the next full hour, or the next midnight UTC, never at once', () => {
  const t = Date.UTC(2026, 11, 7, 14, 29, 15);
  assert.equal(digestAt('hourly', t), Date.UTC(2026, 11, 7, 15));
  assert.equal(digestAt('daily', t), Date.UTC(2026, 11, 8));
  // On the hour exactly: the next one, so what arrives in the next hour joins it.
  assert.equal(digestAt('hourly', Date.UTC(2026, 11, 7, 15)), Date.UTC(2026, 11, 7, 16));
});
