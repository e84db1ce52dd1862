// Parley's own export file, `parley export --format parley`: JSON Lines, one record per line.
// The writer (src/core/export) and the reader (src/import/formats/parley.ts) share these shapes,
// and a file written by one version must stay readable by the next: fields are only ever added,
// and a change that would make an old reader misread a file bumps EXPORT_VERSION.
//
// Order in the file: the header; the site's settings; each thread followed by its comments
// (parents before replies) and their open reports; the bans in force; the audit log, newest
// first; the end record. A file without its end record was cut short.

export const EXPORT_FORMAT = 'parley-export';
export const EXPORT_VERSION = 1;

/** Times are ISO 8601 in UTC, to the millisecond. */
export type IsoTime = string;

export type ExportHeader = {
  format: typeof EXPORT_FORMAT;
  version: number;
  site: { id: string; name: string; origins: string[]; lang: string; createdAt: IsoTime };
  exportedAt: IsoTime;
  /** Said first, to whoever opens the file: it holds personal data. */
  notice: string;
  /** What kinds of record follow, so that a reader can tell a missing kind from an empty one. */
  records: ExportRecord['type'][];
};

/** One of the site's own settings (an override of the install's default), as stored. */
export type SettingRecord = { type: 'setting'; key: string; value: unknown };

export type ThreadRecord = {
  type: 'thread';
  id: string;
  /** The thread's key: its article's normalized URL, or the explicit id the site chose. */
  key: string;
  url: string | null;
  title: string | null;
  createdAt: IsoTime;
  closed: boolean;
  reopenedAt: IsoTime | null;
  /** Pinned comment ids, in pin order. */
  pinned: string[];
  /** Published comments, as the thread counts them. */
  commentCount: number;
};

export type CommentRecord = {
  type: 'comment';
  id: string;
  thread: string;
  parent: string | null;
  status: 'pending' | 'approved' | 'spam' | 'deleted';
  createdAt: IsoTime;
  editedAt: IsoTime | null;
  /** When a moderator last changed the text. */
  moderatorEditedAt: IsoTime | null;
  /** Written by a moderator (shown with a badge). */
  moderator: boolean;
  /** An erased commenter has an empty email and the name "Anonymous". */
  author: { name: string; email: string; website: string | null };
  /** The Markdown the commenter wrote (after any moderator's edit). */
  body: string;
  /** The sanitized HTML readers were shown. */
  html: string;
  /** What the spam checks decided when the comment was last checked, if they kept it. */
  spam: { score: number; reasons: { check: string; reason: string; score: number }[] } | null;
};

/** A reader's report not yet dealt with (a dealt-with one shows in the audit log). */
export type ReportRecord = {
  type: 'report';
  id: string;
  comment: string;
  reason: 'spam' | 'abuse' | 'off-topic' | 'other';
  createdAt: IsoTime;
};

/**
 * A ban in force. A ban by network holds the network's keyed hash, as the dashboard shows it:
 * it keeps working only in an install with the same secret (a re-import into this one).
 */
export type BanRecord = {
  type: 'ban';
  id: string;
  kind: 'email' | 'domain' | 'ip';
  value: string;
  reason: string | null;
  until: IsoTime | null;
  createdBy: string;
  createdAt: IsoTime;
};

export type AuditRecord = {
  type: 'audit';
  id: string;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  at: IsoTime;
};

/** The last line: how many records of each kind came before it. */
export type EndRecord = { type: 'end'; counts: Partial<Record<Exclude<ExportRecord['type'], 'end'>, number>> };

export type ExportRecord =
  | SettingRecord
  | ThreadRecord
  | CommentRecord
  | ReportRecord
  | BanRecord
  | AuditRecord
  | EndRecord;
