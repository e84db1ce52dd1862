// The moderation dashboard: a small single-page app over /admin/api. Screens: sign-in, then a
// site's queues (pending, reported, spam, approved, deleted) with live counts, per-comment and
// bulk actions, and keyboard shortcuts (j/k move, a approve, s spam, d delete, x select).
// A comment's thread can be closed to new comments (or reopened) from the comment; a comment
// can be edited, replied to, pinned or unpinned. New comments "arrive live": the server sends
// the counts as they change (live.ts), and when the visible queue's count changes the queue is
// reloaded.
import { api, ApiError, setCsrf } from './api.ts';
import { editorView, type Draft } from './comment-editor.ts';
import { h } from './dom.ts';
import { startLive, type Live } from './live.ts';
import { loginView } from './login-view.ts';
import { itemView } from './queue-item.ts';
import { toolView, TOOLS, type ToolName } from './tool-screens.ts';
import {
  QUEUES,
  type Action,
  type QueueCounts,
  type QueueItem,
  type QueuePage,
  type QueueName,
  type Session,
} from '../src/contracts/admin-api.ts';

const LABELS: Record<QueueName, string> = {
  pending: 'Pending',
  reported: 'Reported',
  spam: 'Spam',
  approved: 'Approved',
  deleted: 'Deleted',
};
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

