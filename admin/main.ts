// The moderation dashboard: a small single-page app over /admin/api. Screens: sign-in, then a
// site's queues (pending, reported, spam, approved, deleted) with live counts, per-comment and
// bulk actions, and keyboard shortcuts (keyboard.ts); or one of the tools (tool-screens.ts).
// This file holds the session and the page around the screens: the site picker, the screens'
// navigation, signing out. The queue is drawn by queue-list.ts and changed by queue-actions.ts;
// the state they share is in dashboard-state.ts. New comments "arrive live": the server sends
// the counts as they change (live.ts), and when the visible queue's count changes the queue is
// reloaded.
import { api, setCsrf } from './api.ts';
import { drafts, roleHere, state, type State } from './dashboard-state.ts';
import { h } from './dom.ts';
import { listenForShortcuts } from './keyboard.ts';
import { startLive, type Live } from './live.ts';
import { loginView } from './login-view.ts';
import { loadCounts, queueHandlers, refresh, showCounts } from './queue-actions.ts';
import { queueBox } from './queue-list.ts';
import { announce, failed, onLostSession, setStatus } from './status.ts';
import { toolView, TOOLS } from './tool-screens.ts';
import { QUEUES, type Session } from '../src/contracts/admin-api.ts';

const root = document.getElementById('app')!;
let live: Live | null = null;

// ---- sign-in ----------------------------------------------------------------------------

function showLogin(): void {
  stopLive();
  setStatus(null);
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
  // An alert email's dashboard link names the site and the queue: ?site=…&queue=…
  const asked = new URLSearchParams(location.search);
  const remembered = asked.get('site') ?? sessionStorage.getItem('parley-admin-site');
  state.site = session.sites.find((s) => s.siteId === remembered)?.siteId ?? session.sites[0]?.siteId ?? '';
  state.queue = QUEUES.find((q) => q === asked.get('queue')) ?? 'pending';
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

// ---- the page around the screens -------------------------------------------------------

let screens: HTMLElement;
let queueBoxEl: HTMLElement;
let toolBox: HTMLElement;

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
  queueBoxEl.hidden = name !== 'queues';
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
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  setStatus(status);
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
  screens = h('nav', { class: 'screens', 'aria-label': 'Screens' });
  queueBoxEl = queueBox(queueHandlers);
  toolBox = h('div', { class: 'tool-box', hidden: true });
  root.replaceChildren(header, h('main', { class: 'queues' }, screens, status, queueBoxEl, toolBox));
  renderPicker();
  void loadSiteNames();
  renderScreens();
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

async function logout(): Promise<void> {
  try {
    await api('POST', '/logout');
  } catch {
    // Signed out either way: the session is gone or will expire.
  }
  signedOut();
  announce('Signed out.');
}

// ---- start ----------------------------------------------------------------------------------

async function start(): Promise<void> {
  onLostSession(signedOut);
  listenForShortcuts();
  try {
    startSession(await api<Session>('GET', '/session'));
  } catch {
    showLogin();
  }
}

void start();
