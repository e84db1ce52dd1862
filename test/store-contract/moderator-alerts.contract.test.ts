// Part of the storage behaviour suite: moderators' email alert settings, and who on a site is
// to be alerted (current members only), on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { ModeratorAlertRow, Role } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

storeSuite('Moderator alerts', (s) => {
  const member = async (siteId: string, role: Role = 'moderator') => {
    const id = newId();
    const email = `m-${id.toLowerCase()}@example.org`;
    await s.store.createUser({ id, email, password_hash: 'x', created_at: 1, failed_logins: 0, locked_until: null });
    await s.store.addMembership({ id: `${id}:${siteId}`, user_id: id, site_id: siteId, role, created_at: 1 });
    return { id, email };
  };
  const alerts = (userId: string, siteId: string, o: Partial<ModeratorAlertRow> = {}): ModeratorAlertRow => ({
    id: `${userId}:${siteId}`,
    user_id: userId,
    site_id: siteId,
    held: 'never',
    reports: 'never',
    updated_at: 1_000,
    ...o,
  });

  s.it('settings are saved per account and site, and a second save replaces the first', async () => {
    const site = await s.site();
    const other = await s.site();
    const m = await member(site);
    assert.equal(await s.store.moderatorAlerts(m.id, site), undefined);
    await s.store.saveModeratorAlerts(alerts(m.id, site, { held: 'immediately' }));
    await s.store.saveModeratorAlerts(alerts(m.id, site, { held: 'hourly', reports: 'daily', updated_at: 2_000 }));
    assert.deepEqual(
      await s.store.moderatorAlerts(m.id, site),
      alerts(m.id, site, { held: 'hourly', reports: 'daily', updated_at: 2_000 }),
    );
    assert.equal(await s.store.moderatorAlerts(m.id, other), undefined);
  });

  s.it("recipients are the site's current members with some alert on, with their addresses", async () => {
    const site = await s.site();
    const [a, b, quiet, gone] = [
      await member(site),
      await member(site, 'admin'),
      await member(site),
      await member(site),
    ];
    await s.store.saveModeratorAlerts(alerts(a.id, site, { held: 'immediately' }));
    await s.store.saveModeratorAlerts(alerts(b.id, site, { reports: 'daily' }));
    await s.store.saveModeratorAlerts(alerts(quiet.id, site));
    await s.store.saveModeratorAlerts(alerts(gone.id, site, { held: 'hourly' }));
    assert.equal(await s.store.removeMembership(gone.id, site), true);
    const got = await s.store.alertRecipients(site);
    assert.deepEqual(
      got.map((r) => [r.email, r.held, r.reports]).sort(),
      [
        [a.email, 'immediately', 'never'],
        [b.email, 'never', 'daily'],
      ].sort(),
    );
    assert.deepEqual(await s.store.alertRecipients(await s.site()), []);
  });
});
