// Sites and who moderates them, for admins in the dashboard (the CLI's `parley site add` and
// `parley admin create` do the same from a shell). Every change is audited on the site it
// concerns. A site always keeps at least one admin, or nobody could manage it again.
import { randomBytes } from 'node:crypto';
import type { Member, SiteSummary } from '../../contracts/admin-api.ts';
import { LANGUAGES, type Language } from '../../contracts/messages.ts';
import { cliActor, userActor, type AuditLog } from '../audit/audit-log.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { normalizeEmail } from '../accounts/accounts.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../accounts/passwords.ts';
import type { Clock } from '../clock.ts';
import { FieldErrors, textField } from '../comments/validate-comment.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Role, SiteAdminStore, SiteRow } from '../ports.ts';
import { newSecret } from '../tokens.ts';

export type SiteView = SiteSummary;
export type MemberView = Member;
/** Who made a change; null for the operator at the command line (`parley site …`). */
export type Actor = { id: string; email: string } | null;

const MAX_ORIGINS = 50;

/** An origin as browsers send it (scheme://host[:port]), or null when `raw` is not one. */
export function parseOrigin(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.origin;
}

export function siteView(s: SiteRow): SiteView {
  return { id: s.id, name: s.name, origins: [...s.origins], lang: s.lang as Language, isDefault: s.is_default };
}

function checkSiteFields(
  errors: FieldErrors,
  b: Record<string, unknown>,
  creating: boolean,
): Partial<Pick<SiteRow, 'name' | 'origins' | 'lang'>> {
  const out: Partial<Pick<SiteRow, 'name' | 'origins' | 'lang'>> = {};
  if (creating || b.name !== undefined) {
    const name = textField(errors, 'name', b.name, { required: true, max: 100 });
    if (name) out.name = name;
  }
  if (b.origins !== undefined) {
    if (!Array.isArray(b.origins) || b.origins.length > MAX_ORIGINS) errors.add('origins', 'INVALID_VALUE');
    else {
      const list: string[] = [];
      for (const o of b.origins) {
        const origin = typeof o === 'string' && o.length <= 300 ? parseOrigin(o) : null;
        if (!origin) {
          errors.add('origins', 'INVALID_URL');
          break;
        }
        if (!list.includes(origin)) list.push(origin);
      }
      out.origins = list;
    }
  }
  if (b.lang !== undefined) {
    if (!(LANGUAGES as readonly unknown[]).includes(b.lang)) errors.add('lang', 'INVALID_VALUE');
    else out.lang = b.lang as string;
  }
  return out;
}

export class SiteAdmin {
  readonly #store: SiteAdminStore;
  readonly #clock: Clock;
  readonly #accounts: Pick<Accounts, 'grant'>;
  readonly #audit: AuditLog;

  constructor(deps: { store: SiteAdminStore; clock: Clock; accounts: Pick<Accounts, 'grant'>; audit: AuditLog }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#accounts = deps.accounts;
    this.#audit = deps.audit;
  }

