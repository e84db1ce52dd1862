// Readers flag a published comment (spam, abuse, off-topic, other) and it joins the moderators'
// "reported" queue. One report per comment and network counts; the rest are acknowledged the
// same way and dropped, so repeating a report neither helps nor tells anyone anything.
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { ReportReason, Store } from '../ports.ts';
import { hashIp } from '../privacy/ip.ts';

export const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];
/** Open reports kept per comment: enough for moderators to see it is contested. */
const MAX_OPEN = 50;

export class Reports {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #ipSecret: string;
  readonly #events: ParleyEvents | undefined;

  constructor(deps: { store: Store; clock: Clock; ipSecret: string; events?: ParleyEvents }) {
    this.#events = deps.events;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#ipSecret = deps.ipSecret;
  }

  /** Records a report; returns whether it was new. */
  async report(siteId: string, commentId: string, reason: ReportReason, ip: string): Promise<boolean> {
    const comment = await this.#store.getComment(commentId);
    if (!comment || comment.site_id !== siteId || comment.status !== 'approved') throw new AppError('NOT_FOUND');
    const ipHash = hashIp(ip, this.#ipSecret);
    const open = await this.#store.openReports([commentId]);
    if (open.length >= MAX_OPEN || (ipHash && open.some((r) => r.ip_hash === ipHash))) return false;
    await this.#store.addReport({
      id: newId(this.#clock.now()),
      site_id: siteId,
      comment_id: commentId,
      reason,
      ip_hash: ipHash,
      created_at: this.#clock.now(),
      resolved_at: null,
    });
    this.#events?.emit('queue.changed', { siteId });
    this.#events?.emit('moderation.alert', { siteId, kind: 'report', commentId });
    await this.#events?.lifecycle({ type: 'report.created', siteId, commentId, reportReason: reason });
    return true;
  }
}
