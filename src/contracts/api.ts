// Shapes that cross the wire, shared by the server, the widget and the dashboard.

export type PublicAuthor = { name: string; website: string | null; avatar: string };

export type PublicComment = {
  id: string;
  parent: string | null;
  depth: number;
  /** null for a removed comment kept as a placeholder because it has replies */
  author: PublicAuthor | null;
  html: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted?: true;
  /**
   * A top-level comment readers do not see (held, or judged spam) kept as a placeholder above
   * its published replies: no author, no text.
   */
  hidden?: true;
  /** Only in the author's own view (with a view token): not yet published. */
  pending?: true;
  /** Written by one of the site's moderators. */
  /** Pinned by a moderator: shown first, on the thread's first page. */
  pinned?: true;
  moderator?: true;
  /** A moderator changed the text. */
  editedByModerator?: true;
  replies: PublicComment[];
  /** Cursor for GET /api/v1/replies when this top-level comment has more replies. */
  moreReplies: string | null;
};

export type PublicThread = {
  id: string | null;
  key: string;
  title: string | null;
  url: string | null;
  count: number;
  closed: boolean;
};

export type ThreadPage = { thread: PublicThread; comments: PublicComment[]; nextCursor: string | null };
export type RepliesPage = { comments: PublicComment[]; nextCursor: string | null };

export type CreatedComment = {
  id: string;
  editToken: string;
  status: 'published' | 'held';
  /** Present when published. */
  comment?: PublicComment;
  /** Present when held: lets the author see their own comment for 10 minutes. */
  viewToken?: string;
  editableUntil: string;
};

export type CountsResponse = { counts: Record<string, number> };
