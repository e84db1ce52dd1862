// The moderation dashboard: a small single-page app over /admin/api. Screens: sign-in, then a
// site's queues (pending, reported, spam, approved, deleted) with live counts, per-comment and
// bulk actions, and keyboard shortcuts (j/k move, a approve, s spam, d delete, x select).
// A comment's thread can be closed to new comments (or reopened) from the comment.
// New comments "arrive live" by polling the counts every 5 seconds: when the visible queue's
// count changes, the queue is reloaded.
import { api, ApiError, setCsrf } from './api.ts';
import { h } from './dom.ts';
import { toolView, TOOLS, type ToolName } from './tools.ts';
import { QUEUES, type Action, type Counts, type Item, type Page, type QueueName, type Session } from './types.ts';

const POLL_MS = 5000;
const LABELS: Record<QueueName, string> = { pending: 'Pending', reported: 'Reported', spam: 'Spam', approved: 'Approved', deleted: 'Deleted' };
const DONE: Record<Action, string> = { approve: 'Approved', spam: 'Marked as spam', ham: 'Marked as not spam', delete: 'Deleted', 'dismiss-reports': 'Reports dismissed for' };
// Where each action leaves a comment: it stays in the list only if that is the queue shown.
const LEAVES_FOR: Record<Action, QueueName | null> = { approve: 'approved', spam: 'spam', ham: 'approved', delete: 'deleted', 'dismiss-reports': null };

type State = {
  session: Session | null;
  site: string;
  queue: QueueName;
  counts: Counts | null;
  items: Item[];
  next: string | null;
  focus: number;
  selected: Set<string>;
  busy: boolean;
  view: 'queues' | ToolName;
};

const state: State = { session: null, site: '', queue: 'pending', counts: null, items: [], next: null, focus: 0, selected: new Set(), busy: false, view: 'queues' };
const root = document.getElementById('app')!;
let poller: ReturnType<typeof setInterval> | null = null;
// Threads closed or reopened from here, by id: newer than the state the loaded items carry.
const closedThreads = new Map<string, boolean>();
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

function fieldRow(id: string, label: string, type: string, autocomplete: string): { row: HTMLElement; input: HTMLInputElement; error: HTMLElement } {
  const input = h('input', { id, name: id.replace('login-', ''), type, autocomplete, required: true, 'aria-describedby': `${id}-error` });
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  return { row: h('div', { class: 'field' }, h('label', { for: id }, label), input, error), input, error };
}

function showLogin(): void {
  stopPolling();
  status = null;
  document.title = 'Sign in · Parley moderation';
  const email = fieldRow('login-email', 'Email', 'email', 'username');
  const password = fieldRow('login-password', 'Password', 'password', 'current-password');
  const formError = h('p', { id: 'login-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'login', novalidate: true, 'aria-labelledby': 'login-title' }, email.row, password.row, formError, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const el of [email.error, password.error, formError]) el.textContent = '';
    for (const el of [email.input, password.input]) el.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const session = await api<Session>('POST', '/login', { email: email.input.value, password: password.input.value });
      startSession(session);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('INTERNAL', 0);
      let focused = false;
      for (const [name, f] of [['email', email], ['password', password]] as const) {
        const msg = err.field(name);
        if (!msg) continue;
        f.error.textContent = msg;
        f.input.setAttribute('aria-invalid', 'true');
        if (!focused) f.input.focus();
        focused = true;
      }
      formError.textContent = err.message;
      if (!focused) password.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(h('main', { class: 'login-page' }, h('h1', { id: 'login-title' }, 'Parley moderation'), form));
  email.input.focus();
}

function signedOut(): void {
  state.session = null;
  state.items = [];
  state.selected.clear();
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
  startPolling();
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
  const entries: { name: State['view']; label: string }[] = [{ name: 'queues', label: 'Queues' }, ...TOOLS.filter((t) => !t.admin || roleHere() === 'admin')];
  if (!entries.some((e) => e.name === state.view)) state.view = 'queues';
  screens.replaceChildren(
    ...entries.map((e) => h('button', { type: 'button', 'data-screen': e.name, 'aria-current': e.name === state.view ? 'page' : null, onclick: () => openScreen(e.name) }, e.label)),
  );
}

function openScreen(name: State['view']): void {
  state.view = name;
  renderScreens();
  queueBox.hidden = name !== 'queues';
  toolBox.hidden = name === 'queues';
  if (name === 'queues') {
    toolBox.replaceChildren();
    void refresh(false);
  } else {
    toolBox.replaceChildren(toolView(name, { site: state.site, role: roleHere(), announce, failed }));
    toolBox.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
    toolBox.querySelector<HTMLElement>('h2')?.focus();
  }
}

function renderShell(): void {
  const s = state.session!;
  document.title = 'Queues · Parley moderation';
  status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const picker = h('select', { id: 'site-picker', onchange: (e) => {
    state.site = (e.target as HTMLSelectElement).value;
    sessionStorage.setItem('parley-admin-site', state.site);
    state.selected.clear();
    renderScreens();
    if (state.view === 'queues') void refresh(true);
    else openScreen(state.view);
    void loadCounts().catch(failed);
  } }, s.sites.map((site) => h('option', { value: site.siteId, selected: site.siteId === state.site }, `${site.siteId} (${site.role})`)));
  const header = h(
    'header',
    { class: 'top' },
    h('h1', {}, 'Parley moderation'),
    h('div', { class: 'site' }, h('label', { for: 'site-picker' }, 'Site'), picker),
    h('div', { class: 'who' }, h('span', {}, s.user.email), h('button', { type: 'button', id: 'logout', onclick: logout }, 'Sign out')),
  );
  tabs = h('nav', { class: 'tabs', 'aria-label': 'Queues' });
  toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bulk actions' });
  list = h('ol', { class: 'items', 'aria-label': 'Comments' });
  moreButton = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => void loadMore() }, 'Load more');
  const help = h('p', { class: 'help' }, 'Shortcuts: j / k next and previous, a approve, s spam, d delete, x select.');
  screens = h('nav', { class: 'screens', 'aria-label': 'Screens' });
  queueBox = h('div', { class: 'queue-box' }, tabs, toolbar, list, moreButton, help);
  toolBox = h('div', { class: 'tool-box', hidden: true });
  root.replaceChildren(header, h('main', { class: 'queues' }, screens, status, queueBox, toolBox));
  renderScreens();
  renderTabs();
  renderToolbar();
}

