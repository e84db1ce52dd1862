// The dashboard's stats: comments per day by status, and what moderators decided about the
// filter's verdicts. A verdict is overturned when a published comment is marked spam or a spam
// one is approved or marked not spam. A held comment asked for a human; approving it is
// counted apart, as the filter did its job there.
import type { StatsDay, StatsReply } from '../../contracts/admin-api.ts';
import type { Clock } from '../clock.ts';
import type { ModerationStatsStore } from '../ports.ts';

const DAY_MS = 86_400_000;
/** The most audit entries read for one answer; older decisions fall out of the window anyway. */
const AUDIT_SCAN = 10_000;
const DECISIONS = ['approve', 'spam', 'ham', 'delete'];

/** The status an audited comment had before the decision; entries are records, so check the shape. */
function statusOf(before: unknown): unknown {
  return typeof before === 'object' && before !== null ? (before as { status?: unknown }).status : undefined;
}

type Counts = Omit<StatsDay, 'day'>;
const zero = (): Counts => ({
  approved: 0,
  pending: 0,
  spam: 0,
  deleted: 0,
  decisions: 0,
  overturned: 0,
  heldApproved: 0,
});

export class ModerationStats {
  readonly #store: ModerationStatsStore;
  readonly #clock: Clock;

  constructor(deps: { store: ModerationStatsStore; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /** The last `days` days, oldest first; days without comments or decisions are left out. */
  async daily(siteId: string, days: number): Promise<StatsReply> {
    const since = this.#clock.now() - days * DAY_MS;
    const byDay = new Map<string, Counts>();
    const day = (d: string) => {
      let x = byDay.get(d);
      if (!x) {
        x = zero();
        byDay.set(d, x);
      }
      return x;
    };
    for (const r of await this.#store.dailyStats(siteId, since)) day(r.day)[r.status] = r.n;
    const totals = { decisions: 0, overturned: 0, heldApproved: 0 };
    for (const e of await this.#store.listAudit(siteId, null, AUDIT_SCAN)) {
      if (e.created_at < since || !e.action.startsWith('comment.')) continue;
      const action = e.action.slice('comment.'.length);
      if (!DECISIONS.includes(action)) continue;
      // Comment decisions are audited with the status before; that says what the filter had decided.
      const was = statusOf(e.before);
      const d = day(new Date(e.created_at).toISOString().slice(0, 10));
      const publish = action === 'ham' || action === 'approve';
      const overturned = (action === 'spam' && was === 'approved') || (publish && was === 'spam');
      const heldApproved = publish && was === 'pending';
      d.decisions++;
      totals.decisions++;
      if (overturned) {
        d.overturned++;
        totals.overturned++;
      }
      if (heldApproved) {
        d.heldApproved++;
        totals.heldApproved++;
      }
    }
    const list = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, counts]) => ({ day: d, ...counts }));
    return { days: list, ...totals };
  }
}
