// The shapes the dashboard reads from /admin/api (docs/api.md, "Dashboard API").
export const QUEUES = ['pending', 'reported', 'spam', 'approved', 'deleted'] as const;
export type QueueName = (typeof QUEUES)[number];
export type Action = 'approve' | 'spam' | 'ham' | 'delete' | 'dismiss-reports';
export type Role = 'admin' | 'moderator';

export type Session = { user: { id: string; email: string }; csrf: string; sites: { siteId: string; role: Role }[]; expiresAt?: number };

export type Item = {
  id: string;
  status: string;
  createdAt: string;
  editedAt: string | null;
  parentId: string | null;
  /** For a reply, what it answers (its first 400 characters): a reply is judged in context.
   * Optional: servers before 48d9ac8 do not send it. */
  parent?: { id: string; author: string; body: string; status: string } | null;
  thread: { id: string; key: string; title: string | null; url: string | null; closed?: boolean } | null;
  author: { name: string; email: string; website: string | null; ipHash: string | null };
  body: string;
  html: string;
  spam: { score: number | null; reasons: { check: string; reason: string; score: number }[]; words: { description: string; contribution: number }[] };
  history: { approved: number; rejected: number };
  reports: { reason: string; createdAt: string }[];
  // Optional: servers before pins and moderator edits in the queue do not send them.
  /** Shown first under its article (at most 3 per thread). */
  pinned?: boolean;
  /** Written by a moderator as a moderator. */
  moderator?: boolean;
  /** A moderator changed the text. */
  editedByModerator?: boolean;
};

export type Page = { items: Item[]; next: string | null };
export type Counts = Record<QueueName, number>;