function renderTabs(): void {
  tabs.replaceChildren(
    ...QUEUES.map((q) =>
      h(
        'button',
        { type: 'button', class: 'tab', 'data-queue': q, 'aria-current': q === state.queue ? 'page' : null, onclick: () => {
          if (state.queue === q) return;
          state.queue = q;
          state.selected.clear();
          renderTabs();
          void loadQueue(true);
        } },
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
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', checked: all, disabled: state.items.length === 0, onchange: (e) => {
    if ((e.target as HTMLInputElement).checked) for (const i of state.items) state.selected.add(i.id);
    else state.selected.clear();
    renderList();
  } });
  const bulk = (action: Action, label: string) => h('button', { type: 'button', 'data-bulk': action, disabled: n === 0, onclick: () => void bulkAct(action) }, label);
  toolbar.replaceChildren(
    h('span', { class: 'check' }, selectAll, h('label', { for: 'select-all' }, 'Select all')),
    h('span', { class: 'selected-count' }, `${n} selected`),
    bulk('approve', 'Approve selected'),
    bulk('spam', 'Spam selected'),
    bulk('ham', 'Not spam selected'),
    bulk('delete', 'Delete selected'),
  );
}

function fmtScore(score: number | null): string {
  return score === null ? '—' : score.toFixed(2);
}

function itemView(item: Item, index: number): HTMLElement {
  const checkId = `select-${item.id}`;
  const title = item.thread?.title || item.thread?.url || item.thread?.key || '(unknown article)';
  const article = item.thread?.url ? h('a', { href: item.thread.url, target: '_blank', rel: 'noopener noreferrer' }, title) : title;
  const row = (label: string, ...value: (Node | string)[]) => [h('dt', {}, label), h('dd', {}, ...value)];
  const action = (a: Action, label: string, cls = '') => h('button', { type: 'button', class: cls || null, 'data-action': a, onclick: () => void act(item, a) }, label);
  const reasons = item.spam.reasons.length ? h('ul', {}, item.spam.reasons.map((r) => h('li', {}, `${r.check}: ${r.reason} (${r.score >= 0 ? '+' : ''}${r.score})`))) : 'none';
  const words = item.spam.words.length ? h('ul', { class: 'words' }, item.spam.words.map((w) => h('li', {}, `${w.description} ${w.contribution >= 0 ? '+' : ''}${w.contribution.toFixed(2)}`))) : 'none';
  const reports = item.reports.length ? h('ul', {}, item.reports.map((r) => h('li', {}, `${r.reason} · ${new Date(r.createdAt).toLocaleString()}`))) : 'none';
  return h(
    'li',
    {
      class: `item${index === state.focus ? ' focused' : ''}${state.selected.has(item.id) ? ' selected' : ''}`,
      'data-id': item.id,
      tabindex: -1,
      'aria-labelledby': `by-${item.id}`,
      // Clicking or tabbing into a comment makes it the one the shortcuts act on.
      onfocusin: () => {
        const i = state.items.findIndex((x) => x.id === item.id);
        if (i < 0 || i === state.focus) return;
        state.focus = i;
        list.querySelectorAll('.item').forEach((el, n) => el.classList.toggle('focused', n === i));
      },
    },
    h(
      'div',
      { class: 'item-head' },
      h('input', { type: 'checkbox', id: checkId, checked: state.selected.has(item.id), onchange: (e) => toggle(item.id, (e.target as HTMLInputElement).checked) }),
      h('label', { for: checkId, id: `by-${item.id}` }, h('strong', {}, item.author.name), ` on ${title}`),
      h('time', { datetime: item.createdAt }, new Date(item.createdAt).toLocaleString()),
    ),
    h('p', { class: 'body' }, item.body),
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
      item.thread ? threadButton(item.thread) : null,
    ),
  );
}

