// The dashboard's other screens: search, bans, stats (stats-view.ts) and, for admins, the audit
// log, the site's settings and privacy requests (admin-tools.ts), its moderators
// (members-view.ts) and the sites (sites-view.ts). Each is built fresh when opened, from the
// site's API routes.
import { api, ApiError } from './api.ts';
import { h } from './dom.ts';
import { privacyView, settingsView } from './admin-tools.ts';
import { membersView } from './members-view.ts';
import { sitesView } from './sites-view.ts';
import { statsView } from './stats-view.ts';
import type { Item, Page, Role } from './types.ts';

export type ToolName = 'search' | 'bans' | 'stats' | 'audit' | 'settings' | 'privacy' | 'members' | 'sites';
export const TOOLS: { name: ToolName; label: string; admin: boolean }[] = [
  { name: 'search', label: 'Search', admin: false },
  { name: 'bans', label: 'Bans', admin: false },
  { name: 'stats', label: 'Stats', admin: false },
  { name: 'audit', label: 'Audit log', admin: true },
  { name: 'settings', label: 'Settings', admin: true },
  { name: 'privacy', label: 'Privacy', admin: true },
  { name: 'members', label: 'Moderators', admin: true },
  { name: 'sites', label: 'Sites', admin: true },
];

export type Ctx = {
  site: string;
  role: Role;
  user: { id: string; email: string };
  announce(text: string): void;
  failed(e: unknown): void;
  /** Fetches the session again (after a site was created or a role changed). */
  reloadSession(): Promise<void>;
  switchSite(site: string): void;
};

export const base = (ctx: Ctx) => `/sites/${encodeURIComponent(ctx.site)}`;

export function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement): { row: HTMLElement; error: HTMLElement } {
  input.id = id;
  input.setAttribute('aria-describedby', `${id}-error`);
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  return { row: h('div', { class: 'field' }, h('label', { for: id }, label), input, error), error };
}

/** Shows a failed request's field messages in place, and its message in the status. */
function showErrors(ctx: Ctx, e: unknown, errors: Record<string, HTMLElement>): void {
  for (const el of Object.values(errors)) el.textContent = '';
  if (e instanceof ApiError) for (const [name, el] of Object.entries(errors)) el.textContent = e.field(name) ?? '';
  ctx.failed(e);
}

export function table(caption: string, head: string[], rows: (string | Node)[][]): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty' }, `${caption}: none.`);
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', {}, h('caption', {}, caption), h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))),
  );
}

function searchView(ctx: Ctx): HTMLElement {
  const inputs = {
    q: h('input', { type: 'search', name: 'q' }),
    author: h('input', { type: 'text', name: 'author' }),
    email: h('input', { type: 'email', name: 'email' }),
    article: h('input', { type: 'text', name: 'article' }),
  };
  const labels = { q: 'Text', author: 'Author', email: 'Email', article: 'Article (URL or title)' };
  const errors: Record<string, HTMLElement> = {};
  const rows = Object.entries(inputs).map(([k, input]) => {
    const f = field(`search-${k}`, labels[k as keyof typeof labels], input);
    errors[k] = f.error;
    return f.row;
  });
  const results = h('div', { class: 'results' });
  const form = h('form', { class: 'tool-form', role: 'search', 'aria-label': 'Search comments' }, rows, h('button', { type: 'submit', class: 'primary' }, 'Search'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, input] of Object.entries(inputs)) if (input.value.trim()) q.set(k, input.value.trim());
    try {
      const page = await api<Page>('GET', `${base(ctx)}/search?${q}`);
      for (const el of Object.values(errors)) el.textContent = '';
      results.replaceChildren(
        table(
          `${page.items.length} comment${page.items.length === 1 ? '' : 's'} found`,
          ['Status', 'Author', 'Email', 'Article', 'Comment'],
          page.items.map((i: Item) => [i.status, i.author.name, i.author.email, i.thread?.title || i.thread?.url || '', i.body.length > 200 ? `${i.body.slice(0, 200)}…` : i.body]),
        ),
      );
      ctx.announce(`${page.items.length} comment${page.items.length === 1 ? '' : 's'} found.`);
    } catch (e) {
      showErrors(ctx, e, errors);
    }
  });
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Search'), form, results);
}

