// Moderator accounts, logins and sessions. A session is a random token in an HttpOnly cookie;
// the database holds only its hash, with the CSRF token that every state-changing request
// must echo. Logins are slowed twice over: a lockout per account (shared by every server,
// through the database) and a limit per network (per server, in memory).
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import type { AccountStore, MembershipRow, Role, UserRow } from '../ports.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_HOURS = 12;
/** After this many failed logins in a row an account is locked for LOCK_MINUTES. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Login attempts per network per window, whatever the account. */
const NETWORK_ATTEMPTS = 20;
const NETWORK_WINDOW_MS = 10 * 60_000;

export type Member = { siteId: string; role: Role };
export type SessionView = {
  sessionId: string;
  user: { id: string; email: string };
  csrf: string;
  sites: Member[];
  expiresAt: number;
};
export type LoginResult =
  | { ok: true; token: string; session: SessionView }
  | { ok: false; reason: 'invalid' | 'locked'; retryAfterS?: number };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class Accounts {
  readonly #store: AccountStore;
  readonly #clock: Clock;
  readonly #attempts = new Map<string, number[]>();
  // Compared against when the email is unknown, so that a miss takes as long as a wrong password.
  #decoy: Promise<string> | null = null;

  constructor(deps: { store: AccountStore; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /**
   * Creates the account if needed and gives it `role` on the site; returns whether it was new,
   * and the sites it joined because its address had been invited there (see SiteAdmin.addMember).
   * The role given here wins over an invitation to the same site.
   */
  async grant(
    email: string,
    password: string | null,
    siteId: string,
    role: Role,
  ): Promise<{ user: UserRow; created: boolean; invitedTo: MembershipRow[] }> {
    const address = normalizeEmail(email);
    let user = await this.#store.findUserByEmail(address);
    let created = false;
    if (!user) {
      if (!password) throw new Error('a new account needs a password');
      user = {
        id: newId(this.#clock.now()),
        email: address,
        password_hash: await hashPassword(password),
        created_at: this.#clock.now(),
        failed_logins: 0,
        locked_until: null,
      };
      await this.#store.createUser(user);
      created = true;
    } else if (password) {
      await this.#store.setUserLogin(user.id, {
        failed_logins: 0,
        locked_until: null,
        password_hash: await hashPassword(password),
      });
    }
    // Also for an existing account: an invitation made while its account was being created
    // may have been stored just after the account took the others.
    const invitedTo = await this.#store.acceptInvitations(user);
    const m: MembershipRow = {
      id: `${user.id}:${siteId}`,
      user_id: user.id,
      site_id: siteId,
      role,
      created_at: this.#clock.now(),
    };
    await this.#store.addMembership(m);
    return { user, created, invitedTo };
  }

  async login(email: string, password: string, network: string | null): Promise<LoginResult> {
    const now = this.#clock.now();
    if (network && !this.#allowAttempt(network, now))
      return { ok: false, reason: 'locked', retryAfterS: Math.ceil(NETWORK_WINDOW_MS / 1000) };
    const user = await this.#store.findUserByEmail(normalizeEmail(email));
    if (!user) {
      this.#decoy ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.#decoy);
      return { ok: false, reason: 'invalid' };
    }
    if (user.locked_until && user.locked_until > now)
      return { ok: false, reason: 'locked', retryAfterS: Math.ceil((user.locked_until - now) / 1000) };
    if (!(await verifyPassword(password, user.password_hash))) {
      const failures = user.failed_logins + 1;
      const locked = failures >= MAX_FAILURES ? now + LOCK_MINUTES * 60_000 : null;
      await this.#store.setUserLogin(user.id, { failed_logins: locked ? 0 : failures, locked_until: locked });
      return locked
        ? { ok: false, reason: 'locked', retryAfterS: LOCK_MINUTES * 60 }
        : { ok: false, reason: 'invalid' };
    }
    if (user.failed_logins || user.locked_until)
      await this.#store.setUserLogin(user.id, { failed_logins: 0, locked_until: null });
    const token = randomBytes(32).toString('base64url');
    const row = {
      id: sha256(token),
      user_id: user.id,
      csrf: randomBytes(24).toString('base64url'),
      created_at: now,
      expires_at: now + SESSION_HOURS * 3_600_000,
    };
    await this.#store.createSession(row);
    return {
      ok: true,
      token,
      session: {
        sessionId: row.id,
        user: { id: user.id, email: user.email },
        csrf: row.csrf,
        sites: await this.#sites(user.id),
        expiresAt: row.expires_at,
      },
    };
  }

  /** The session a cookie token stands for, or null (unknown, expired, or its account gone). */
  async session(token: string | undefined): Promise<SessionView | null> {
    if (!token || token.length > 100) return null;
    const row = await this.#store.getSession(sha256(token));
    if (!row) return null;
    if (row.expires_at <= this.#clock.now()) {
      await this.#store.deleteSessions({ id: row.id });
      return null;
    }
    const user = await this.#store.getUser(row.user_id);
    if (!user) return null;
    return {
      sessionId: row.id,
      user: { id: user.id, email: user.email },
      csrf: row.csrf,
      sites: await this.#sites(user.id),
      expiresAt: row.expires_at,
    };
  }

  async logout(sessionId: string): Promise<void> {
    await this.#store.deleteSessions({ id: sessionId });
  }

  /** Ends every session of the account, on every device. */
  async logoutEverywhere(userId: string): Promise<number> {
    return this.#store.deleteSessions({ userId });
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.#store.deleteSessions({ expiredBefore: this.#clock.now() });
  }

  async #sites(userId: string): Promise<Member[]> {
    return (await this.#store.membershipsOf(userId)).map((m) => ({ siteId: m.site_id, role: m.role }));
  }

  #allowAttempt(network: string, now: number): boolean {
    const recent = (this.#attempts.get(network) ?? []).filter((t) => now - t < NETWORK_WINDOW_MS);
    if (recent.length >= NETWORK_ATTEMPTS) {
      this.#attempts.set(network, recent);
      return false;
    }
    recent.push(now);
    this.#attempts.set(network, recent);
    if (this.#attempts.size > 10_000)
      for (const [k, v] of this.#attempts) if (!v.some((t) => now - t < NETWORK_WINDOW_MS)) this.#attempts.delete(k);
    return true;
  }
}