function threadButton(thread: NonNullable<Item['thread']>): HTMLElement {
  // What was done here since the item loaded wins over the state the item came with.
  const closed = closedThreads.get(thread.id) ?? thread.closed === true;
  return h('button', { type: 'button', class: 'thread-toggle', 'data-thread': thread.id, 'data-closed': closed ? 'true' : 'false', onclick: () => void setClosed(thread, !closed) }, closed ? 'Reopen thread' : 'Close thread');
}

async function setClosed(thread: NonNullable<Item['thread']>, closed: boolean): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    await api('POST', `${base()}/threads/${encodeURIComponent(thread.id)}/closed`, { closed });
    closedThreads.set(thread.id, closed);
    // Every comment of that thread on screen shows the new state; the focus stays on the button.
    renderListKeepingFocus();
    announce(`${closed ? 'Closed' : 'Reopened'} the thread on ${thread.title || thread.url || thread.key}${closed ? ' to new comments' : ''}.`);
  } catch (e) {
    failed(e);
  } finally {
    state.busy = false;
  }
}

function renderListKeepingFocus(): void {
  const active = document.activeElement as HTMLElement | null;
  const id = active?.closest<HTMLElement>('li.item')?.dataset.id;
  const wasToggle = active?.classList.contains('thread-toggle');
  renderList();
  if (id && wasToggle) list.querySelector<HTMLElement>(`li.item[data-id="${id}"] button.thread-toggle`)?.focus();
}

function renderList(): void {
  if (state.focus >= state.items.length) state.focus = Math.max(0, state.items.length - 1);
  list.replaceChildren(...(state.items.length ? state.items.map(itemView) : [h('li', { class: 'empty' }, `No comments in ${LABELS[state.queue].toLowerCase()}.`)]));
  moreButton.hidden = !state.next;
  renderToolbar();
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
  const { counts } = await api<{ counts: Counts }>('GET', `${base()}/counts`);
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
  const page = await api<Page>('GET', `${base()}/queues/${state.queue}?limit=50`);
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
    const page = await api<Page>('GET', `${base()}/queues/${state.queue}?limit=50&before=${encodeURIComponent(state.next)}`);
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

function startPolling(): void {
  stopPolling();
  poller = setInterval(() => {
    if (document.visibilityState === 'hidden' || state.busy) return;
    loadCounts().catch(failed);
  }, POLL_MS);
}

function stopPolling(): void {
  if (poller) clearInterval(poller);
  poller = null;
}

function removeFromView(ids: Set<string>): void {
  state.items = state.items.filter((i) => !ids.has(i.id));
  for (const id of ids) state.selected.delete(id);
  renderList();
  focusItem(state.focus);
}

async function act(item: Item, action: Action): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    const { comment } = await api<{ comment: Item }>('POST', `${base()}/comments/${encodeURIComponent(item.id)}/actions`, { action });
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
    const { results } = await api<{ results: { id: string; ok: boolean }[] }>('POST', `${base()}/bulk`, { action, ids });
    const ok = results.filter((r) => r.ok).map((r) => r.id);
    const gone = LEAVES_FOR[action] === state.queue ? new Set<string>() : new Set(ok);
    state.selected.clear();
    removeFromView(gone);
    const failedCount = results.length - ok.length;
    announce(`${DONE[action]} ${ok.length} comment${ok.length === 1 ? '' : 's'}.${failedCount ? ` ${failedCount} could not be changed.` : ''}`);
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
  if (t.closest('textarea, select, [contenteditable]') || (t instanceof HTMLInputElement && t.type !== 'checkbox')) return;
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
