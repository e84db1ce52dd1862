import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import type { CheckContext } from '../check.ts';
import { trust } from './trust.ts';

const run = (facts: Partial<CheckContext['facts']>) =>
  trust.run({
    settings: DEFAULT_SETTINGS,
    facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0, ...facts },
  } as CheckContext);

test('an address confirmed by a mailed link adds a little trust, only with an approved history', () => {
  assert.equal(run({ priorApproved: 0, verifiedEmail: true }), null);
  assert.equal((run({ priorApproved: 1 }) as { score: number }).score, -2);
  const verified = run({ priorApproved: 1, verifiedEmail: true }) as { score: number; reason: string };
  assert.equal(verified.score, -3);
  assert.match(verified.reason, /confirmed email/);
});
