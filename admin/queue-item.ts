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

export function itemView(item: QueueItem, view: ItemView, on: ItemHandlers): HTMLElement {
  const checkId = `select-${item.id}`;
  const title = item.thread?.title || item.thread?.url || item.thread?.key || '(unknown article)';
  const article = item.thread?.url
    ? h('a', { href: item.thread.url, target: '_blank', rel: 'noopener noreferrer' }, title)
    : title;
  const row = (label: string, ...value: (Node | string)[]) => [h('dt', {}, label), h('dd', {}, ...value)];
  const action = (a: Action, label: string, cls = '') =>
    h('button', { type: 'button', class: cls || null, 'data-action': a, onclick: () => on.act(item, a) }, label);
  const tool = (name: string, label: string, click: () => void, extra: Record<string, string> = {}) =>
    h('button', { type: 'button', 'data-tool': name, onclick: click, ...extra }, label);
  const reasons = item.spam.reasons.length
    ? h(
        'ul',
        {},
        item.spam.reasons.map((r) => h('li', {}, `${r.check}: ${r.reason} (${r.score >= 0 ? '+' : ''}${r.score})`)),
      )
    : 'none';
  const words = item.spam.words.length
    ? h(
        'ul',
        { class: 'words' },
        item.spam.words.map((w) =>
          h('li', {}, `${w.description} ${w.contribution >= 0 ? '+' : ''}${w.contribution.toFixed(2)}`),
        ),
      )
    : 'none';
  const reports = item.reports.length
    ? h(
        'ul',
        {},
        item.reports.map((r) => h('li', {}, `${r.reason} · ${new Date(r.createdAt).toLocaleString()}`)),
      )
    : 'none';
  const badges = [
    item.pinned ? h('span', { class: 'badge', 'data-badge': 'pinned' }, 'Pinned') : null,
    item.moderator ? h('span', { class: 'badge', 'data-badge': 'moderator' }, 'Moderator') : null,
    item.editedByModerator ? h('span', { class: 'badge', 'data-badge': 'edited' }, 'Edited by a moderator') : null,
  ].filter((b) => b !== null);
  const thread = item.thread;
  const closed = thread ? (view.closed ?? thread.closed) : false;
  const editing = view.editor?.getAttribute('data-editor');
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
    h(
      'div',
      { class: 'item-head' },
      h('input', {
        type: 'checkbox',
        id: checkId,
        checked: view.selected,
        onchange: (e) => on.select(item.id, (e.target as HTMLInputElement).checked),
      }),
      h('label', { for: checkId, id: `by-${item.id}` }, h('strong', {}, item.author.name), ` on ${title}`),
      h('time', { datetime: item.createdAt }, new Date(item.createdAt).toLocaleString()),
    ),
    badges.length ? h('p', { class: 'badges' }, badges) : null,
    item.parent ? parentView(item.parent) : null,
    h('p', { class: 'body' }, item.body),
    view.editor,
    h(
      'dl',
      { class: 'meta' },
      row('Article', article),
      row('Author', item.author.name, item.author.website ? ` · ${item.author.website}` : ''),
      row('Email', item.author.email || '—'),
      row('IP hash', h('code', {}, item.author.ipHash ?? '—')),
      row('Spam score', fmtScore(item.spam.score)),
      row('Reasons', reasons),
      row('Words', words),
      row('History', `${item.history.approved} approved, ${item.history.rejected} rejected`),
      row('Reports', reports),
    ),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': `Actions for the comment by ${item.author.name}` },
      action('approve', 'Approve', 'primary'),
      action('spam', 'Spam'),
      action('ham', 'Not spam'),
      action('delete', 'Delete', 'danger'),
      item.reports.length ? action('dismiss-reports', 'Dismiss reports') : null,
      item.status !== 'deleted'
        ? tool('edit', 'Edit', () => on.openEditor(item, 'edit'), { 'aria-expanded': String(editing === 'edit') })
        : null,
      item.status === 'approved'
        ? tool('reply', 'Reply', () => on.openEditor(item, 'reply'), { 'aria-expanded': String(editing === 'reply') })
        : null,
      pinnable(item) ? tool('pin', item.pinned ? 'Unpin' : 'Pin', () => on.pin(item, !item.pinned)) : null,
      thread
        ? h(
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
          )
        : null,
    ),
  );
}
