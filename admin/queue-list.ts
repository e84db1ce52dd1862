// A queue on screen: its tabs with counts, the bulk-action toolbar, the list of comments (each
// drawn by queue-item.ts) and "Load more". It draws the dashboard's state and keeps the focus
// and caret across redraws; what a click does is the caller's (queue-actions.ts), given once.
import { editorView, type EditorHandlers } from './comment-editor.ts';
import { drafts, closedThreads, LABELS, state } from './dashboard-state.ts';
import { h } from './dom.ts';
import { itemView, type ItemHandlers } from './queue-item.ts';
import { QUEUES, type Action, type QueueName } from '../src/contracts/admin-api.ts';

export type QueueHandlers = Omit<ItemHandlers, 'select' | 'focusIn'> &
  EditorHandlers & {
    showQueue(queue: QueueName): void;
    loadMore(): void;
    bulk(action: Action): void;
  };

let on: QueueHandlers;
let tabs: HTMLElement;
let toolbar: HTMLElement;
let list: HTMLElement;
let moreButton: HTMLButtonElement;

const itemHandlers = (): ItemHandlers => ({ ...on, select: toggle, focusIn });

/** Builds the queue's part of the page (drawn empty until the state is loaded). */
export function queueBox(handlers: QueueHandlers): HTMLElement {
  on = handlers;
  tabs = h('nav', { class: 'tabs', 'aria-label': 'Queues' });
  toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bulk actions' });
  list = h('ol', { class: 'items', 'aria-label': 'Comments' });
  moreButton = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => on.loadMore() }, 'Load more');
  const help = h('p', { class: 'help' }, 'Shortcuts: j / k next and previous, a approve, s spam, d delete, x select.');
  renderTabs();
  renderToolbar();
  return h('div', { class: 'queue-box' }, tabs, toolbar, list, moreButton, help);
}

/** Whether a queue is on the page (the keyboard shortcuts work only then). */
export const queueShown = () => list?.isConnected ?? false;

export function renderTabs(): void {
  tabs.replaceChildren(
    ...QUEUES.map((q) =>
      h(
        'button',
        {
          type: 'button',
          class: 'tab',
          'data-queue': q,
          'aria-current': q === state.queue ? 'page' : null,
          onclick: () => on.showQueue(q),
        },
        LABELS[q],
        ' ',
        h('span', { class: 'count', 'data-count': q }, state.counts ? String(state.counts[q]) : '…'),
      ),
    ),
  );
}

/** Puts the state's counts into the tabs without redrawing them. */
export function showTabCounts(): void {
  for (const q of QUEUES) {
    const el = tabs.querySelector(`[data-count="${q}"]`);
    if (el && state.counts) el.textContent = String(state.counts[q]);
  }
}

function renderToolbar(): void {
  const n = state.selected.size;
  const all = state.items.length > 0 && state.items.every((i) => state.selected.has(i.id));
  const selectAll = h('input', {
    type: 'checkbox',
    id: 'select-all',
    checked: all,
    disabled: state.items.length === 0,
    onchange: (e) => {
      if ((e.target as HTMLInputElement).checked) for (const i of state.items) state.selected.add(i.id);
      else state.selected.clear();
      renderList();
    },
  });
  const bulk = (action: Action, label: string) =>
    h('button', { type: 'button', 'data-bulk': action, disabled: n === 0, onclick: () => on.bulk(action) }, label);
  toolbar.replaceChildren(
    h('span', { class: 'check' }, selectAll, h('label', { for: 'select-all' }, 'Select all')),
    h('span', { class: 'selected-count' }, `${n} selected`),
    bulk('approve', 'Approve selected'),
    bulk('spam', 'Spam selected'),
    bulk('ham', 'Not spam selected'),
    bulk('delete', 'Delete selected'),
  );
}

/** Which control had the focus, in words that survive a redraw of the list. */
function focusKey(): { id: string; selector: string; start?: number; end?: number } | null {
  const active = document.activeElement as HTMLElement | null;
  const li = active?.closest<HTMLElement>('li.item');
  if (!active || !li || active === li) return null;
  const tool = active.dataset.tool ?? active.dataset.action;
  const selector = active.id
    ? `#${CSS.escape(active.id)}`
    : tool
      ? `[data-tool="${tool}"], [data-action="${tool}"]`
      : '';
  if (!selector) return null;
  const text = active instanceof HTMLTextAreaElement ? { start: active.selectionStart, end: active.selectionEnd } : {};
  return { id: li.dataset.id!, selector, ...text };
}

function restoreFocus(was: NonNullable<ReturnType<typeof focusKey>>): void {
  const el = list
    .querySelector<HTMLElement>(`li.item[data-id="${CSS.escape(was.id)}"]`)
    ?.querySelector<HTMLElement>(was.selector);
  el?.focus();
  if (el instanceof HTMLTextAreaElement && was.start !== undefined)
    el.setSelectionRange(was.start, was.end ?? was.start);
}

function itemViews(): HTMLElement[] {
  if (!state.items.length) return [h('li', { class: 'empty' }, `No comments in ${LABELS[state.queue].toLowerCase()}.`)];
  const handlers = itemHandlers();
  return state.items.map((item, index) => {
    const draft = drafts.get(item.id);
    return itemView(
      item,
      {
        focused: index === state.focus,
        selected: state.selected.has(item.id),
        closed: item.thread ? closedThreads.get(item.thread.id) : undefined,
        editor: draft ? editorView(item, draft, on) : null,
      },
      handlers,
    );
  });
}

export function renderList(): void {
  if (state.focus >= state.items.length) state.focus = Math.max(0, state.items.length - 1);
  // A live update redraws the list: whoever was typing in a form keeps the focus and the caret.
  const was = focusKey();
  for (const id of drafts.keys()) if (!state.items.some((i) => i.id === id)) drafts.delete(id);
  list.replaceChildren(...itemViews());
  moreButton.hidden = !state.next;
  renderToolbar();
  if (was) restoreFocus(was);
}

/** Moves the focus to a button of a comment's form or tools, after a redraw. */
export function focusInItem(id: string, selector: string): void {
  list.querySelector<HTMLElement>(`li.item[data-id="${id}"] ${selector}`)?.focus();
}

function markFocused(): void {
  list.querySelectorAll('.item').forEach((el, i) => {
    el.classList.toggle('focused', i === state.focus);
  });
}

function focusIn(id: string): void {
  // Clicking or tabbing into a comment makes it the one the shortcuts act on.
  const i = state.items.findIndex((x) => x.id === id);
  if (i < 0 || i === state.focus) return;
  state.focus = i;
  markFocused();
}

export function toggle(id: string, on: boolean): void {
  if (on) state.selected.add(id);
  else state.selected.delete(id);
  list.querySelector(`[data-id="${id}"]`)?.classList.toggle('selected', on);
  renderToolbar();
}

/** Selects or unselects a comment from the keyboard, ticking its box too. */
export function toggleFromKeyboard(id: string): void {
  toggle(id, !state.selected.has(id));
  const box = list.querySelector<HTMLInputElement>(`#select-${id}`);
  if (box) box.checked = state.selected.has(id);
}

export function focusItem(index: number): void {
  if (!state.items.length) return;
  state.focus = Math.min(state.items.length - 1, Math.max(0, index));
  markFocused();
  const el = list.querySelectorAll<HTMLElement>('.item')[state.focus];
  el?.focus();
  el?.scrollIntoView({ block: 'nearest' });
}
