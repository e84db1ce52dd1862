// Moderators' email alerts: each moderator chooses, per site, how they hear of comments held by
// the filter and of readers' reports: never (the default), one email each, or an hourly or daily
// digest. Alerts go through the outbox like readers' mail (suppressions, the per-recipient cap,
// retries): one row per comment and moderator, deduplicated; a digest's rows share a group and
// wait until the next full hour (or midnight UTC), when the sender sends them as one email. The
// outbox is the schedule: it survives restarts, and on a cluster one server claims each digest.
// When the mail goes out, only comments still waiting are in it: one approved since is left out.
import type { AlertFrequency } from '../../contracts/admin-api.ts';
import type { Clock } from '../clock.ts';
import type { ModerationAlert, ParleyEvents } from '../events.ts';
import type { MailRow, ModeratorAlertStore } from '../ports.ts';
import type { Composed, LinkBase, MailSite } from './compose.ts';
import { mailDomain } from './mailer.ts';
import { type AlertKind, readAlertsOffToken } from './mail-tokens.ts';
import { type AlertItem, composeAlert } from './moderator-mail.ts';
import { newMailRow } from './outbox.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type AlertSettingsValue = { held: AlertFrequency; reports: AlertFrequency };
export const NO_ALERTS: AlertSettingsValue = { held: 'never', reports: 'never' };

/** When a digest queued at `now` goes out: the next full hour, or the next midnight (UTC). */
export function digestAt(frequency: 'hourly' | 'daily', now: number): number {
  const step = frequency === 'hourly' ? HOUR : DAY;
  return Math.floor(now / step) * step + step;
}

const settingOf = (kind: AlertKind): keyof AlertSettingsValue => (kind === 'held' ? 'held' : 'reports');

export type ModeratorAlertDeps = {
  store: ModeratorAlertStore;
  clock: Clock;
  /** The From address, or null: mail is not configured and no alert is queued. */
  from: string | null;
  links: LinkBase;
  /** Called after rows are queued, so the sender need not wait for its next tick. */
  kick(): void;
};

export class ModeratorAlerts {
  readonly #d: ModeratorAlertDeps;
  /** Alerts being queued from events: shutdown (and a test) waits for them. */
  readonly #queueing = new Set<Promise<unknown>>();
  constructor(deps: ModeratorAlertDeps) {
    this.#d = deps;
  }