type Ban = { id: string; kind: string; value: string; reason: string | null; until: string | null; by: string; at: string };

function bansView(ctx: Ctx): HTMLElement {
  const kind = h('select', { name: 'kind' }, h('option', { value: 'email' }, 'Email address'), h('option', { value: 'domain' }, 'Email domain'), h('option', { value: 'ip' }, 'IP hash'));
  const value = h('input', { type: 'text', name: 'value', required: true });
  const days = h('input', { type: 'number', name: 'days', min: 1, max: 3650, inputmode: 'numeric' });
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 500 });
  const f = { kind: field('ban-kind', 'Ban by', kind), value: field('ban-value', 'Value', value), days: field('ban-days', 'Days (empty: until lifted)', days), reason: field('ban-reason', 'Reason', reason) };
  const errors = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.error]));
  const listBox = h('div', { class: 'results' });
  const load = async () => {
    try {
      const { bans } = await api<{ bans: Ban[] }>('GET', `${base(ctx)}/bans`);
      listBox.replaceChildren(
        table(
          'Bans in force',
          ['Kind', 'Value', 'Reason', 'Until', 'By', ''],
          bans.map((b) => [b.kind, b.value, b.reason ?? '', b.until ? new Date(b.until).toLocaleString() : 'lifted by hand', b.by, h('button', { type: 'button', 'aria-label': `Lift the ban on ${b.value}`, onclick: () => void lift(b) }, 'Lift')]),
        ),
      );
    } catch (e) {
      ctx.failed(e);
    }
  };
  const lift = async (b: Ban) => {
    try {
      await api('DELETE', `${base(ctx)}/bans/${encodeURIComponent(b.id)}`);
      ctx.announce(`Lifted the ban on ${b.value}.`);
      await load();
    } catch (e) {
      ctx.failed(e);
    }
  };
  const form = h('form', { class: 'tool-form', 'aria-label': 'Ban a commenter', novalidate: true }, Object.values(f).map((x) => x.row), h('button', { type: 'submit', class: 'primary' }, 'Ban'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body: Record<string, unknown> = { kind: kind.value, value: value.value };
    if (days.value) body.days = Number(days.value);
    if (reason.value.trim()) body.reason = reason.value.trim();
    try {
      await api('POST', `${base(ctx)}/bans`, body);
      for (const el of Object.values(errors)) el.textContent = '';
      ctx.announce(`Banned ${value.value.trim()}.`);
      form.reset();
      await load();
    } catch (e) {
      showErrors(ctx, e, errors);
    }
  });
  void load();
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Bans'), form, listBox);
}

function auditView(ctx: Ctx): HTMLElement {
  const box = h('div', { class: 'results' }, 'Loading…');
  const show = (v: unknown) => (v === null || v === undefined ? '' : h('code', {}, JSON.stringify(v)));
  void (async () => {
    try {
      const { entries } = await api<{ entries: { id: string; actor: string; action: string; target: string | null; before: unknown; after: unknown; at: string }[] }>('GET', `${base(ctx)}/audit?limit=100`);
      box.replaceChildren(table('Moderator actions, newest first', ['When', 'Who', 'What', 'Target', 'Before', 'After'], entries.map((e) => [new Date(e.at).toLocaleString(), e.actor, e.action, e.target ?? '', show(e.before), show(e.after)])));
    } catch (e) {
      box.textContent = '';
      ctx.failed(e);
    }
  })();
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Audit log'), box);
}

const VIEWS: Record<ToolName, (ctx: Ctx) => HTMLElement> = {
  search: searchView,
  bans: bansView,
  stats: statsView,
  audit: auditView,
  settings: settingsView,
  privacy: privacyView,
  members: membersView,
  sites: sitesView,
};

export function toolView(name: ToolName, ctx: Ctx): HTMLElement {
  return VIEWS[name](ctx);
}