  /** A new site, with its creator as its first admin. */
  async create(actor: NonNullable<Actor>, b: Record<string, unknown>): Promise<SiteView> {
    const errors = new FieldErrors('en');
    const fields = checkSiteFields(errors, b, true);
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    const now = this.#clock.now();
    const row: SiteRow = {
      id: newId(now),
      name: fields.name!,
      origins: fields.origins ?? [],
      lang: fields.lang ?? 'en',
      settings: {},
      avatar_secret: newSecret(),
      is_default: (await this.#store.listSites()).length === 0,
      created_at: now,
    };
    await this.#store.createSite(row);
    await this.#store.addMembership({
      id: `${actor.id}:${row.id}`,
      user_id: actor.id,
      site_id: row.id,
      role: 'admin',
      created_at: now,
    });
    await this.#record(actor, row.id, 'site.create', row.id, undefined, siteView(row));
    return siteView(row);
  }

  async update(actor: Actor, siteId: string, b: Record<string, unknown>): Promise<SiteView> {
    const site = await this.#store.getSite(siteId);
    if (!site) throw new AppError('NOT_FOUND');
    const errors = new FieldErrors('en');
    const patch = checkSiteFields(errors, b, false);
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    if (Object.keys(patch).length) await this.#store.updateSite(siteId, patch);
    const after = { ...site, ...patch };
    await this.#record(actor, siteId, 'site.update', siteId, siteView(site), siteView(after));
    return siteView(after);
  }

  async members(siteId: string): Promise<MemberView[]> {
    return (await this.#store.siteMembers(siteId)).map((m) => ({
      userId: m.user_id,
      email: m.email,
      role: m.role,
      since: new Date(m.created_at).toISOString(),
    }));
  }

  /**
   * Gives an account a role on the site, creating the account when the address is new. A new
   * account without a chosen password gets a generated one, returned once for the admin to
   * hand over: nothing else ever shows it again.
   */
  async addMember(
    actor: Actor,
    siteId: string,
    b: Record<string, unknown>,
  ): Promise<{ member: MemberView; temporaryPassword?: string }> {
    const errors = new FieldErrors('en');
    const email = textField(errors, 'email', b.email, { required: true, max: 254 });
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.add('email', 'INVALID_EMAIL');
    if (b.role !== 'admin' && b.role !== 'moderator')
      errors.add('role', b.role === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    if (b.password !== undefined && typeof b.password !== 'string') errors.add('password', 'INVALID_TYPE');
    else if (typeof b.password === 'string' && [...b.password].length < PASSWORD_MIN)
      errors.add('password', 'TOO_SHORT', PASSWORD_MIN);
    else if (typeof b.password === 'string' && [...b.password].length > PASSWORD_MAX)
      errors.add('password', 'TOO_LONG', PASSWORD_MAX);
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    const address = normalizeEmail(email!);
    const existing = await this.#store.findUserByEmail(address);
    const was = existing
      ? (await this.#store.siteMembers(siteId)).find((m) => m.user_id === existing.id)?.role
      : undefined;
    if (was === 'admin' && b.role !== 'admin') await this.#keepAnAdmin(siteId, existing!.id);
    // An existing account keeps its password: an admin of one site must not reset the
    // password someone uses for other sites.
    const generated = existing || typeof b.password === 'string' ? undefined : randomBytes(15).toString('base64url');
    const { user } = await this.#accounts.grant(
      address,
      existing ? null : ((b.password as string | undefined) ?? generated!),
      siteId,
      b.role as Role,
    );
    await this.#record(actor, siteId, 'member.add', user.id, was ? { email: user.email, role: was } : undefined, {
      email: user.email,
      role: b.role,
    });
    const member = (await this.members(siteId)).find((m) => m.userId === user.id)!;
    return generated ? { member, temporaryPassword: generated } : { member };
  }

  async setRole(actor: Actor, siteId: string, userId: string, role: unknown): Promise<MemberView> {
    if (role !== 'admin' && role !== 'moderator') {
      const errors = new FieldErrors('en');
      errors.add('role', role === undefined ? 'REQUIRED' : 'INVALID_VALUE');
      throw new AppError('VALIDATION', { fields: errors.fields });
    }
    const current = (await this.#store.siteMembers(siteId)).find((m) => m.user_id === userId);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.role === 'admin' && role !== 'admin') await this.#keepAnAdmin(siteId, userId);
    await this.#store.addMembership({
      id: `${userId}:${siteId}`,
      user_id: userId,
      site_id: siteId,
      role,
      created_at: current.created_at,
    });
    await this.#record(
      actor,
      siteId,
      'member.role',
      userId,
      { email: current.email, role: current.role },
      { email: current.email, role },
    );
    return { userId, email: current.email, role, since: new Date(current.created_at).toISOString() };
  }

  /** Takes the site away from an account (its sessions lose the site at their next request). */
  async removeMember(actor: Actor, siteId: string, userId: string): Promise<void> {
    const current = (await this.#store.siteMembers(siteId)).find((m) => m.user_id === userId);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.role === 'admin') await this.#keepAnAdmin(siteId, userId);
    await this.#store.removeMembership(userId, siteId);
    await this.#record(actor, siteId, 'member.remove', userId, { email: current.email, role: current.role }, undefined);
  }

  async #keepAnAdmin(siteId: string, leaving: string): Promise<void> {
    const admins = (await this.#store.siteMembers(siteId)).filter((m) => m.role === 'admin' && m.user_id !== leaving);
    if (admins.length === 0) throw new AppError('LAST_ADMIN');
  }

  #record(
    actor: Actor,
    siteId: string,
    action: string,
    target: string | null,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    return this.#audit.record({ actor: actor ? userActor(actor) : cliActor(), siteId, action, target, before, after });
  }
}
