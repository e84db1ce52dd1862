// One comment in a queue: who wrote it where, its text, the filter's reasons and the
// commenter's history, and the moderator's buttons. The queue (main.ts) owns the state; this
// only draws it and reports clicks.
import { h } from './dom.ts';
import type { Action, QueueItem } from '../src/contracts/admin-api.ts';

export type ItemView = {
  focused: boolean;
  selected: boolean;
  /** The thread's state as changed from here, newer than the item's. */
  closed: boolean | undefined;
  /** The open edit or reply form under the comment, if any. */
  editor: HTMLElement | null;
};

export type ItemHandlers = {
  act(item: QueueItem, action: Action): void;
  select(id: string, on: boolean): void;
  focusIn(id: string): void;
  setClosed(thread: NonNullable<QueueItem['thread']>, closed: boolean): void;
  openEditor(item: QueueItem, mode: 'edit' | 'reply'): void;
  pin(item: QueueItem, pinned: boolean): void;
  /** Asks the server for the words a long page left unexplained. */
  explain(item: QueueItem): void;
};

/** How a parent that readers no longer (or not yet) see is marked above its reply. */
const UNPUBLISHED: Record<string, string> = {
  pending: 'held, not published',
  spam: 'marked as spam, not published',
  deleted: 'deleted, not published',
};

/** For a reply, what it answers, quoted above its text: the parent's author and first 400
 * characters, as text (never parsed), marked when the parent is not published. */
function parentView(parent: NonNullable<QueueItem['parent']>): HTMLElement {
  const unpublished =
    parent.status === 'approved' ? null : (UNPUBLISHED[parent.status] ?? `${parent.status}, not published`);
  return h(
    'blockquote',
    { class: 'parent', 'data-parent': parent.id, 'data-parent-status': parent.status },
    h(
      'p',
      { class: 'parent-by' },
      'In reply to ',
      h('strong', {}, parent.author),
      ':',
      unpublished ? [' ', h('span', { class: 'badge', 'data-badge': 'parent-unpublished' }, unpublished)] : null,
    ),
    h('p', { class: 'parent-body' }, parent.body),
  );
}

const fmtScore = (score: number | null) => (score === null ? '—' : score.toFixed(2));

/** Only a published top-level comment can be pinned; a pinned one can always be unpinned. */
const pinnable = (item: QueueItem) => item.pinned || (item.parentId === null && item.status === 'approved');

const title = (item: QueueItem) => item.thread?.title || item.thread?.url || item.thread?.key || '(unknown article)';

/** A list of the given lines, or "none". */
const listOr = (lines: string[], attrs: Record<string, string> = {}) =>
  lines.length
    ? h(
        'ul',
        attrs,
        lines.map((line) => h('li', {}, line)),
      )
    : 'none';

const signed = (n: number, text = String(n)) => `${n >= 0 ? '+' : ''}${text}`;

/** Where and by whom, what the filter thought of it and why, the author's history, the reports. */
function details(item: QueueItem, on: ItemHandlers): HTMLElement {
  const t = title(item);
  const article = item.thread?.url
    ? h('a', { href: item.thread.url, target: '_blank', rel: 'noopener noreferrer' }, t)
    : t;
  const row = (label: string, ...value: (Node | string)[]) => [h('dt', {}, label), h('dd', {}, ...value)];
  const reasons = listOr(item.spam.reasons.map((r) => `${r.check}: ${r.reason} (${signed(r.score)})`));
  // A page with much text leaves long comments' words to be worked out one at a time, on request.
  const words = item.spam.words
    ? listOr(
        item.spam.words.map((w) => `${w.description} ${signed(w.contribution, w.contribution.toFixed(2))}`),
        { class: 'words' },
      )
    : h(
        'button',
        { type: 'button', class: 'link', 'data-tool': 'explain', onclick: () => on.explain(item) },
        'Work them out',
      );
  const reports = listOr(item.reports.map((r) => `${r.reason} · ${new Date(r.createdAt).toLocaleString()}`));
  return h(
    'dl',
    { class: 'meta' },
    row('Article', article),
    row('Author', item.author.name, item.author.website ? ` · ${item.author.website}` : ''),
    row('Email', `${item.author.email || '—'}${item.author.emailConfirmed ? ' (confirmed by email)' : ''}`),
    row('IP hash', h('code', {}, item.author.ipHash ?? '—')),
    row('Spam score', fmtScore(item.spam.score)),
    row('Reasons', reasons),
    row('Words', words),
    row('History', `${item.history.approved} approved, ${item.history.rejected} rejected`),
    row('Reports', reports),
  );
}

