// What the dashboard's API (/admin/api, docs/api.md "Dashboard API") sends and accepts: one
// declaration read by the server's routes and the core services behind them, and by the
// dashboard in the browser, so the two cannot drift apart.

import type { Language } from './messages.ts';

export const QUEUES = ['pending', 'reported', 'spam', 'approved', 'deleted'] as const;
export type QueueName = (typeof QUEUES)[number];
export const ACTIONS = ['approve', 'spam', 'ham', 'delete', 'dismiss-reports'] as const;
export type Action = (typeof ACTIONS)[number];
export type Role = 'admin' | 'moderator';
export type ItemStatus = 'pending' | 'approved' | 'spam' | 'deleted';

/** GET /session and POST /login, without the session's own id. */
export type Session = {
  user: { id: string; email: string };
  csrf: string;
  sites: { siteId: string; role: Role }[];
  expiresAt: number;
};

/** A comment as a moderator sees it in a queue, a search or after an action. */
export type QueueItem = {
  id: string;
  status: ItemStatus;
  createdAt: string;
  editedAt: string | null;
  parentId: string | null;
  /** For a reply, what it answers (an excerpt): a moderator judges a reply by what it replies to. */
  parent: { id: string; author: string; body: string; status: ItemStatus } | null;
  thread: { id: string; key: string; title: string | null; url: string | null; closed: boolean } | null;
  author: {
    name: string;
    email: string;
    website: string | null;
    ipHash: string | null;
    /** The reader confirmed this address by a mailed link (reply notifications). */
    emailConfirmed?: true;
  };
  body: string;
  html: string;
  spam: {
    score: number | null;
    reasons: { check: string; reason: string; score: number }[];
    /** Null when the page held too much text to explain it all: the comment's own view has them. */
    words: { readonly description: string; readonly contribution: number }[] | null;
  };
  history: { approved: number; rejected: number };
  reports: { reason: string; createdAt: string }[];
  /** Shown first under its article (at most 3 per thread). */
  pinned: boolean;
  /** Written by a moderator as a moderator (shown with a badge). */
  moderator: boolean;
  /** A moderator changed the text. */
  editedByModerator: boolean;
};

export type QueuePage = { items: QueueItem[]; next: string | null };
export type QueueCounts = Record<QueueName, number>;
export type BulkResult = { id: string; ok: boolean; status?: ItemStatus };

export type Ban = {
  id: string;
  kind: 'email' | 'domain' | 'ip';
  value: string;
  reason: string | null;
  until: string | null;
  by: string;
  at: string;
};
/** POST /bans answers the new ban without who made it and when. */
export type NewBan = Omit<Ban, 'by' | 'at'>;

export type ThreadState = { id: string; key: string; closed: boolean };

export type SettingValue = number | string | string[];
/** GET /settings: what applies, the site's own values, the install's defaults and the check names. */
export type SettingsReply = {
  settings: Record<string, SettingValue>;
  overrides: Record<string, SettingValue>;
  defaults: Record<string, SettingValue>;
  checks: string[];
};
/** PATCH /settings answers what applies and the site's own values after the change. */
export type SettingsPatchReply = Pick<SettingsReply, 'settings' | 'overrides'>;

export type AuditEntry = {
  id: string;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  at: string;
};
export type AuditPage = { entries: AuditEntry[]; next: string | null };

export type StatsDay = {
  day: string;
  approved: number;
  pending: number;
  spam: number;
  deleted: number;
  decisions: number;
  overturned: number;
  heldApproved: number;
};
export type StatsReply = { days: StatsDay[]; decisions: number; overturned: number; heldApproved: number };

export type SiteSummary = { id: string; name: string; origins: string[]; lang: Language; isDefault: boolean };
export type SiteWithRole = SiteSummary & { role: Role };
/**
 * Someone who works on a site, by address: the same fields whether the address has an account
 * yet or was invited (an admin must not learn which addresses have accounts on the install).
 * `since`: when the address was given the site.
 */
export type Member = { email: string; role: Role; since: string };

/** How often a moderator hears by email of held comments, or of reports: one mail each, or a digest. */
export const ALERT_FREQUENCIES = ['never', 'immediately', 'hourly', 'daily'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];
/** A moderator's own email alerts for one site; `mailConfigured` false says why none can be sent. */
export type AlertSettings = { held: AlertFrequency; reports: AlertFrequency; mailConfigured: boolean };
/** The relay's answer to the dashboard's test email. */
export type TestMailReply = { ok: boolean; to: string; response: string };
/** Addresses a mail server refused for good: nothing more is mailed to them from the site until cleared. */
export type MailSuppression = { email: string; reason: string; createdAt: string };
export type MailSuppressionsReply = { mailConfigured: boolean; suppressions: MailSuppression[] };
