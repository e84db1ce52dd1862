// The latest published comments of a thread or of a whole site, for the Atom feeds. An entry
// carries what a reader of the thread page sees of a comment (name, time, the sanitized HTML)
// and its thread's address, nothing else: the store's FeedRow holds public columns only.
import type { FeedRow, FeedStore, ThreadRow } from '../ports.ts';
import { parseThread } from '../comments/thread-reader.ts';
import type { SiteContext } from '../comments/comment-deps.ts';

/** Entries per feed: a feed reader polls for what is new, not for the archive. */
export const FEED_SIZE = 50;

export type FeedEntry = {
  id: string;
  authorName: string;
  html: string;
  published: number;
  /** The last change a reader would see: a new text by its author or a moderator. */
  updated: number;
  thread: { key: string; url: string | null; title: string | null };
};

function entryOf(row: FeedRow): FeedEntry {
  return {
    id: row.id,
    authorName: row.author_name,
    html: row.body_html,
    published: row.created_at,
    updated: Math.max(row.created_at, row.edited_at ?? 0, row.moderator_edited_at ?? 0),
    thread: { key: row.thread_key, url: row.thread_url, title: row.thread_title },
  };
}

export class CommentFeeds {
  readonly #store: FeedStore;

  constructor(deps: { store: FeedStore }) {
    this.#store = deps.store;
  }

  /** The thread a feed is asked for by its URL or key (a validation error when it is neither); none yet is no error. */
  async findThread(site: SiteContext, rawThread: string): Promise<{ key: string; thread: ThreadRow | undefined }> {
    const key = parseThread(rawThread, site.lang);
    return { key, thread: await this.#store.getThreadByKey(site.site.id, key) };
  }

  async threadEntries(thread: ThreadRow | undefined): Promise<FeedEntry[]> {
    if (!thread) return [];
    return (await this.#store.latestComments({ threadId: thread.id, limit: FEED_SIZE })).map(entryOf);
  }

  async siteEntries(site: SiteContext): Promise<FeedEntry[]> {
    return (await this.#store.latestComments({ siteId: site.site.id, limit: FEED_SIZE })).map(entryOf);
  }
}