  /** Resolves once the alerts of events heard so far are in the outbox (or failed). */
  async idle(): Promise<void> {
    while (this.#queueing.size) await Promise.allSettled([...this.#queueing]);
  }

  get enabled(): boolean {
    return this.#d.from !== null;
  }

  async settings(userId: string, siteId: string): Promise<AlertSettingsValue> {
    const row = await this.#d.store.moderatorAlerts(userId, siteId);
    return row ? { held: row.held, reports: row.reports } : { ...NO_ALERTS };
  }

  async save(userId: string, siteId: string, value: AlertSettingsValue): Promise<AlertSettingsValue> {
    await this.#d.store.saveModeratorAlerts({
      id: `${userId}:${siteId}`,
      user_id: userId,
      site_id: siteId,
      held: value.held,
      reports: value.reports,
      updated_at: this.#d.clock.now(),
    });
    return value;
  }

  /** The one-click link of an alert email: the kinds it named go to never. False for a link not ours. */
  async turnOff(token: unknown): Promise<boolean> {
    const t = readAlertsOffToken(this.#d.links.key, token);
    if (!t) return false;
    const now = await this.settings(t.userId, t.siteId);
    for (const kind of t.kinds) now[settingOf(kind)] = 'never';
    // Someone no longer on the site has nothing to turn off (and no row is made for them).
    if ((await this.#d.store.membershipsOf(t.userId)).some((m) => m.site_id === t.siteId))
      await this.save(t.userId, t.siteId, now);
    return true;
  }

  listen(events: ParleyEvents, onError: (err: unknown) => void): () => void {
    const handler = (e: ModerationAlert) => {
      if (!this.enabled) return;
      const p = this.queue(e).catch(onError);
      this.#queueing.add(p);
      void p.finally(() => this.#queueing.delete(p));
    };
    events.on('moderation.alert', handler);
    return () => events.off('moderation.alert', handler);
  }

  /** Queues a row for each moderator of the site who asked for this kind of alert; returns how many. */
  async queue(e: ModerationAlert): Promise<number> {
    const { store } = this.#d;
    const now = this.#d.clock.now();
    // One alert per moderator for each time a comment comes to wait: held (again after an
    // edit), or reported (again once earlier reports were answered).
    const comment = await store.getComment(e.commentId);
    if (!comment || comment.site_id !== e.siteId) return 0;
    let round = '';
    if (e.kind === 'held') {
      if (comment.status !== 'pending') return 0;
      if (comment.edited_at) round = `:${comment.edited_at}`;
    } else {
      const first = (await store.openReports([e.commentId]))[0];
      if (!first) return 0;
      round = `:${first.id}`;
    }
    let queued = 0;
    for (const r of await store.alertRecipients(e.siteId)) {
      const frequency = r[settingOf(e.kind)];
      if (frequency === 'never' || (await store.isMailSuppressed(e.siteId, r.email))) continue;
      const digest = frequency === 'hourly' || frequency === 'daily';
      const ok = await store.enqueueMail(
        newMailRow({
          siteId: e.siteId,
          recipient: r.email,
          kind: 'alert',
          domain: mailDomain(this.#d.from ?? ''),
          data: { userId: r.user_id, alert: e.kind, commentId: e.commentId },
          group: digest ? `alert:${r.user_id}:${e.siteId}:${frequency}` : undefined,
          dedupe: `alert:${r.user_id}:${e.kind}:${e.commentId}${round}`,
          ipHash: null,
          now,
          at: digest ? digestAt(frequency, now) : now,
        }),
      );
      if (ok) queued++;
    }
    if (queued) this.#d.kick();
    return queued;
  }

  /**
   * The email for a group of alert rows of one moderator, or null when none of its comments
   * still waits (or the moderator left the site, or turned these alerts off since).
   */
  async compose(group: MailRow[], site: MailSite): Promise<Composed | null> {
    const { store } = this.#d;
    const userId = String(group[0].data.userId ?? '');
    if (!(await store.membershipsOf(userId)).some((m) => m.site_id === site.id)) return null;
    const wanted = await this.settings(userId, site.id);
    const seen = new Set<string>();
    const rows = group.filter((r) => {
      const kind = r.data.alert === 'report' ? 'report' : 'held';
      const key = `${kind}:${String(r.data.commentId)}`;
      if (seen.has(key) || wanted[settingOf(kind)] === 'never') return false;
      seen.add(key);
      return true;
    });
    const comments = new Map(
      (await store.getComments(rows.map((r) => String(r.data.commentId)))).map((c) => [c.id, c]),
    );
    const threads = new Map(
      (await store.getThreads([...comments.values()].map((c) => c.thread_id))).map((t) => [t.id, t]),
    );
    const reports = await store.openReports([...comments.keys()]);
    const items: AlertItem[] = [];
    for (const r of rows) {
      const comment = comments.get(String(r.data.commentId));
      if (!comment || comment.site_id !== site.id) continue;
      const kind: AlertKind = r.data.alert === 'report' ? 'report' : 'held';
      const open = reports.filter((x) => x.comment_id === comment.id);
      const waiting = kind === 'held' ? comment.status === 'pending' : comment.status !== 'deleted' && open.length > 0;
      if (waiting) items.push({ kind, comment, thread: threads.get(comment.thread_id), reports: open });
    }
    return items.length ? composeAlert(site, this.#d.links, userId, items, this.#d.clock.now()) : null;
  }
}