type State = {
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

const state: State = {
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
const root = document.getElementById('app')!;
let live: Live | null = null;
// Threads closed or reopened from here, by id: newer than the state the loaded items carry.
const closedThreads = new Map<string, boolean>();
// Open edit and reply forms by comment id, with what was typed: kept across redraws.
const drafts = new Map<string, Draft>();
let status: HTMLElement | null = null;

function announce(text: string): void {
  if (!status) return;
  // Cleared first so the same words twice are announced twice.
  status.textContent = '';
  setTimeout(() => {
    if (status) status.textContent = text;
  }, 30);
}

function failed(e: unknown): void {
  if (e instanceof ApiError && e.code === 'UNAUTHORIZED') {
    signedOut();
    return;
  }
  announce(e instanceof ApiError ? e.message : String(e));
}

// ---- sign-in ----------------------------------------------------------------------------

function showLogin(): void {
  stopLive();
  status = null;
  loginView(root, startSession);
}

function signedOut(): void {
  state.session = null;
  state.items = [];
  state.selected.clear();
  drafts.clear();
  setCsrf('');
  showLogin();
}

function startSession(session: Session): void {
  state.session = session;
  setCsrf(session.csrf);
  const remembered = sessionStorage.getItem('parley-admin-site');
  state.site = session.sites.find((s) => s.siteId === remembered)?.siteId ?? session.sites[0]?.siteId ?? '';
  state.queue = 'pending';
  state.view = 'queues';
  renderShell();
  void refresh(true);
  startLiveCounts();
}

/**
 * Asks the server for the session again: after a site was created the picker offers it; after
 * losing a site or the admin role, the screens follow.
 */
async function reloadSession(): Promise<void> {
  try {
    const session = await api<Session>('GET', '/session');
    state.session = session;
    setCsrf(session.csrf);
    await loadSiteNames();
    if (!session.sites.some((s) => s.siteId === state.site)) {
      // This site is no longer ours: the first remaining one, or nothing to show.
      if (session.sites[0]) switchSite(session.sites[0].siteId);
      else signedOut();
      return;
    }
    renderPicker();
    const before = state.view;
    renderScreens();
    if (state.view !== before) openScreen(state.view);
  } catch (e) {
    failed(e);
  }
}

// ---- the queues ---------------------------------------------------------------------------

let tabs: HTMLElement;
let list: HTMLElement;
let toolbar: HTMLElement;
let moreButton: HTMLButtonElement;
let screens: HTMLElement;
let queueBox: HTMLElement;
let toolBox: HTMLElement;

const roleHere = () => state.session?.sites.find((x) => x.siteId === state.site)?.role ?? 'moderator';

function renderScreens(): void {
  const entries: { name: State['view']; label: string }[] = [
    { name: 'queues', label: 'Queues' },
    ...TOOLS.filter((t) => !t.admin || roleHere() === 'admin'),
  ];
  if (!entries.some((e) => e.name === state.view)) state.view = 'queues';
  screens.replaceChildren(
    ...entries.map((e) =>
      h(
        'button',
        {
          type: 'button',
          'data-screen': e.name,
          'aria-current': e.name === state.view ? 'page' : null,
          onclick: () => openScreen(e.name),
        },
        e.label,
      ),
    ),
  );
}

function openScreen(name: State['view'], reset = false): void {
  state.view = name;
  renderScreens();
  queueBox.hidden = name !== 'queues';
  toolBox.hidden = name === 'queues';
  if (name === 'queues') {
    toolBox.replaceChildren();
    void refresh(reset);
  } else {
    toolBox.replaceChildren(
      toolView(name, {
        site: state.site,
        role: roleHere(),
        user: state.session!.user,
        announce,
        failed,
        reloadSession,
        switchSite,
      }),
    );
    toolBox.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
    toolBox.querySelector<HTMLElement>('h2')?.focus();
  }
}

let picker: HTMLSelectElement;

function renderPicker(): void {
  const sites = state.session!.sites;
  picker.replaceChildren(
    ...sites.map((site) =>
      h(
        'option',
        { value: site.siteId, selected: site.siteId === state.site },
        `${nameOf(site.siteId)} (${site.role})`,
      ),
    ),
  );
}

// Site names come from GET /sites; until they arrive the id stands in.
const siteNames = new Map<string, string>();
const nameOf = (id: string) => siteNames.get(id) ?? id;

async function loadSiteNames(): Promise<void> {
  try {
    const { sites } = await api<{ sites: { id: string; name: string }[] }>('GET', '/sites');
    for (const site of sites) siteNames.set(site.id, site.name);
    renderPicker();
  } catch {
    // The ids are enough to tell sites apart.
  }
}

function switchSite(site: string): void {
  if (!state.session?.sites.some((s) => s.siteId === site)) return;
  state.site = site;
  sessionStorage.setItem('parley-admin-site', state.site);
  state.selected.clear();
  drafts.clear();
  // The other site's counts must not read as a change in this one's.
  state.counts = null;
  renderPicker();
  // The same screen on the other site, unless the role there does not allow it.
  renderScreens();
  openScreen(state.view, true);
  // The stream is per site; its first event brings the counts.
  startLiveCounts();
}

function renderShell(): void {
  const s = state.session!;
  document.title = 'Queues · Parley moderation';
  status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  picker = h('select', { id: 'site-picker', onchange: (e) => switchSite((e.target as HTMLSelectElement).value) });
  const header = h(
    'header',
    { class: 'top' },
    h('h1', {}, 'Parley moderation'),
    h('div', { class: 'site' }, h('label', { for: 'site-picker' }, 'Site'), picker),
    h(
      'div',
      { class: 'who' },
      h('span', {}, s.user.email),
      h('button', { type: 'button', id: 'logout', onclick: logout }, 'Sign out'),
    ),
  );
  tabs = h('nav', { class: 'tabs', 'aria-label': 'Queues' });
  toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bulk actions' });
  list = h('ol', { class: 'items', 'aria-label': 'Comments' });
  moreButton = h(
    'button',
    { type: 'button', class: 'more', hidden: true, onclick: () => void loadMore() },
    'Load more',
  );
  const help = h('p', { class: 'help' }, 'Shortcuts: j / k next and previous, a approve, s spam, d delete, x select.');
  screens = h('nav', { class: 'screens', 'aria-label': 'Screens' });
  queueBox = h('div', { class: 'queue-box' }, tabs, toolbar, list, moreButton, help);
  toolBox = h('div', { class: 'tool-box', hidden: true });
  root.replaceChildren(header, h('main', { class: 'queues' }, screens, status, queueBox, toolBox));
  renderPicker();
  void loadSiteNames();
  renderScreens();
  renderTabs();
  renderToolbar();
}

function renderTabs(): void {
  tabs.replaceChildren(
    ...QUEUES.map((q) =>
      h(
        'button',
        {
          type: 'button',
          class: 'tab',
          'data-queue': q,
          'aria-current': q === state.queue ? 'page' : null,
          onclick: () => {
            if (state.queue === q) return;
            state.queue = q;
            state.selected.clear();
            renderTabs();
            void loadQueue(true);
          },
        },
        LABELS[q],
        ' ',
        h('span', { class: 'count', 'data-count': q }, state.counts ? String(state.counts[q]) : '…'),
      ),
    ),
  );
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
    h('button', { type: 'button', 'data-bulk': action, disabled: n === 0, onclick: () => void bulkAct(action) }, label);
  toolbar.replaceChildren(
    h('span', { class: 'check' }, selectAll, h('label', { for: 'select-all' }, 'Select all')),
    h('span', { class: 'selected-count' }, `${n} selected`),
    bulk('approve', 'Approve selected'),
    bulk('spam', 'Spam selected'),
    bulk('ham', 'Not spam selected'),
    bulk('delete', 'Delete selected'),
  );
}

const handlers = {
  act: (item: QueueItem, action: Action) => void act(item, action),
  select: (id: string, on: boolean) => toggle(id, on),
  focusIn: (id: string) => {
    // Clicking or tabbing into a comment makes it the one the shortcuts act on.
    const i = state.items.findIndex((x) => x.id === id);
    if (i < 0 || i === state.focus) return;
    state.focus = i;
    list.querySelectorAll('.item').forEach((el, n) => el.classList.toggle('focused', n === i));
  },
  setClosed: (thread: NonNullable<QueueItem['thread']>, closed: boolean) => void setClosed(thread, closed),
  openEditor,
  pin: (item: QueueItem, pinned: boolean) => void pin(item, pinned),
};

const editorHandlers = { save: saveDraft, cancel: closeEditor };

async function setClosed(thread: NonNullable<QueueItem['thread']>, closed: boolean): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    await api('POST', `${base()}/threads/${encodeURIComponent(thread.id)}/closed`, { closed });
    closedThreads.set(thread.id, closed);
    // Every comment of that thread on screen shows the new state; the focus stays on the button.
    renderList();
    announce(
      `${closed ? 'Closed' : 'Reopened'} the thread on ${thread.title || thread.url || thread.key}${closed ? ' to new comments' : ''}.`,
    );
  } catch (e) {
    failed(e);
  } finally {
    state.busy = false;
  }
}

