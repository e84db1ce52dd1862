// Moderators' accounts, their memberships of sites (and invitations to sites, for addresses with
// no account yet), and their login sessions.
import type { InvitationRow, MembershipRow, SessionRow, UserRow } from '../../core/ports.ts';
import { num, stmt, type StoreContext } from './context.ts';

function userFromRow(r: UserRow): UserRow {
  return {
    ...r,
    created_at: num(r.created_at),
    failed_logins: num(r.failed_logins),
    locked_until: r.locked_until == null ? null : num(r.locked_until),
  };
}

export class AccountRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async createUser(row: UserRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('users').values(row))]);
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    const r = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && userFromRow(r);
  }

  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    const r = await this.#db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return r && userFromRow(r);
  }

  async setUserLogin(
    id: string,
    patch: { failed_logins: number; locked_until: number | null; password_hash?: string },
  ): Promise<void> {
    await this.#ctx.write([stmt(this.#db.updateTable('users').set(patch).where('id', '=', id))]);
  }

  async addMembership(row: MembershipRow): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('memberships')
          .values(row)
          .onConflict((oc) => oc.column('id').doUpdateSet({ role: row.role })),
      ),
    ]);
  }

  async membershipsOf(userId: string): Promise<MembershipRow[]> {
    const rows = await this.#db
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('site_id')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async siteMembers(siteId: string): Promise<(MembershipRow & { email: string })[]> {
    const rows = await this.#db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.user_id', 'm.site_id', 'm.role', 'm.created_at', 'u.email'])
      .where('m.site_id', '=', siteId)
      .orderBy('u.email')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async removeMembership(userId: string, siteId: string): Promise<boolean> {
    const changes = await this.#ctx.changes('delete', [
      stmt(this.#db.deleteFrom('memberships').where('id', '=', `${userId}:${siteId}`)),
    ]);
    return changes[0] > 0;
  }

  async addInvitation(row: InvitationRow): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('invitations')
          .values(row)
          .onConflict((oc) => oc.column('id').doUpdateSet({ role: row.role })),
      ),
    ]);
  }

  async siteInvitations(siteId: string): Promise<InvitationRow[]> {
    const rows = await this.#db
      .selectFrom('invitations')
      .selectAll()
      .where('site_id', '=', siteId)
      .orderBy('email')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async removeInvitation(email: string, siteId: string): Promise<boolean> {
    const changes = await this.#ctx.changes('delete', [
      stmt(this.#db.deleteFrom('invitations').where('id', '=', `${email}:${siteId}`)),
    ]);
    return changes[0] > 0;
  }

  async acceptInvitations(user: { id: string; email: string }): Promise<MembershipRow[]> {
    const invited = await this.#db
      .selectFrom('invitations')
      .selectAll()
      .where('email', '=', user.email)
      .orderBy('site_id')
      .execute();
    if (invited.length === 0) return [];
    const made: MembershipRow[] = invited.map((i) => ({
      id: `${user.id}:${i.site_id}`,
      user_id: user.id,
      site_id: i.site_id,
      role: i.role,
      created_at: num(i.created_at),
    }));
    // Both in one unit: an invitation is never lost without its membership, nor kept beside it.
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('memberships')
          .values(made)
          .onConflict((oc) => oc.column('id').doNothing()),
      ),
      stmt(
        this.#db.deleteFrom('invitations').where(
          'id',
          'in',
          invited.map((i) => i.id),
        ),
      ),
    ]);
    return made;
  }

  async createSession(row: SessionRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('sessions').values(row))]);
  }

  async getSession(id: string): Promise<SessionRow | undefined> {
    const r = await this.#db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { ...r, created_at: num(r.created_at), expires_at: num(r.expires_at) };
  }

  async deleteSessions(by: { id: string } | { userId: string } | { expiredBefore: number }): Promise<number> {
    let q = this.#db.deleteFrom('sessions');
    if ('id' in by) q = q.where('id', '=', by.id);
    else if ('userId' in by) q = q.where('user_id', '=', by.userId);
    else q = q.where('expires_at', '<', by.expiredBefore);
    const changes = await this.#ctx.changes('delete', [stmt(q)]);
    return changes[0];
  }
}
