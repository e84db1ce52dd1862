// Tells readers of published replies, in batches, off the posting path. A published comment that
// someone follows leaves a marker in its own commit (mail_reply_pending, migration 0014); this
// notifier reads a batch of markers, finds their followers, applies the rules (published only,
// confirmed addresses only, not the author, not a suppressed address, one email per reader and
// thread per notifyIntervalMinutes) and writes one outbox row per reader and thread for the
// whole batch, in the commit that removes the markers: a crash before that commit leaves the
// markers (told on the next run), after it leaves the rows (sent with their Message-ID kept).
// Writing an outbox row in each reply's commit was most of what mail added to a post.
import type { Clock } from '../clock.ts';
import type { PublishedMail, SiteContext } from '../comments/comment-deps.ts';
import type { CommentPublished, ParleyEvents } from '../events.ts';
import type { CommentRow, MailFollowerRow, MailRow, MailStore, PendingReply } from '../ports.ts';
import { mailDomain, normalizeEmail } from './mailer.ts';
import { newMailRow } from './outbox.ts';

/** Markers read per pass; a fuller batch makes the run go round again. */
const BATCH = 500;
/** Passes lost in a row to another server before a run gives up until the next kick or poll. */
const MAX_LOST = 3;

export type ReplyNotifierDeps = {
  store: MailStore;
  clock: Clock;
  /** The From address, or null: mail is off, and markers are dropped unsent. */
  from: string | null;
  site(id: string): Promise<SiteContext | undefined>;
  /** Starts the sender (rows due now were written). */
  kick(): void;
  onError(err: unknown): void;
  /** How long a publish waits for others to share its run (default 100 ms). */
  delayMs?: number;
};

/** One email's worth: a reader told of replies in one thread. */
type Told = { follower: MailFollowerRow; siteId: string; threadId: string; at: number; replies: Reply[] };
type Reply = { commentId: string; toMe: boolean };

export class ReplyNotifier implements PublishedMail {
  readonly #d: ReplyNotifierDeps;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #scheduled: Promise<void> | null = null;
  /** Settles the scheduled run's promise when close() drops its timer (idle() must not hang). */
  #cancel: () => void = () => undefined;
  #running: Promise<number> | null = null;
  #again = false;
  #closed = false;
  constructor(deps: ReplyNotifierDeps) {
    this.#d = deps;
  }

