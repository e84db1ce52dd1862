// The queue's keyboard shortcuts: j / k next and previous, a approve, s spam, d delete, x select.
// They act on the focused comment, and only while a queue is on screen and no text field, select
// or modified key is involved.
import { state } from './dashboard-state.ts';
import { act } from './queue-actions.ts';
import { focusItem, queueShown, toggleFromKeyboard } from './queue-list.ts';
import type { Action } from '../src/contracts/admin-api.ts';

const ACTION_KEYS: Record<string, Action> = { a: 'approve', s: 'spam', d: 'delete' };

function forUs(ev: KeyboardEvent): boolean {
  if (!state.session || !queueShown() || state.view !== 'queues' || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
  const t = ev.target as HTMLElement;
  return !t.closest('textarea, select, [contenteditable]') && !(t instanceof HTMLInputElement && t.type !== 'checkbox');
}

/** Handles a key; false when it is not a shortcut. */
function shortcut(key: string): boolean {
  const item = state.items[state.focus];
  if (key === 'j' || key === 'k') focusItem(state.focus + (key === 'j' ? 1 : -1));
  else if (ACTION_KEYS[key]) {
    if (item) void act(item, ACTION_KEYS[key]);
  } else if (key === 'x') {
    if (item) toggleFromKeyboard(item.id);
  } else return false;
  return true;
}

export function listenForShortcuts(): void {
  document.addEventListener('keydown', (ev) => {
    if (forUs(ev) && shortcut(ev.key)) ev.preventDefault();
  });
}
