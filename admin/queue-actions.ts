// What the moderator does to a queue, through /admin/api: load it (and its counts, and more of
// it), act on one comment or on the selection, close or reopen a thread, pin, and save an edit
// or a reply. Each redraws what changed (queue-list.ts) and says what happened (status.ts).
import { api, ApiError } from './api.ts';
import type { Draft } from './comment-editor.ts';
import { base, drafts, closedThreads, state } from './dashboard-state.ts';
import { focusInItem, focusItem, renderList, renderTabs, showTabCounts, type QueueHandlers } from './queue-list.ts';
import { announce, failed } from './status.ts';
import type { Action, QueueCounts, QueueItem, QueueName, QueuePage } from '../src/contracts/admin-api.ts';

const DONE: Record<Action, string> = {
  approve: 'Approved',
  spam: 'Marked as spam',
  ham: 'Marked as not spam',
  delete: 'Deleted',
  'dismiss-reports': 'Reports dismissed for',
};
// Where each action leaves a comment: it stays in the list only if that is the queue shown.
const LEAVES_FOR: Record<Action, QueueName | null> = {
  approve: 'approved',
  spam: 'spam',
  ham: 'approved',
  delete: 'deleted',
  'dismiss-reports': null,
};

const replaceItem = (comment: QueueItem) => {
  state.items = state.items.map((i) => (i.id === comment.id ? comment : i));
};

/** Runs one change at a time: a second click while the first is on its way does nothing. */
async function exclusively(work: () => Promise<void>): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    await work();
  } catch (e) {
    failed(e);
  } finally {
    state.busy = false;
  }
}

export async function loadCounts(): Promise<void> {
  const { counts } = await api<{ counts: QueueCounts }>('GET', `${base()}/counts`);
  await showCounts(counts);
}

export async function showCounts(counts: QueueCounts): Promise<void> {
  const before = state.counts?.[state.queue];
  state.counts = counts;
  showTabCounts();
  // Something arrived or left in the queue on screen: show it.
  if (before !== undefined && before !== counts[state.queue] && !state.busy) await loadQueue(false);
}

export async function loadQueue(reset: boolean): Promise<void> {
  const focusedId = state.items[state.focus]?.id;
  const page = await api<QueuePage>('GET', `${base()}/queues/${state.queue}?limit=50`);
  state.items = page.items;
  state.next = page.next;
  const ids = new Set(page.items.map((i) => i.id));
  for (const id of state.selected) if (!ids.has(id)) state.selected.delete(id);
  const keep = reset ? -1 : page.items.findIndex((i) => i.id === focusedId);
  state.focus = keep >= 0 ? keep : reset ? 0 : state.focus;
  renderList();
}

async function loadMore(): Promise<void> {
  if (!state.next) return;
  try {
    const page = await api<QueuePage>(
      'GET',
      `${base()}/queues/${state.queue}?limit=50&before=${encodeURIComponent(state.next)}`,
    );
    state.items = [...state.items, ...page.items];
    state.next = page.next;
    renderList();
  } catch (e) {
    failed(e);
  }
}

/** Loads the counts and the queue on screen; `reset` puts the focus back on the first comment. */
export async function refresh(reset: boolean): Promise<void> {
  try {
    await loadCounts();
    renderTabs();
    await loadQueue(reset);
  } catch (e) {
    failed(e);
  }
}

function showQueue(queue: QueueName): void {
  if (state.queue === queue) return;
  state.queue = queue;
  state.selected.clear();
  renderTabs();
  void loadQueue(true);
}

function removeFromView(ids: Set<string>): void {
  state.items = state.items.filter((i) => !ids.has(i.id));
  for (const id of ids) state.selected.delete(id);
  renderList();
  focusItem(state.focus);
}

export function act(item: QueueItem, action: Action): Promise<void> {
  return exclusively(async () => {
    const { comment } = await api<{ comment: QueueItem }>(
      'POST',
      `${base()}/comments/${encodeURIComponent(item.id)}/actions`,
      { action },
    );
    const stays = LEAVES_FOR[action] === state.queue || (action === 'dismiss-reports' && state.queue !== 'reported');
    if (stays) {
      replaceItem(comment);
      renderList();
      focusItem(state.focus);
    } else {
      removeFromView(new Set([item.id]));
    }
    announce(`${DONE[action]} the comment by ${item.author.name}.`);
    await loadCounts();
  });
}

