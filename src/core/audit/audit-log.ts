// The audit log: who changed what on a site, with the state before and after. Dashboard users
// and the operator at the command line write to the same log through this one class, so an
// entry reads the same whichever surface made the change.
import { userInfo } from 'node:os';
import type { AuditEntry, AuditPage } from '../../contracts/admin-api.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import type { AuditStore } from '../ports.ts';

export type AuditRecord = {
  /** Who did it, as userActor() or cliActor() name them. */
  actor: string;
  siteId: string;
  action: string;
  target: string | null;
  /** Left out when there was nothing before (a creation) or nothing after (a removal). */
  before?: unknown;
  after?: unknown;
};

/** A dashboard account, by id and by the address a reader of the log recognises. */
export const userActor = (user: { id: string; email: string }) => `user:${user.id} ${user.email}`;

/** The operator at the command line, by their login name on the machine. */
export function cliActor(): string {
  try {
    const name = userInfo().username;
    return name ? `cli:${name}` : 'cli:unknown';
  } catch {
    // No passwd entry for the uid (some containers): still say it came from the CLI.
    return 'cli:unknown';
  }
}

export class AuditLog {
  readonly #store: AuditStore;
  readonly #clock: Clock;

  constructor(deps: { store: AuditStore; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  record(r: AuditRecord): Promise<void> {
    const now = this.#clock.now();
    return this.#store.addAudit({
      id: newId(now),
      site_id: r.siteId,
      actor: r.actor,
      action: r.action,
      target: r.target,
      before: r.before ?? null,
      after: r.after ?? null,
      created_at: now,
    });
  }

  /** A page of the site's log, newest first, with before and after read back as values. */
  async page(siteId: string, before: string | null, limit: number): Promise<AuditPage> {
    const rows = await this.#store.listAudit(siteId, before, limit);
    const entries: AuditEntry[] = rows.map((r) => ({
      id: r.id,
      actor: r.actor,
      action: r.action,
      target: r.target,
      before: r.before,
      after: r.after,
      at: new Date(r.created_at).toISOString(),
    }));
    return { entries, next: rows.length === limit ? rows[rows.length - 1].id : null };
  }
}
