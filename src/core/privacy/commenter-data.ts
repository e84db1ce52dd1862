// A commenter's data, found by their email address: everything stored about them as JSON
// (export), or their name, address, website, network hash and browser identification removed
// everywhere they are kept (erase), with the text kept or deleted as chosen. Erasing reaches the
// discard log, the texts kept for the spam filter to learn from (after folding what was learned
// into the site's layer, so the filter keeps the lesson but not the text) and the audit log's
// before/after records of their comments.
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import type { CommentRow, CommenterDataStore, SpamPolicy } from '../ports.ts';

/** The avatar of an erased author: the same for all of them, so it links no comments together. */
export const ANONYMOUS_AVATAR = '000000000000';

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

export class CommenterData {
  readonly #store: CommenterDataStore;
  readonly #spam: Pick<SpamPolicy, 'compact'>;
  readonly #clock: Clock;
  readonly #events: ParleyEvents | null;

  constructor(deps: {
    store: CommenterDataStore;
    spam: Pick<SpamPolicy, 'compact'>;
    clock: Clock;
    events?: ParleyEvents | null;
  }) {
    this.#store = deps.store;
    this.#spam = deps.spam;
    this.#clock = deps.clock;
    this.#events = deps.events ?? null;
  }

  async export(email: string, siteId: string | null = null) {
    const [comments, discards, corrections, mail] = await Promise.all([
      this.#store.commentsByEmail(email, siteId),
      this.#store.discardsByEmail(email, siteId),
      this.#store.correctionsByEmail(email, siteId),
      this.#store.mailDataByEmail(email.trim().toLowerCase(), siteId),
    ]);
    return {
      email,
      exportedAt: iso(this.#clock.now()),
      comments: await this.#withThreads(comments),
      discardedComments: discards.map((d) => ({ ...d, created_at: iso(d.created_at) })),
      spamCorrections: corrections.map((x) => ({ ...x, created_at: iso(x.created_at) })),
      // Notifications: whether the address is confirmed, what it follows, the mails sent or waiting.
      notificationAddresses: mail.addresses.map((a) => ({
        ...a,
        confirmed_at: iso(a.confirmed_at),
        created_at: iso(a.created_at),
        active_at: iso(a.active_at),
      })),
      notificationSubscriptions: mail.subscriptions.map((x) => ({ ...x, created_at: iso(x.created_at) })),
      notificationEmails: mail.outbox.map(({ ip_hash: _n, claimed_by: _c, claimed_until: _u, ...m }) => ({
        ...m,
        created_at: iso(m.created_at),
        sent_at: iso(m.sent_at),
        next_attempt_at: iso(m.next_attempt_at),
      })),
    };
  }

  /**
   * An imported author who left no address, by the source's id for them ("disqus:jane"): their
   * comments, as export() gives them. Only comments carry the key.
   */
  async exportByAuthorKey(authorKey: string, siteId: string | null = null) {
    const comments = await this.#store.commentsByAuthorKey(authorKey, siteId);
    return {
      authorKey,
      exportedAt: iso(this.#clock.now()),
      comments: await this.#withThreads(comments),
    };
  }

  /** erase() for an imported author known by the source's id; what was learned from their texts stays. */
  async eraseByAuthorKey(
    authorKey: string,
    opts: { siteId?: string | null; deleteText: boolean },
  ): Promise<{ comments: number; textsDeleted: number; corrections: number; audit: number }> {
    const siteId = opts.siteId ?? null;
    const comments = await this.#store.commentsByAuthorKey(authorKey, siteId);
    for (const site of new Set(comments.map((c) => c.site_id))) await this.#spam.compact(site, this.#clock.now(), true);
    let textsDeleted = 0;
    if (opts.deleteText)
      for (const c of comments) {
        if (c.status === 'deleted' && c.body === '') continue;
        await this.#store.updateComment(c.id, { status: 'deleted', body: '', bodyHtml: '' });
        textsDeleted++;
      }
    const erased = await this.#store.eraseAuthorKey(authorKey, siteId, ANONYMOUS_AVATAR);
    for (const id of new Set(comments.map((c) => c.thread_id))) {
      const t = await this.#store.getThread(id);
      if (t) this.#events?.emit('thread.changed', { siteId: t.site_id, threadId: t.id, threadKey: t.key });
    }
    return { ...erased, textsDeleted };
  }

  async #withThreads(comments: CommentRow[]) {
    const threads = new Map<string, { key: string; url: string | null; title: string | null } | null>();
    for (const c of comments)
      if (!threads.has(c.thread_id)) {
        const t = await this.#store.getThread(c.thread_id);
        threads.set(c.thread_id, t ? { key: t.key, url: t.url, title: t.title } : null);
      }
    return comments.map((c) => ({
      ...c,
      created_at: iso(c.created_at),
      edited_at: iso(c.edited_at),
      imported_at: iso(c.imported_at),
      thread: threads.get(c.thread_id),
    }));
  }

  async erase(
    email: string,
    opts: { siteId?: string | null; deleteText: boolean },
  ): Promise<{
    comments: number;
    textsDeleted: number;
    discards: number;
    corrections: number;
    audit: number;
    notifications: number;
  }> {
    const siteId = opts.siteId ?? null;
    const comments = await this.#store.commentsByEmail(email, siteId);
    // What the filter learned from this person's texts stays; the texts go.
    const sites = new Set([
      ...comments.map((c) => c.site_id),
      ...(await this.#store.correctionsByEmail(email, siteId)).map((c) => c.site_id),
    ]);
    for (const site of sites) await this.#spam.compact(site, this.#clock.now(), true);
    let textsDeleted = 0;
    if (opts.deleteText) {
      for (const c of comments) {
        if (c.status === 'deleted' && c.body === '') continue;
        await this.#store.updateComment(c.id, { status: 'deleted', body: '', bodyHtml: '' });
        textsDeleted++;
      }
    }
    const erased = await this.#store.eraseAuthor(email, siteId, ANONYMOUS_AVATAR);
    const threads = new Set(comments.map((c) => c.thread_id));
    for (const id of threads) {
      const t = await this.#store.getThread(id);
      if (t) this.#events?.emit('thread.changed', { siteId: t.site_id, threadId: t.id, threadKey: t.key });
    }
    const notifications = await this.#store.eraseMailData(email.trim().toLowerCase(), siteId);
    return { ...erased, textsDeleted, notifications };
  }
}