function openEditor(item: QueueItem, mode: Draft['mode']): void {
  const open = drafts.get(item.id);
  // The same button again closes the form, like a disclosure.
  if (open?.mode === mode) return closeEditor(item);
  drafts.set(item.id, { mode, text: mode === 'edit' ? item.body : '' });
  renderList();
  list.querySelector<HTMLTextAreaElement>(`#editor-${item.id}`)?.focus();
}

function closeEditor(item: QueueItem): void {
  const mode = drafts.get(item.id)?.mode;
  drafts.delete(item.id);
  renderList();
  if (mode) list.querySelector<HTMLElement>(`li.item[data-id="${item.id}"] [data-tool="${mode}"]`)?.focus();
}

/** Saves an edit or sends a reply; a refusal is thrown back for the form to show. */
async function saveDraft(item: QueueItem, draft: Draft): Promise<void> {
  const path = `${base()}/comments/${encodeURIComponent(item.id)}`;
  try {
    if (draft.mode === 'edit') {
      const { comment } = await api<{ comment: QueueItem }>('PATCH', path, { body: draft.text });
      state.items = state.items.map((i) => (i.id === comment.id ? comment : i));
      announce(`Saved your edit to the comment by ${item.author.name}.`);
    } else {
      await api<{ comment: QueueItem }>('POST', `${path}/replies`, { body: draft.text });
      announce(`Replied to ${item.author.name}; the reply is published.`);
    }
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHORIZED') return failed(e);
    announce(e instanceof ApiError ? e.message : String(e));
    throw e;
  }
  closeEditor(item);
  if (draft.mode === 'reply') await loadCounts().catch(failed);
}

async function pin(item: QueueItem, pinned: boolean): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    const { comment } = await api<{ comment: QueueItem }>(
      'POST',
      `${base()}/comments/${encodeURIComponent(item.id)}/pinned`,
      { pinned },
    );
    state.items = state.items.map((i) => (i.id === comment.id ? comment : i));
    renderList();
    announce(`${pinned ? 'Pinned' : 'Unpinned'} the comment by ${item.author.name}.`);
  } catch (e) {
    failed(e);
  } finally {
    state.busy = false;
  }
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

function renderList(): void {
  if (state.focus >= state.items.length) state.focus = Math.max(0, state.items.length - 1);
  // A live update redraws the list: whoever was typing in a form keeps the focus and the caret.
  const was = focusKey();
  for (const id of drafts.keys()) if (!state.items.some((i) => i.id === id)) drafts.delete(id);
  list.replaceChildren(
    ...(state.items.length
      ? state.items.map((item, index) => {
          const draft = drafts.get(item.id);
          return itemView(
            item,
            {
              focused: index === state.focus,
              selected: state.selected.has(item.id),
              closed: item.thread ? closedThreads.get(item.thread.id) : undefined,
              editor: draft ? editorView(item, draft, editorHandlers) : null,
            },
            handlers,
          );
        })
      : [h('li', { class: 'empty' }, `No comments in ${LABELS[state.queue].toLowerCase()}.`)]),
  );
  moreButton.hidden = !state.next;
  renderToolbar();
  if (was) {
    const el = list
      .querySelector<HTMLElement>(`li.item[data-id="${CSS.escape(was.id)}"]`)
      ?.querySelector<HTMLElement>(was.selector);
    el?.focus();
    if (el instanceof HTMLTextAreaElement && was.start !== undefined)
      el.setSelectionRange(was.start, was.end ?? was.start);
  }
}

