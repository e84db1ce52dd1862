// What every importer yields: one shape for WordPress, Disqus, Remark42, Isso, Commento and our
// own export, so the pipeline that writes them (hashing IPs, converting bodies, keeping replies,
// idempotency by source id) is written once. A source streams: it never holds the whole file.
import type { CommentStatus } from '../records.ts';

/** Where in the file something is: "line 12", "<item> 3 / <wp:comment> 2", "comments row 41". */
export type SourcePosition = string;

export type ImportThread = {
  /** The source's own id for the thread (unique within the file). */
  readonly key: string;
  /** The page's address as the source knows it (before any --map-url). */
  readonly url: string;
  readonly title: string | null;
  readonly createdAt: number | null;
  readonly at: SourcePosition;
};

export type ImportComment = {
  /** The source's own id for the comment (unique within the file). */
  readonly key: string;
  readonly threadKey: string;
  readonly parentKey: string | null;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly status: CommentStatus;
  readonly author: {
    readonly name: string;
    /** Never invented: null when the source has none (Disqus, Remark42 often). */
    readonly email: string | null;
    readonly website: string | null;
    /** The source's id for the author (Disqus username, Remark42 user id), kept for privacy requests. */
    readonly sourceId: string | null;
  };
  readonly body: {
    readonly format: 'html' | 'markdown' | 'text';
    readonly text: string;
    /**
     * A markdown body as the importer's renderer makes it, when the reader already rendered it
     * (on a thread of its own: src/import/formats/in-worker.ts); the importer renders it otherwise.
     */
    readonly html?: string;
  };
  /** Raw, as the file has it: the pipeline hashes it (or drops it when too old) and never stores it. */
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly at: SourcePosition;
};

export type ImportItem =
  | { readonly kind: 'thread'; readonly thread: ImportThread }
  | { readonly kind: 'comment'; readonly comment: ImportComment }
  /**
   * The install the file was exported from (a blog's address), before any thread, when the
   * format names one and its ids are unique only within that install (WordPress's comment ids):
   * the pipeline keys what it imports by it, so two installs merged into one site do not collide.
   */
  | { readonly kind: 'origin'; readonly origin: string }
  /** A field or element the importer does not use (reported by --dry-run, never an error). */
  | { readonly kind: 'unknown'; readonly field: string; readonly at: SourcePosition }
  /** A record that cannot be read; the rest of the file goes on (the pipeline counts and reports it). */
  | { readonly kind: 'invalid'; readonly message: string; readonly at: SourcePosition };

export type ImportSource = {
  readonly format: string;
  /** Items in file order; a thread is yielded before the first comment that names it. */
  items(): AsyncIterable<ImportItem>;
  /**
   * Reads the file to its end keeping nothing, and throws the ImportFormatError items() would
   * throw, if any; resolves with the number of comment records (the progress bar's total, so
   * pingbacks and records that prove invalid are in it). A real import's first pass uses it when
   * given, rather than building every item only to count it; `onCount` is told as it goes.
   */
  check?(onCount?: (comments: number) => void): Promise<number>;
};

/** The file as a whole cannot be read (not this format, truncated XML…): nothing is written. */
export class ImportFormatError extends Error {
  readonly at: SourcePosition;
  constructor(message: string, at: SourcePosition) {
    super(`${at}: ${message}`);
    this.at = at;
  }
}
