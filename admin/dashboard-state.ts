// What the dashboard knows while it runs: the session, the site and queue on screen, the loaded
// comments, the focus and selection, and what moderators typed or changed that the loaded
// items do not show yet. The queue modules and main.ts read and change it; nothing else does.
import type { Draft } from './comment-editor.ts';
import type { ToolName } from './tool-screens.ts';
import type { QueueCounts, QueueItem, QueueName, Session } from '../src/contracts/admin-api.ts';

export type State = {
  session: Session | null;
  site: string;
  queue: QueueName;
  counts: QueueCounts | null;
  items: QueueItem[];
  next: string | null;
  focus: number;
  selected: Set<string>;
  busy: boolean;
  view: 'queues' | ToolName;
};

export const state: State = {
  session: null,
  site: '',
  queue: 'pending',
  counts: null,
  items: [],
  next: null,
  focus: 0,
  selected: new Set(),
  busy: false,
  view: 'queues',
};

// Threads closed or reopened from here, by id: newer than the state the loaded items carry.
export const closedThreads = new Map<string, boolean>();
// Open edit and reply forms by comment id, with what was typed: kept across redraws.
export const drafts = new Map<string, Draft>();

export const LABELS: Record<QueueName, string> = {
  pending: 'Pending',
  reported: 'Reported',
  spam: 'Spam',
  approved: 'Approved',
  deleted: 'Deleted',
};

/** The API path of the site on screen. */
export const base = () => `/sites/${encodeURIComponent(state.site)}`;

/** The signed-in person's role on the site on screen. */
export const roleHere = () => state.session?.sites.find((x) => x.siteId === state.site)?.role ?? 'moderator';