function toggle(id: string, on: boolean): void {
  if (on) state.selected.add(id);
  else state.selected.delete(id);
  list.querySelector(`[data-id="${id}"]`)?.classList.toggle('selected', on);
  renderToolbar();
}

function focusItem(index: number): void {
  if (!state.items.length) return;
  state.focus = Math.min(state.items.length - 1, Math.max(0, index));
  list.querySelectorAll('.item').forEach((el, i) => el.classList.toggle('focused', i === state.focus));
  const el = list.querySelectorAll<HTMLElement>('.item')[state.focus];
  el?.focus();
  el?.scrollIntoView({ block: 'nearest' });
}

const base = () => `/sites/${encodeURIComponent(state.site)}`;

async function loadCounts(): Promise<void> {
  const { counts } = await api<{ counts: QueueCounts }>('GET', `${base()}/counts`);
  await showCounts(counts);
}

async function showCounts(counts: QueueCounts): Promise<void> {
  const before = state.counts?.[state.queue];
  state.counts = counts;
  for (const q of QUEUES) {
    const el = tabs.querySelector(`[data-count="${q}"]`);
    if (el) el.textContent = String(counts[q]);
  }
  // Something arrived or left in the queue on screen: show it.
  if (before !== undefined && before !== counts[state.queue] && !state.busy) await loadQueue(false);
}

async function loadQueue(reset: boolean): Promise<void> {
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

async function refresh(reset: boolean): Promise<void> {
  try {
    await loadCounts();
    renderTabs();
    await loadQueue(reset);
  } catch (e) {
    failed(e);
  }
}

function startLiveCounts(): void {
  stopLive();
  live = startLive(state.site, {
    counts: (counts) => void showCounts(counts).catch(failed),
    poll: () => loadCounts().catch(failed),
  });
}

function stopLive(): void {
  live?.stop();
  live = null;
}

function removeFromView(ids: Set<string>): void {
  state.items = state.items.filter((i) => !ids.has(i.id));
  for (const id of ids) state.selected.delete(id);
  renderList();
  focusItem(state.focus);
}

async function act(item: QueueItem, action: Action): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    const { comment } = await api<{ comment: QueueItem }>(
      'POST',
      `${base()}/comments/${encodeURIComponent(item.id)}/actions`,
      { action },
    );
    const stays = LEAVES_FOR[action] === state.queue || (action === 'dismiss-reports' && state.queue !== 'reported');
    if (stays) {
      state.items = state.items.map((i) => (i.id === comment.id ? comment : i));
      renderList();
      focusItem(state.focus);
    } else {
      removeFromView(new Set([item.id]));
    }
    announce(`${DONE[action]} the comment by ${item.author.name}.`);
    await loadCounts();
  } catch (e) {
    failed(e);
  } finally {
    state.busy = false;
  }
}

async function bulkAct(action: Action): Promise<void> {
  const ids = state.items.filter((i) => state.selected.has(i.id)).map((i) => i.id);
  if (!ids.length || state.busy) return;
  state.busy = true;
  try {
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
  } catch (e) {
    failed(e);
  } finally {
    state.busy = false;
  }
}

async function logout(): Promise<void> {
  try {
    await api('POST', '/logout');
  } catch {
    // Signed out either way: the session is gone or will expire.
  }
  signedOut();
  announce('Signed out.');
}

// ---- keyboard -------------------------------------------------------------------------------

document.addEventListener('keydown', (ev) => {
  if (!state.session || !list?.isConnected || state.view !== 'queues' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const t = ev.target as HTMLElement;
  if (t.closest('textarea, select, [contenteditable]') || (t instanceof HTMLInputElement && t.type !== 'checkbox'))
    return;
  const item = state.items[state.focus];
  switch (ev.key) {
    case 'j':
      focusItem(state.focus + 1);
      break;
    case 'k':
      focusItem(state.focus - 1);
      break;
    case 'a':
      if (item) void act(item, 'approve');
      break;
    case 's':
      if (item) void act(item, 'spam');
      break;
    case 'd':
      if (item) void act(item, 'delete');
      break;
    case 'x':
      if (item) {
        toggle(item.id, !state.selected.has(item.id));
        const box = list.querySelector<HTMLInputElement>(`#select-${item.id}`);
        if (box) box.checked = state.selected.has(item.id);
      }
      break;
    default:
      return;
  }
  ev.preventDefault();
});

// ---- start ----------------------------------------------------------------------------------

async function start(): Promise<void> {
  try {
    startSession(await api<Session>('GET', '/session'));
  } catch {
    showLogin();
  }
}

void start();
