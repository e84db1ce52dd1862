// Sites and who moderates them, for admins in the dashboard (the CLI's `parley site add` and
// `parley admin create` do the same from a shell). Every change is audited on the site it
// concerns. A site always keeps at least one admin, or nobody could manage it again. People
// are added by address, and nothing the dashboard shows tells whether an address has an
// account: an address without one is invited, and its account joins when it is created.
import type { Member, SiteSummary } from '../../contracts/admin-api.ts';
import { LANGUAGES, type Language } from '../../contracts/messages.ts';
import { cliActor, userActor, type AuditLog } from '../audit/audit-log.ts';
import { normalizeEmail } from '../accounts/accounts.ts';
import type { Clock } from '../clock.ts';
import { FieldErrors, textField } from '../comments/validate-comment.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Role, SiteAdminStore, SiteRow } from '../ports.ts';
import { newSecret } from '../tokens.ts';

export type SiteView = SiteSummary;
export type MemberView = Member;
/** Someone on a site: a member (with their account's id) or an invited address (null). */
type Person = { email: string; role: Role; created_at: number; userId: string | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The same fields for a member and an invited address: the dashboard shows no difference. */
const memberView = (p: Pick<Person, 'email' | 'role' | 'created_at'>): MemberView => ({
  email: p.email,
  role: p.role,
  since: new Date(p.created_at).toISOString(),
});
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
  readonly #audit: AuditLog;

  constructor(deps: { store: SiteAdminStore; clock: Clock; audit: AuditLog }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
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

  /** Who works on the site, by address: members and invited addresses alike (see addMember). */
  async members(siteId: string): Promise<MemberView[]> {
    return (await this.#people(siteId)).map(memberView);
  }

  /**
   * Gives an address a role on the site: to its account when there is one, or else as an
   * invitation that its account takes when it is created (`parley admin create`). The answer,
   * the list and the audit entry are the same either way: an admin of one site must not learn
   * which addresses have an account on the install, and no password is made or changed here
   * (whoever holds one for an account could just try it).
   */
  async addMember(actor: Actor, siteId: string, b: Record<string, unknown>): Promise<{ member: MemberView }> {
    const errors = new FieldErrors('en');
    const email = textField(errors, 'email', b.email, { required: true, max: 254 });
    if (email && !EMAIL.test(email)) errors.add('email', 'INVALID_EMAIL');
    if (b.role !== 'admin' && b.role !== 'moderator')
      errors.add('role', b.role === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    const address = normalizeEmail(email!);
    const role = b.role as Role;
    const was = (await this.#people(siteId)).find((p) => p.email === address);
    if (was?.role === 'admin' && role !== 'admin') await this.#keepAnAdmin(siteId, address);
    const since = was?.created_at ?? this.#clock.now();
    await this.#grant(siteId, { email: address, role, created_at: since, userId: null });
    await this.#record(actor, siteId, 'member.add', address, was ? { email: address, role: was.role } : undefined, {
      email: address,
      role,
    });
    return { member: memberView({ email: address, role, created_at: since }) };
  }

  /** Changes the role of a member or of an invited address, keeping since when. */
  async setRole(actor: Actor, siteId: string, email: string, role: unknown): Promise<MemberView> {
    if (role !== 'admin' && role !== 'moderator') {
      const errors = new FieldErrors('en');
      errors.add('role', role === undefined ? 'REQUIRED' : 'INVALID_VALUE');
      throw new AppError('VALIDATION', { fields: errors.fields });
    }
    const address = normalizeEmail(email);
    const current = (await this.#people(siteId)).find((p) => p.email === address);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.role === 'admin' && role !== 'admin') await this.#keepAnAdmin(siteId, address);
    await this.#grant(siteId, { ...current, role });
    const before = { email: address, role: current.role };
    await this.#record(actor, siteId, 'member.role', address, before, { email: address, role });
    return memberView({ ...current, role });
  }

  /**
   * Takes the site away from an address: from its account (whose sessions lose the site at
   * their next request) or its invitation.
   */
  async removeMember(actor: Actor, siteId: string, email: string): Promise<void> {
    const address = normalizeEmail(email);
    const current = (await this.#people(siteId)).find((p) => p.email === address);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.role === 'admin') await this.#keepAnAdmin(siteId, address);
    if (current.userId) await this.#store.removeMembership(current.userId, siteId);
    await this.#store.removeInvitation(address, siteId);
    await this.#record(actor, siteId, 'member.remove', address, { email: address, role: current.role }, undefined);
  }

  /** The site's members and invited addresses, by address (an account wins over an invitation left behind). */
  async #people(siteId: string): Promise<Person[]> {
    const [members, invited] = await Promise.all([
      this.#store.siteMembers(siteId),
      this.#store.siteInvitations(siteId),
    ]);
    const byAddress = new Map<string, Person>();
    for (const i of invited)
      byAddress.set(i.email, { email: i.email, role: i.role, created_at: i.created_at, userId: null });
    for (const m of members)
      byAddress.set(m.email, { email: m.email, role: m.role, created_at: m.created_at, userId: m.user_id });
    return [...byAddress.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  }

  /** The role to the address's account if it has one, or else to the address, as an invitation. */
  async #grant(siteId: string, p: Person): Promise<void> {
    const user = p.userId ? { id: p.userId } : await this.#store.findUserByEmail(p.email);
    const membership = (userId: string) => ({
      id: `${userId}:${siteId}`,
      user_id: userId,
      site_id: siteId,
      role: p.role,
      created_at: p.created_at,
    });
    if (user) return this.#store.addMembership(membership(user.id));
    await this.#store.addInvitation({
      id: `${p.email}:${siteId}`,
      email: p.email,
      site_id: siteId,
      role: p.role,
      created_at: p.created_at,
    });
    // An account created meanwhile took the invitations it found, perhaps before this one.
    const late = await this.#store.findUserByEmail(p.email);
    if (late) await this.#store.acceptInvitations(late);
  }

  /**
   * Refuses to leave the site without an admin. Invited admins count: the answer must not
   * depend on whether their address has an account (the operator can always add an admin with
   * `parley admin create`).
   */
  async #keepAnAdmin(siteId: string, leaving: string): Promise<void> {
    const admins = (await this.#people(siteId)).filter((p) => p.role === 'admin' && p.email !== leaving);
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
