// The moderators' queues and actions, for the dashboard and its API. Every action is written
// to the audit log with what the comment was before and after; spam and not-spam verdicts also
// teach the site's filter (spam-review.ts).
import type { QueueItem, QueueName, Action, BulkResult, QueuePage, QueueCounts } from '../../contracts/admin-api.ts';
import { userActor, type AuditLog } from '../audit/audit-log.ts';
import type { CommentRow, CommentStatus, ModerationStore, SpamPolicy } from '../ports.ts';
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import { AppError } from '../errors.ts';
import { MAX_PINS, pinnedIds } from '../threads/pins.ts';
import { toPublicComment } from '../comments/public-comment.ts';
import type { SpamReview } from './spam-review.ts';
import { explainedNow } from './explain-page.ts';

export { ACTIONS, QUEUES, type Action, type QueueItem, type QueueName } from '../../contracts/admin-api.ts';
export type Actor = { id: string; email: string };

/** Enough of the parent comment to judge a reply by (in characters, never half of one). */
const PARENT_EXCERPT = 400;
function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > PARENT_EXCERPT ? `${chars.slice(0, PARENT_EXCERPT).join('')}…` : text;
}

export class Moderation {
  readonly #store: ModerationStore;
  readonly #clock: Clock;
  readonly #events: ParleyEvents;
  readonly #review: Pick<SpamReview, 'mark'>;
  readonly #spam: Pick<SpamPolicy, 'explainText'>;
  readonly #audit: AuditLog;

  constructor(deps: {
    store: ModerationStore;
    clock: Clock;
    events: ParleyEvents;
    review: Pick<SpamReview, 'mark'>;
    spam: Pick<SpamPolicy, 'explainText'>;
    audit: AuditLog;
  }) {
    this.#spam = deps.spam;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#events = deps.events;
    this.#review = deps.review;
    this.#audit = deps.audit;
  }

  async queue(siteId: string, name: QueueName, before: string | null, limit: number): Promise<QueuePage> {
    const rows =
      name === 'reported'
        ? await this.#store.listReported(siteId, before, limit)
        : await this.#store.listByStatus(siteId, name, before, limit);
    const items = await this.#items(rows);
    return { items, next: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  async search(
    siteId: string,
    q: { text?: string; author?: string; email?: string; article?: string },
    before: string | null,
    limit: number,
  ): Promise<QueuePage> {
    const rows = await this.#store.searchComments(siteId, q, before, limit);
    return { items: await this.#items(rows), next: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  counts(siteId: string): Promise<QueueCounts> {
    return this.#store.countsByStatus(siteId);
  }

  async item(siteId: string, id: string): Promise<QueueItem> {
    const row = await this.#store.getComment(id);
    if (!row || row.site_id !== siteId) throw new AppError('NOT_FOUND');
    return this.#item(row);
  }

  /** One action on one comment of the site; returns the comment as it now is. */
  async act(actor: Actor, siteId: string, id: string, action: Action): Promise<QueueItem> {
    const before = await this.#store.getComment(id);
    if (!before || before.site_id !== siteId) throw new AppError('NOT_FOUND');
    const now = this.#clock.now();
    let after: CommentRow | undefined = before;
    if (action === 'spam' || action === 'ham') {
      if (before.status === 'deleted') throw new AppError('NOT_FOUND');
      await this.#review.mark(id, action, { siteId, by: `user:${actor.id}` });
      after = await this.#store.getComment(id);
    } else if (action === 'approve' || action === 'delete') {
      const status: CommentStatus = action === 'approve' ? 'approved' : 'deleted';
      if (before.status !== status) {
        after = await this.#store.updateComment(id, { status });
        await this.#changed(before, after);
      }
    }
    // Any decision on a comment answers the reports about it.
    await this.#store.resolveReports(id, now);
    await this.#audit.record({
      actor: userActor(actor),
      siteId,
      action: `comment.${action}`,
      target: id,
      before: { status: before.status },
      after: { status: after?.status ?? before.status },
    });
    this.#events.emit('queue.changed', { siteId });
    return this.#item(after ?? before);
  }

  /**
   * Pins a published top-level comment to the top of its thread, or unpins it. Pins are kept
   * in pin order; a comment removed or hidden later simply stops showing as pinned.
   */
  async pin(actor: Actor, siteId: string, id: string, pinned: boolean): Promise<QueueItem> {
    const row = await this.#store.getComment(id);
    if (!row || row.site_id !== siteId) throw new AppError('NOT_FOUND');
    const thread = await this.#store.getThread(row.thread_id);
    if (!thread) throw new AppError('NOT_FOUND');
    const before = pinnedIds(thread);
    let after = before.filter((x) => x !== id);
    if (pinned) {
      if (row.depth !== 0 || row.status !== 'approved') throw new AppError('NOT_PINNABLE');
      if (!before.includes(id)) {
        // Pins whose comments are gone or hidden do not count against the limit.
        const approved = new Set(
          (await this.#store.getComments(after)).filter((c) => c.status === 'approved').map((c) => c.id),
        );
        const live = after.filter((other) => approved.has(other));
        if (live.length >= MAX_PINS) throw new AppError('PIN_LIMIT');
        after = [...live, id];
      } else after = before;
    }
    if (after.join() !== before.join()) {
      await this.#store.setThreadPins(thread.id, after);
      this.#events.emit('thread.changed', { siteId, threadId: thread.id, threadKey: thread.key });
    }
    await this.#audit.record({
      actor: userActor(actor),
      siteId,
      action: pinned ? 'comment.pin' : 'comment.unpin',
      target: id,
      before: { pinned: before.includes(id) },
      after: { pinned },
    });
    return this.#item(row, after);
  }