function badges(item: QueueItem): HTMLElement | null {
  const badge = (name: string, text: string) => h('span', { class: 'badge', 'data-badge': name }, text);
  const shown = [
    item.pinned ? badge('pinned', 'Pinned') : null,
    item.moderator ? badge('moderator', 'Moderator') : null,
    item.editedByModerator ? badge('edited', 'Edited by a moderator') : null,
  ].filter((b) => b !== null);
  return shown.length ? h('p', { class: 'badges' }, shown) : null;
}

/** The selection box, who wrote it on which article, and when. */
function head(item: QueueItem, view: ItemView, on: ItemHandlers): HTMLElement {
  const checkId = `select-${item.id}`;
  return h(
    'div',
    { class: 'item-head' },
    h('input', {
      type: 'checkbox',
      id: checkId,
      checked: view.selected,
      onchange: (e) => on.select(item.id, (e.target as HTMLInputElement).checked),
    }),
    h('label', { for: checkId, id: `by-${item.id}` }, h('strong', {}, item.author.name), ` on ${title(item)}`),
    h('time', { datetime: item.createdAt }, new Date(item.createdAt).toLocaleString()),
  );
}

function threadButton(thread: NonNullable<QueueItem['thread']>, view: ItemView, on: ItemHandlers): HTMLElement {
  const closed = view.closed ?? thread.closed;
  return h(
    'button',
    {
      type: 'button',
      class: 'thread-toggle',
      'data-tool': 'thread',
      'data-thread': thread.id,
      'data-closed': closed ? 'true' : 'false',
      onclick: () => on.setClosed(thread, !closed),
    },
    closed ? 'Reopen thread' : 'Close thread',
  );
}

/** The moderation actions, then the tools: edit, reply, pin, close or reopen the thread. */
function buttons(item: QueueItem, view: ItemView, on: ItemHandlers): HTMLElement {
  const action = (a: Action, label: string, cls = '') =>
    h('button', { type: 'button', class: cls || null, 'data-action': a, onclick: () => on.act(item, a) }, label);
  const tool = (name: string, label: string, click: () => void, extra: Record<string, string> = {}) =>
    h('button', { type: 'button', 'data-tool': name, onclick: click, ...extra }, label);
  const editing = view.editor?.getAttribute('data-editor');
  const editorTool = (mode: 'edit' | 'reply', label: string) =>
    tool(mode, label, () => on.openEditor(item, mode), { 'aria-expanded': String(editing === mode) });
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': `Actions for the comment by ${item.author.name}` },
    action('approve', 'Approve', 'primary'),
    action('spam', 'Spam'),
    action('ham', 'Not spam'),
    action('delete', 'Delete', 'danger'),
    item.reports.length ? action('dismiss-reports', 'Dismiss reports') : null,
    item.status !== 'deleted' ? editorTool('edit', 'Edit') : null,
    item.status === 'approved' ? editorTool('reply', 'Reply') : null,
    pinnable(item) ? tool('pin', item.pinned ? 'Unpin' : 'Pin', () => on.pin(item, !item.pinned)) : null,
    item.thread ? threadButton(item.thread, view, on) : null,
  );
}

export function itemView(item: QueueItem, view: ItemView, on: ItemHandlers): HTMLElement {
  return h(
    'li',
    {
      class: `item${view.focused ? ' focused' : ''}${view.selected ? ' selected' : ''}`,
      'data-id': item.id,
      tabindex: -1,
      'aria-labelledby': `by-${item.id}`,
      // Clicking or tabbing into a comment makes it the one the shortcuts act on.
      onfocusin: () => on.focusIn(item.id),
    },
    head(item, view, on),
    badges(item),
    item.parent ? parentView(item.parent) : null,
    h('p', { class: 'body' }, item.body),
    view.editor,
    details(item, on),
    buttons(item, view, on),
  );
}