  /** Whether a comment being published needs a marker: mail is on and someone follows. */
  async toTell(comment: Pick<CommentRow, 'thread_id' | 'parent_id'>): Promise<boolean> {
    if (!this.#d.from || !comment.thread_id) return false;
    // A failed read marks it anyway: the notifier's run decides, and the post is not refused.
    return this.#d.store.hasMailFollowers(comment.thread_id, comment.parent_id).catch(() => true);
  }

  /** A marked comment was stored (or one was published elsewhere on this server): a run soon. */
  marked(): void {
    // A run going now may have read the markers before this one committed: the timer's run
    // then makes it go round once more.
    if (this.#closed || this.#timer) return;
    const scheduled: Promise<void> = new Promise((resolve) => {
      this.#cancel = resolve;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.run()
          .catch(this.#d.onError)
          .finally(() => {
            // A later mark may have scheduled the next run meanwhile: that one stays awaited.
            if (this.#scheduled === scheduled) this.#scheduled = null;
            resolve();
          });
      }, this.#d.delayMs ?? 100);
    });
    this.#scheduled = scheduled;
  }

  /**
   * Comments published by a moderator's decision on this server (those posted mark themselves).
   * Without mail, nobody: the markers approvals leave are dropped by the run at start-up.
   */
  listen(events: ParleyEvents): () => void {
    if (!this.#d.from) return () => undefined;
    const handler = (e: CommentPublished) => {
      if (!e.remote && !e.mailQueued) this.marked();
    };
    events.on('comment.published', handler);
    return () => events.off('comment.published', handler);
  }

  /** Tells every marked comment; resolves with how many markers it removed. */
  run(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let told = 0;
      let lost = 0;
      do {
        this.#again = false;
        const n = await this.#pass();
        if (n === null) lost++;
        else told += n;
        if (n === BATCH || (n === null && lost < MAX_LOST)) this.#again = true;
      } while (this.#again && !this.#closed);
      return told;
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Resolves once no run is going or waiting to start. */
  async idle(): Promise<void> {
    while (this.#scheduled || this.#running) await (this.#scheduled ?? this.#running)?.catch(() => undefined);
  }

  /** No more runs; the markers wait in the database for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#scheduled = null;
    this.#cancel();
    await this.#running?.catch(() => undefined);
  }

  /** Markers removed, or null when another server told some of them first (nothing written). */
  async #pass(): Promise<number | null> {
    const { store } = this.#d;
    const pending = await store.pendingReplies(BATCH);
    if (!pending.length) return 0;
    const rows = this.#d.from ? await this.#rows(pending, this.#d.from) : [];
    if (
      !(await store.tellReplies(
        pending.map((p) => p.id),
        rows,
      ))
    )
      return null;
    // A reply gathered into a digest is due later, when the timer finds it: a run now would
    // only look through the outbox for nothing.
    const now = this.#d.clock.now();
    if (rows.some((r) => r.next_attempt_at <= now)) this.#d.kick();
    return pending.length;
  }

  async #rows(pending: PendingReply[], from: string): Promise<MailRow[]> {
    const { store } = this.#d;
    const now = this.#d.clock.now();
    const sites = new Map<string, Promise<SiteContext | undefined>>();
    const followers = new Map<string, Promise<MailFollowerRow[]>>();
    const told = new Map<string, Told>();
    for (const { id, comment: c, parentEmail } of pending) {
      // Held, spam or deleted since it was marked: nobody is told (approved again, it is marked again).
      if (c?.status !== 'approved') continue;
      const siteOf = sites.get(c.site_id) ?? this.#d.site(c.site_id);
      sites.set(c.site_id, siteOf);
      const site = await siteOf;
      if (!site) continue;
      const key = `${c.thread_id}\n${c.parent_id ?? ''}`;
      const readers = followers.get(key) ?? store.mailFollowers(c.thread_id, c.parent_id);
      followers.set(key, readers);
      const author = normalizeEmail(c.author_email);
      const parent = parentEmail === null ? null : normalizeEmail(parentEmail);
      const interval = site.settings.notifyIntervalMinutes * 60_000;
      for (const a of await readers) {
        if (a.email === author || a.suppressed) continue;
        const group = `${a.id}:${c.thread_id}`;
        let t = told.get(group);
        if (!t) {
          const at = a.last_sent_at === null ? now : Math.max(now, a.last_sent_at + interval);
          t = { follower: a, siteId: c.site_id, threadId: c.thread_id, at, replies: [] };
          told.set(group, t);
        }
        t.replies.push({ commentId: id, toMe: parent === a.email });
      }
    }
    const domain = mailDomain(from);
    return [...told.entries()].map(([group, t]) =>
      newMailRow({
        siteId: t.siteId,
        recipient: t.follower.email,
        kind: 'reply',
        domain,
        data: { addressId: t.follower.id, threadId: t.threadId, replies: t.replies },
        // No dedupe key: a marker is removed with the rows it made, so each publication is told
        // once (a key naming one reply would drop a whole digest with a comment told before).
        group,
        ipHash: null,
        now,
        at: t.at,
      }),
    );
  }
}

/** The replies an outbox row tells of: a batch's list, or the one reply of a row queued before 0014. */
export function repliesOf(row: MailRow): Reply[] {
  const list = row.data.replies;
  if (Array.isArray(list))
    return list
      .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
      .map((r) => ({ commentId: String(r.commentId), toMe: r.toMe === true }));
  return row.data.commentId === undefined
    ? []
    : [{ commentId: String(row.data.commentId), toMe: row.data.toMe === true }];
}
