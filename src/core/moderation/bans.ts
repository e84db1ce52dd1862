// Bans: a commenter kept out of a site by email address, email domain or network (IP hash),
// for a while or for good, with a reason for the other moderators. Checks read them as part of
// the site's block lists (the `blocklist` spam check); they are read from the database at most
// every few seconds per site, so a ban reaches every server of a cluster within that time.
import type { Ban, NewBan } from '../../contracts/admin-api.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { FieldErrors } from '../comments/validate-comment.ts';
import { AppError } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { BanRow, BanStore } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';

const FRESH_MS = 5000;

export class Bans {
  readonly #store: Pick<BanStore, 'activeBans'>;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { at: number; bans: BanRow[]; merged: WeakMap<SiteSettings, SiteSettings> }>();

  constructor(deps: { store: Pick<BanStore, 'activeBans'>; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /** The site's settings with its active bans added to the block lists. */
  async apply(siteId: string, settings: SiteSettings): Promise<SiteSettings> {
    const now = this.#clock.now();
    let c = this.#cache.get(siteId);
    if (!c || now - c.at >= FRESH_MS) {
      c = { at: now, bans: await this.#store.activeBans(siteId, now), merged: new WeakMap() };
      this.#cache.set(siteId, c);
    }
    const live = c.bans.filter((b) => b.until === null || b.until > now);
    if (!live.length) return settings;
    let merged = c.merged.get(settings);
    if (!merged) {
      merged = {
        ...settings,
        blockedEmails: [
          ...settings.blockedEmails,
          ...live.filter((b) => b.kind !== 'ip').map((b) => (b.kind === 'domain' ? `@${b.value}` : b.value)),
        ],
        blockedIpHashes: [...settings.blockedIpHashes, ...live.filter((b) => b.kind === 'ip').map((b) => b.value)],
      };
      c.merged.set(settings, merged);
    }
    return merged;
  }

  /** Forget what was read, after a change on this server. */
  changed(siteId: string): void {
    this.#cache.delete(siteId);
  }
}

const DAY_MS = 86_400_000;
const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);

/** A ban as asked for, checked; `value` is normalised (lower case, no leading @). */
function checkBan(b: Record<string, unknown>): Pick<BanRow, 'kind' | 'value' | 'reason'> & { days: number | null } {
  const errors = new FieldErrors('en');
  if (b.kind !== 'email' && b.kind !== 'domain' && b.kind !== 'ip')
    errors.add('kind', b.kind === undefined ? 'REQUIRED' : 'INVALID_VALUE');
  const value = typeof b.value === 'string' ? b.value.trim().toLowerCase().replace(/^@/, '') : '';
  const malformed =
    value.length > 254 ||
    (b.kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) ||
    (b.kind === 'domain' && !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(value)) ||
    (b.kind === 'ip' && !/^[0-9a-f]{16,64}$/.test(value));
  if (!value) errors.add('value', 'REQUIRED');
  else if (malformed) errors.add('value', 'INVALID_VALUE');
  if (
    b.days !== undefined &&
    b.days !== null &&
    (typeof b.days !== 'number' || !Number.isInteger(b.days) || b.days < 1 || b.days > 3650)
  )
    errors.add('days', 'INVALID_VALUE');
  if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > 500))
    errors.add('reason', 'INVALID_VALUE');
  if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
  return {
    kind: b.kind as BanRow['kind'],
    value,
    reason: (b.reason as string | undefined) ?? null,
    days: typeof b.days === 'number' ? b.days : null,
  };
}

/** Moderators list, add and lift a site's bans; each change is audited and reaches `Bans` at once. */
export class BanAdmin {
  readonly #store: BanStore;
  readonly #clock: Clock;
  readonly #audit: AuditLog;
  readonly #bans: Pick<Bans, 'changed'>;

  constructor(deps: { store: BanStore; clock: Clock; audit: AuditLog; bans: Pick<Bans, 'changed'> }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#bans = deps.bans;
  }

  async list(siteId: string): Promise<Ban[]> {
    const bans = await this.#store.activeBans(siteId, this.#clock.now());
    return bans.map((b) => ({
      id: b.id,
      kind: b.kind,
      value: b.value,
      reason: b.reason,
      until: iso(b.until),
      by: b.created_by,
      at: new Date(b.created_at).toISOString(),
    }));
  }

  /** `by`: the moderator's address, shown to the others; `actor`: their name in the audit log. */
  async add(actor: string, by: string, siteId: string, input: Record<string, unknown>): Promise<NewBan> {
    const { days, ...ban } = checkBan(input);
    const now = this.#clock.now();
    const row: BanRow = {
      id: newId(now),
      site_id: siteId,
      ...ban,
      until: days === null ? null : now + days * DAY_MS,
      created_by: by,
      created_at: now,
    };
    await this.#store.addBan(row);
    this.#bans.changed(siteId);
    await this.#audit.record({
      actor,
      siteId,
      action: 'ban.add',
      target: row.id,
      after: { kind: row.kind, value: row.value, until: row.until, reason: row.reason },
    });
    return { id: row.id, kind: row.kind, value: row.value, reason: row.reason, until: iso(row.until) };
  }

  async remove(actor: string, siteId: string, id: string): Promise<void> {
    if (!isId(id) || !(await this.#store.deleteBan(siteId, id))) throw new AppError('NOT_FOUND');
    this.#bans.changed(siteId);
    await this.#audit.record({ actor, siteId, action: 'ban.remove', target: id });
  }
}