  /** The same action on many comments; each succeeds or fails on its own. */
  async bulk(actor: Actor, siteId: string, ids: string[], action: Action): Promise<BulkResult[]> {
    const out: BulkResult[] = [];
    for (const id of ids) {
      try {
        const item = await this.act(actor, siteId, id, action);
        out.push({ id, ok: true, status: item.status });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        out.push({ id, ok: false });
      }
    }
    return out;
  }

  async #changed(row: CommentRow, after?: CommentRow): Promise<void> {
    const thread = await this.#store.getThread(row.thread_id);
    if (!thread) return;
    const e = { siteId: row.site_id, threadId: thread.id, threadKey: thread.key };
    this.#events.emit('thread.changed', e);
    // An approved comment is published now: readers following the thread hear of it only now.
    if (after?.status === 'approved') this.#events.emit('comment.published', { ...e, comment: toPublicComment(after) });
    const step =
      after &&
      (after.status === 'approved' ? 'comment.published' : after.status === 'deleted' ? 'comment.deleted' : null);
    if (step) await this.#events.lifecycle({ type: step, siteId: row.site_id, commentId: row.id });
  }

  async #item(r: CommentRow, pins?: string[]): Promise<QueueItem> {
    return (await this.#items([r], pins))[0];
  }

  /**
   * Queue items for a page of comments: their threads, parents, authors' histories and open
   * reports are read in one query each for the whole page, not one per comment.
   */
  /** The page's addresses a reader confirmed by a mailed link (for reply notifications). */
  async #verified(siteId: string, rows: CommentRow[]): Promise<Set<string>> {
    const emails = [...new Set(rows.map((r) => r.author_email.trim().toLowerCase()))];
    const found = await Promise.all(emails.map((email) => this.#store.getMailAddress({ siteId, email })));
    return new Set(found.flatMap((a) => (a?.confirmed_at ? [a.email] : [])));
  }

  async #items(rows: CommentRow[], pins?: string[]): Promise<QueueItem[]> {
    if (!rows.length) return [];
    const siteId = rows[0].site_id;
    const [threads, parents, histories, reports] = await Promise.all([
      this.#store.getThreads(rows.map((r) => r.thread_id)),
      this.#store.getComments(rows.flatMap((r) => (r.parent_id ? [r.parent_id] : []))),
      this.#store.authorHistories(siteId, [...new Set(rows.map((r) => r.author_email))]),
      this.#store.openReports(rows.map((r) => r.id)),
    ]);
    const verified = await this.#verified(siteId, rows);
    const threadOf = new Map(threads.map((t) => [t.id, t]));
    const parentOf = new Map(parents.map((p) => [p.id, p]));
    const out: QueueItem[] = [];
    const now = explainedNow(rows.map((r) => r.body.length));
    for (const [i, r] of rows.entries()) {
      const thread = threadOf.get(r.thread_id);
      const parent = r.parent_id ? parentOf.get(r.parent_id) : undefined;
      const words = now[i]
        ? await this.#spam.explainText(r.site_id, r.body, {
            authorUrl: r.author_website,
            permalink: thread?.url ?? null,
            context: thread?.title ?? null,
          })
        : null;
      out.push({
        id: r.id,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
        editedAt: r.edited_at ? new Date(r.edited_at).toISOString() : null,
        parentId: r.parent_id,
        parent: parent
          ? { id: parent.id, author: parent.author_name, body: excerpt(parent.body), status: parent.status }
          : null,
        thread: thread
          ? { id: thread.id, key: thread.key, title: thread.title, url: thread.url, closed: thread.closed }
          : null,
        author: {
          name: r.author_name,
          email: r.author_email,
          website: r.author_website,
          ipHash: r.ip_hash,
          ...(verified.has(r.author_email.trim().toLowerCase()) ? { emailConfirmed: true as const } : {}),
        },
        body: r.body,
        html: r.body_html,
        spam: { score: r.spam_score ?? null, reasons: r.spam_reasons ?? [], words },
        history: histories.get(r.author_email) ?? { approved: 0, rejected: 0 },
        reports: reports
          .filter((x) => x.comment_id === r.id)
          .map((x) => ({ reason: x.reason, createdAt: new Date(x.created_at).toISOString() })),
        pinned: r.status === 'approved' && (pins ?? pinnedIds(thread)).includes(r.id),
        moderator: r.moderator === true,
        editedByModerator: !!r.moderator_edited_at,
      });
    }
    return out;
  }
}
