// What moderators do with the spam engine's verdicts: read them (score and reasons, for kept
// comments and for the discard log) and overturn them. An overturned verdict moves the comment
// (spam: hidden in the spam queue; not spam: published) and teaches the site's filter at once.
// The dashboard (sessions, screens) builds on this; the CLI and the moderation API call it now.
import type { CommentStatus } from '../records.ts';
import { AppError } from '../errors.ts';
import { toPublicComment } from '../comments/public-comment.ts';
import type { ParleyEvents } from '../events.ts';
import type { Contribution, Reason, SpamDiscardRow, SpamPolicy, Store } from '../ports.ts';
import { explainedNow } from './explain-page.ts';

export type SpamLabel = 'spam' | 'ham';

export type Explained = {
  id: string;
  siteId: string;
  status: CommentStatus;
  author: { name: string; email: string; website: string | null; ipHash: string | null };
  body: string;
  createdAt: string;
  spam: { score: number | null; reasons: Reason[]; words: Contribution[] };
};

export type DiscardEntry = {
  id: string;
  source: string;
  threadKey: string | null;
  author: { name: string | null; email: string | null; website: string | null; ipHash: string | null };
  body: string;
  createdAt: string;
  /** words: null when the page held too much text to explain it all (explain(id) has them). */
  spam: { score: number; reasons: Reason[]; words: Contribution[] | null };
};

export class SpamReview {
  readonly #store: Store;
  readonly #spam: Pick<SpamPolicy, 'explainText' | 'learn'>;
  readonly #events: ParleyEvents | null;

  constructor(deps: { store: Store; spam: Pick<SpamPolicy, 'explainText' | 'learn'>; events?: ParleyEvents | null }) {
    this.#store = deps.store;
    this.#spam = deps.spam;
    this.#events = deps.events ?? null;
  }

  /** A stored comment with the verdict it got; `siteId` limits it to one site's moderators. */
  async explain(id: string, siteId?: string): Promise<Explained> {
    const row = await this.#store.getComment(id);
    if (!row || (siteId && row.site_id !== siteId)) throw new AppError('NOT_FOUND');
    const thread = await this.#store.getThread(row.thread_id);
    const words = await this.#spam.explainText(row.site_id, row.body, {
      authorUrl: row.author_website,
      permalink: thread?.url ?? null,
      context: thread?.title ?? null,
    });
    return {
      id: row.id,
      siteId: row.site_id,
      status: row.status,
      author: { name: row.author_name, email: row.author_email, website: row.author_website, ipHash: row.ip_hash },
      body: row.body,
      createdAt: new Date(row.created_at).toISOString(),
      spam: { score: row.spam_score ?? null, reasons: row.spam_reasons ?? [], words },
    };
  }

  async discards(siteId: string, beforeId: string | null, limit: number): Promise<DiscardEntry[]> {
    const rows = await this.#store.listDiscards(siteId, beforeId, limit);
    const now = explainedNow(rows.map((d) => d.body.length));
    const words = await Promise.all(
      rows.map((d, i) =>
        now[i]
          ? this.#spam.explainText(siteId, d.body, { authorUrl: d.author_website, permalink: d.thread_key })
          : null,
      ),
    );
    return rows.map((d: SpamDiscardRow, i) => ({
      id: d.id,
      source: d.source,
      threadKey: d.thread_key,
      author: { name: d.author_name, email: d.author_email, website: d.author_website, ipHash: d.ip_hash },
      body: d.body,
      createdAt: new Date(d.created_at).toISOString(),
      spam: { score: d.score, reasons: d.reasons, words: words[i] },
    }));
  }

  /**
   * A moderator's verdict. Spam hides the comment (kept for review); not spam publishes a
   * held or spam comment. Either way the site's filter learns the text. Returns the new
   * status with the filter's probability for the text before and after learning.
   */
  async mark(
    id: string,
    label: SpamLabel,
    opts: { siteId?: string; by: string },
  ): Promise<{ status: CommentStatus; before: number; after: number }> {
    const row = await this.#store.getComment(id);
    if (!row || row.status === 'deleted' || (opts.siteId && row.site_id !== opts.siteId))
      throw new AppError('NOT_FOUND');
    const thread = await this.#store.getThread(row.thread_id);
    const status: CommentStatus = label === 'spam' ? 'spam' : 'approved';
    if (status !== row.status) {
      const after = await this.#store.updateComment(id, { status });
      if (thread) {
        const e = { siteId: row.site_id, threadId: thread.id, threadKey: thread.key };
        this.#events?.emit('thread.changed', e);
        if (after?.status === 'approved')
          this.#events?.emit('comment.published', { ...e, comment: toPublicComment(after) });
      }
      await this.#events?.lifecycle({
        type: status === 'spam' ? 'comment.spam' : 'comment.published',
        siteId: row.site_id,
        commentId: row.id,
      });
    }
    const learned = await this.#spam.learn(
      row.site_id,
      label === 'spam' ? 1 : 0,
      {
        text: row.body,
        extras: { authorUrl: row.author_website, permalink: thread?.url ?? null, context: thread?.title ?? null },
      },
      { source: opts.by, commentId: row.id, authorEmail: row.author_email },
    );
    return { status, ...learned };
  }
}
