// Part of the storage behaviour suite: moderators' accounts, memberships (and a site's list
// of its members), invitations of addresses with no account yet, and sessions, on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import type { InvitationRow, SessionRow, UserRow } from '../../src/core/ports.ts';
import { storeSuite } from './harness.ts';

const user = (o: Partial<UserRow> = {}): UserRow => ({
  id: newId(),
  email: `${newId().toLowerCase()}@example.com`,
  password_hash: 'scrypt$old',
  created_at: 1_000,
  failed_logins: 0,
  locked_until: null,
  ...o,
});
const invitation = (email: string, siteId: string, o: Partial<InvitationRow> = {}): InvitationRow => ({
  id: `${email}:${siteId}`,
  email,
  site_id: siteId,
  role: 'moderator',
  created_at: 1_000,
  ...o,
});
const session = (userId: string, o: Partial<SessionRow> = {}): SessionRow => ({
  id: newId(),
  user_id: userId,
  csrf: 'csrf',
  created_at: 1_000,
  expires_at: 10_000,
  ...o,
});

storeSuite('accounts', (s) => {
  s.it('a user reads back by id and by address', async () => {
    const u = user({ email: 'mod@example.com' });
    await s.store.createUser(u);
    assert.deepEqual(await s.store.getUser(u.id), u);
    assert.deepEqual(await s.store.findUserByEmail('mod@example.com'), u);
    assert.equal(await s.store.getUser('nobody'), undefined);
    assert.equal(await s.store.findUserByEmail('nobody@example.com'), undefined);
  });

  s.it('login state changes the counters, and the password only when given', async () => {
    const u = user();
    await s.store.createUser(u);
    await s.store.setUserLogin(u.id, { failed_logins: 3, locked_until: 9_000 });
    assert.deepEqual(await s.store.getUser(u.id), { ...u, failed_logins: 3, locked_until: 9_000 });
    await s.store.setUserLogin(u.id, { failed_logins: 0, locked_until: null, password_hash: 'scrypt$new' });
    assert.deepEqual(await s.store.getUser(u.id), { ...u, password_hash: 'scrypt$new' });
  });

  s.it('a membership added twice keeps one row with the latest role; memberships list by site', async () => {
    const u = user();
    await s.store.createUser(u);
    const [a, b] = [await s.site({ id: `m-a-${newId()}` }), await s.site({ id: `m-b-${newId()}` })];
    await s.store.addMembership({ id: `${u.id}:${b}`, user_id: u.id, site_id: b, role: 'moderator', created_at: 1 });
    await s.store.addMembership({ id: `${u.id}:${a}`, user_id: u.id, site_id: a, role: 'moderator', created_at: 2 });
    await s.store.addMembership({ id: `${u.id}:${a}`, user_id: u.id, site_id: a, role: 'admin', created_at: 3 });
    assert.deepEqual(await s.store.membershipsOf(u.id), [
      { id: `${u.id}:${a}`, user_id: u.id, site_id: a, role: 'admin', created_at: 2 },
      { id: `${u.id}:${b}`, user_id: u.id, site_id: b, role: 'moderator', created_at: 1 },
    ]);
  });

  s.it('sessions read back and are deleted by id, by user, or when expired', async () => {
    const [u, v] = [user(), user()];
    for (const x of [u, v]) await s.store.createUser(x);
    const one = session(u.id, { expires_at: 5_000 });
    const two = session(u.id, { expires_at: 50_000 });
    const three = session(v.id, { expires_at: 50_000 });
    const four = session(v.id, { expires_at: 60_000 });
    for (const x of [one, two, three, four]) await s.store.createSession(x);
    assert.deepEqual(await s.store.getSession(one.id), one);
    assert.equal(await s.store.getSession('no-session'), undefined);
    assert.equal(await s.store.deleteSessions({ expiredBefore: 6_000 }), 1);
    assert.equal(await s.store.getSession(one.id), undefined);
    assert.equal(await s.store.deleteSessions({ id: three.id }), 1);
    assert.equal(await s.store.deleteSessions({ id: three.id }), 0);
    assert.equal(await s.store.deleteSessions({ userId: u.id }), 1);
    assert.deepEqual([await s.store.getSession(two.id), await s.store.getSession(four.id)], [undefined, four]);
  });

  s.it('a site lists its members with their addresses; a membership can be removed', async () => {
    const store = s.store;
    const site = newId();
    await store.createSite({
      id: site,
      name: 'M',
      origins: [],
      lang: 'en',
      settings: {},
      avatar_secret: 's',
      is_default: false,
      created_at: 1,
    });
    const users = ['zoe@example.com', 'adam@example.com'].map((email) => ({
      id: newId(),
      email,
      password_hash: 'x',
      created_at: 1,
      failed_logins: 0,
      locked_until: null,
    }));
    for (const u of users) await store.createUser(u);
    await store.addMembership({
      id: `${users[0].id}:${site}`,
      user_id: users[0].id,
      site_id: site,
      role: 'admin',
      created_at: 5,
    });
    await store.addMembership({
      id: `${users[1].id}:${site}`,
      user_id: users[1].id,
      site_id: site,
      role: 'moderator',
      created_at: 6,
    });
    assert.deepEqual(
      (await store.siteMembers(site)).map((m) => [m.email, m.role, m.created_at]),
      [
        ['adam@example.com', 'moderator', 6],
        ['zoe@example.com', 'admin', 5],
      ],
    );
    assert.equal(await store.removeMembership(users[1].id, site), true);
    assert.equal(await store.removeMembership(users[1].id, site), false);
    assert.deepEqual(
      (await store.siteMembers(site)).map((m) => m.email),
      ['zoe@example.com'],
    );
    assert.deepEqual(await store.membershipsOf(users[1].id), []);
  });

  s.it(
    'an invitation added twice keeps one row, its date and the latest role; a site lists them by address',
    async () => {
      const [a, b] = [await s.site(), await s.site()];
      await s.store.addInvitation(invitation('zoe@example.com', a, { role: 'admin', created_at: 7 }));
      await s.store.addInvitation(invitation('adam@example.com', a, { created_at: 8 }));
      await s.store.addInvitation(invitation('adam@example.com', a, { role: 'admin', created_at: 9 }));
      await s.store.addInvitation(invitation('adam@example.com', b));
      assert.deepEqual(await s.store.siteInvitations(a), [
        invitation('adam@example.com', a, { role: 'admin', created_at: 8 }),
        invitation('zoe@example.com', a, { role: 'admin', created_at: 7 }),
      ]);
      assert.equal(await s.store.removeInvitation('adam@example.com', a), true);
      assert.equal(await s.store.removeInvitation('adam@example.com', a), false);
      assert.deepEqual(
        (await s.store.siteInvitations(a)).map((i) => i.email),
        ['zoe@example.com'],
      );
      assert.deepEqual(await s.store.siteInvitations(b), [invitation('adam@example.com', b)]);
      assert.deepEqual(await s.store.siteInvitations('no-site'), []);
    },
  );

  s.it("an account takes its address's invitations as memberships; one it has keeps its role", async () => {
    const [a, b] = [await s.site(), await s.site()];
    const u = user({ email: `${newId().toLowerCase()}@example.com` });
    const other = `${newId().toLowerCase()}@example.com`;
    await s.store.addInvitation(invitation(u.email, a, { role: 'admin', created_at: 3 }));
    await s.store.addInvitation(invitation(u.email, b, { created_at: 4 }));
    await s.store.addInvitation(invitation(other, a, { created_at: 5 }));
    await s.store.createUser(u);
    await s.store.addMembership({ id: `${u.id}:${b}`, user_id: u.id, site_id: b, role: 'admin', created_at: 6 });
    const made = await s.store.acceptInvitations(u);
    const ours = (site: string, role: 'admin' | 'moderator', created_at: number) => ({
      id: `${u.id}:${site}`,
      user_id: u.id,
      site_id: site,
      role,
      created_at,
    });
    const bySite = (x: { site_id: string }, y: { site_id: string }) => (x.site_id < y.site_id ? -1 : 1);
    assert.deepEqual(made.sort(bySite), [ours(a, 'admin', 3), ours(b, 'moderator', 4)].sort(bySite));
    assert.deepEqual(await s.store.membershipsOf(u.id), [ours(a, 'admin', 3), ours(b, 'admin', 6)]);
    assert.deepEqual(await s.store.siteInvitations(b), []);
    assert.deepEqual(
      (await s.store.siteInvitations(a)).map((i) => i.email),
      [other],
      "another address's invitation stays",
    );
    assert.deepEqual(await s.store.acceptInvitations(u), [], 'nothing is left to take');
  });
});