function bulkAct(action: Action): Promise<void> {
  const ids = state.items.filter((i) => state.selected.has(i.id)).map((i) => i.id);
  if (!ids.length) return Promise.resolve();
  return exclusively(async () => {
    const { results } = await api<{ results: { id: string; ok: boolean }[] }>('POST', `${base()}/bulk`, {
      action,
      ids,
    });
    const ok = results.filter((r) => r.ok).map((r) => r.id);
    const gone = LEAVES_FOR[action] === state.queue ? new Set<string>() : new Set(ok);
    state.selected.clear();
    removeFromView(gone);
    const failedCount = results.length - ok.length;
    announce(
      `${DONE[action]} ${ok.length} comment${ok.length === 1 ? '' : 's'}.${failedCount ? ` ${failedCount} could not be changed.` : ''}`,
    );
    await loadCounts();
    if (!gone.size) await loadQueue(false);
  });
}

function setClosed(thread: NonNullable<QueueItem['thread']>, closed: boolean): Promise<void> {
  return exclusively(async () => {
    await api('POST', `${base()}/threads/${encodeURIComponent(thread.id)}/closed`, { closed });
    closedThreads.set(thread.id, closed);
    // Every comment of that thread on screen shows the new state; the focus stays on the button.
    renderList();
    announce(
      `${closed ? 'Closed' : 'Reopened'} the thread on ${thread.title || thread.url || thread.key}${closed ? ' to new comments' : ''}.`,
    );
  });
}

function pin(item: QueueItem, pinned: boolean): Promise<void> {
  return exclusively(async () => {
    const { comment } = await api<{ comment: QueueItem }>(
      'POST',
      `${base()}/comments/${encodeURIComponent(item.id)}/pinned`,
      { pinned },
    );
    replaceItem(comment);
    renderList();
    announce(`${pinned ? 'Pinned' : 'Unpinned'} the comment by ${item.author.name}.`);
  });
}

/** The words that weighed most for one comment a long page left unexplained. */
function explain(item: QueueItem): Promise<void> {
  return exclusively(async () => {
    const { comment } = await api<{ comment: QueueItem }>('GET', `${base()}/comments/${encodeURIComponent(item.id)}`);
    replaceItem(comment);
    renderList();
    focusItem(state.items.findIndex((i) => i.id === item.id));
    announce(`Worked out the words that weighed most in the comment by ${item.author.name}.`);
  });
}

function openEditor(item: QueueItem, mode: Draft['mode']): void {
  // The same button again closes the form, like a disclosure.
  if (drafts.get(item.id)?.mode === mode) {
    closeEditor(item);
    return;
  }
  drafts.set(item.id, { mode, text: mode === 'edit' ? item.body : '' });
  renderList();
  focusInItem(item.id, `#editor-${item.id}`);
}

function closeEditor(item: QueueItem): void {
  const mode = drafts.get(item.id)?.mode;
  drafts.delete(item.id);
  renderList();
  if (mode) focusInItem(item.id, `[data-tool="${mode}"]`);
}

/** Saves an edit or sends a reply; a refusal is thrown back for the form to show. */
async function saveDraft(item: QueueItem, draft: Draft): Promise<void> {
  const path = `${base()}/comments/${encodeURIComponent(item.id)}`;
  try {
    if (draft.mode === 'edit') {
      const { comment } = await api<{ comment: QueueItem }>('PATCH', path, { body: draft.text });
      replaceItem(comment);
      announce(`Saved your edit to the comment by ${item.author.name}.`);
    } else {
      await api<{ comment: QueueItem }>('POST', `${path}/replies`, { body: draft.text });
      announce(`Replied to ${item.author.name}; the reply is published.`);
    }
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHORIZED') {
      failed(e);
      return;
    }
    announce(e instanceof ApiError ? e.message : String(e));
    throw e;
  }
  closeEditor(item);
  if (draft.mode === 'reply') await loadCounts().catch(failed);
}

/** What the queue's buttons, tabs and forms do. */
export const queueHandlers: QueueHandlers = {
  act: (item, action) => void act(item, action),
  setClosed: (thread, closed) => void setClosed(thread, closed),
  openEditor,
  pin: (item, pinned) => void pin(item, pinned),
  explain: (item) => void explain(item),
  save: saveDraft,
  cancel: closeEditor,
  showQueue,
  loadMore: () => void loadMore(),
  bulk: (action) => void bulkAct(action),
};
