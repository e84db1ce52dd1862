// The dashboard's tool screens beside the queues: which there are (admins see more), and the
// search, bans and audit log screens. The others have files of their own: stats-view.ts and
// alerts-view.ts (everyone's own email alerts; the admins' test email), and for admins
// settings-view.ts, privacy-view.ts, export-view.ts, members-view.ts, sites-view.ts and
// webhooks-view.ts. Each is
// built fresh when opened, from the site's API routes.
import { alertsView } from './alerts-view.ts';
import { api } from './api.ts';
import { h } from './dom.ts';
import { exportView } from './export-view.ts';
import { membersView } from './members-view.ts';
import { privacyView } from './privacy-view.ts';
import { settingsView } from './settings-view.ts';
import { sitesView } from './sites-view.ts';
import { statsView } from './stats-view.ts';
import { webhooksView } from './webhooks-view.ts';
import { base, field, showErrors, table, type Ctx } from './tool-context.ts';
import type { AuditPage, Ban, QueueItem, QueuePage } from '../src/contracts/admin-api.ts';

export type ToolName =
  | 'search'
  | 'bans'
  | 'stats'
  | 'alerts'
  | 'audit'
  | 'settings'
  | 'privacy'
  | 'export'
  | 'members'
  | 'sites'
  | 'webhooks';
export const TOOLS: { name: ToolName; label: string; admin: boolean }[] = [
  { name: 'search', label: 'Search', admin: false },
  { name: 'bans', label: 'Bans', admin: false },
  { name: 'stats', label: 'Stats', admin: false },
  { name: 'alerts', label: 'Email alerts', admin: false },
  { name: 'audit', label: 'Audit log', admin: true },
  { name: 'settings', label: 'Settings', admin: true },
  { name: 'privacy', label: 'Privacy', admin: true },
  { name: 'export', label: 'Export', admin: true },
  { name: 'members', label: 'Moderators', admin: true },
  { name: 'sites', label: 'Sites', admin: true },
  { name: 'webhooks', label: 'Webhooks', admin: true },
];

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
  const form = h(
    'form',
    { class: 'tool-form', role: 'search', 'aria-label': 'Search comments' },
    rows,
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, input] of Object.entries(inputs)) if (input.value.trim()) q.set(k, input.value.trim());
    try {
      const page = await api<QueuePage>('GET', `${base(ctx)}/search?${q}`);
      for (const el of Object.values(errors)) el.textContent = '';
      results.replaceChildren(
        table(
          `${page.items.length} comment${page.items.length === 1 ? '' : 's'} found`,
          ['Status', 'Author', 'Email', 'Article', 'Comment'],
          page.items.map((i: QueueItem) => [
            i.status,
            i.author.name,
            i.author.email,
            i.thread?.title || i.thread?.url || '',
            i.body.length > 200 ? `${i.body.slice(0, 200)}…` : i.body,
          ]),
        ),
      );
      ctx.announce(`${page.items.length} comment${page.items.length === 1 ? '' : 's'} found.`);
    } catch (e) {
      showErrors(ctx, e, errors);
    }
  });
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Search'), form, results);
}

function bansView(ctx: Ctx): HTMLElement {
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'email' }, 'Email address'),
    h('option', { value: 'domain' }, 'Email domain'),
    h('option', { value: 'ip' }, 'IP hash'),
  );
  const value = h('input', { type: 'text', name: 'value', required: true });
  const days = h('input', { type: 'number', name: 'days', min: 1, max: 3650, inputmode: 'numeric' });
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 500 });
  const f = {
    kind: field('ban-kind', 'Ban by', kind),
    value: field('ban-value', 'Value', value),
    days: field('ban-days', 'Days (empty: until lifted)', days),
    reason: field('ban-reason', 'Reason', reason),
  };
  const errors = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.error]));
  const listBox = h('div', { class: 'results' });
  const load = async () => {
    try {
      const { bans } = await api<{ bans: Ban[] }>('GET', `${base(ctx)}/bans`);
      listBox.replaceChildren(
        table(
          'Bans in force',
          ['Kind', 'Value', 'Reason', 'Until', 'By', ''],
          bans.map((b) => [
            b.kind,
            b.value,
            b.reason ?? '',
            b.until ? new Date(b.until).toLocaleString() : 'lifted by hand',
            b.by,
            h(
              'button',
              { type: 'button', 'aria-label': `Lift the ban on ${b.value}`, onclick: () => void lift(b) },
              'Lift',
            ),
          ]),
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
  const form = h(
    'form',
    { class: 'tool-form', 'aria-label': 'Ban a commenter', novalidate: true },
    Object.values(f).map((x) => x.row),
    h('button', { type: 'submit', class: 'primary' }, 'Ban'),
  );
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
      const { entries } = await api<AuditPage>('GET', `${base(ctx)}/audit?limit=100`);
      box.replaceChildren(
        table(
          'Moderator actions, newest first',
          ['When', 'Who', 'What', 'Target', 'Before', 'After'],
          entries.map((e) => [
            new Date(e.at).toLocaleString(),
            e.actor,
            e.action,
            e.target ?? '',
            show(e.before),
            show(e.after),
          ]),
        ),
      );
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
  alerts: alertsView,
  audit: auditView,
  settings: settingsView,
  privacy: privacyView,
  export: exportView,
  members: membersView,
  sites: sitesView,
  webhooks: webhooksView,
};

export function toolView(name: ToolName, ctx: Ctx): HTMLElement {
  return VIEWS[name](ctx);
}
