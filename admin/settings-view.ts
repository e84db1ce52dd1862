// The settings screen, for a site's admins: each setting with the value in force, whether the
// site overrides the install's default (and what that default is), and "use the default".
import { api, ApiError } from './api.ts';
import { h } from './dom.ts';
import { base, type Ctx } from './tool-context.ts';
import type { SettingsPatchReply, SettingsReply, SettingValue } from '../src/contracts/admin-api.ts';
import { ruleMessage } from '../src/contracts/messages.ts';

// A setting the server adds later still shows, by its key, with a control for its kind.
type Value = SettingValue | boolean;

// Words for the settings the server knows today; a setting added later still shows, by its key.
const SETTING_LABELS: Record<string, [label: string, hint: string]> = {
  floodSeconds: ['Seconds between two comments from one person', ''],
  editWindowMinutes: ['Edit window (minutes)', ''],
  maxDepth: ['Deepest reply level', ''],
  pageSize: ['Comments per page', ''],
  repliesPerPage: ['Replies per page', ''],
  premoderation: ['Premoderation', ''],
  autoApproveAfter: [
    'Approved comments before a commenter skips premoderation',
    'Counted under the same name and email; 0: never. The spam checks still apply.',
  ],
  closeAfterDays: [
    'Days after which a thread closes to new comments',
    'Counted from when the thread opened, or from its last reopening; 0: never.',
  ],
  maxLinks: ['Links allowed before a comment is held', ''],
  ipRetentionDays: ['Days IP hashes are kept', ''],
  holdScore: ['Spam score that holds a comment', ''],
  spamScore: ['Spam score that marks a comment as spam', ''],
  discardScore: ['Spam score that discards a comment', ''],
  disabledChecks: ['Disabled spam checks', 'One check name per line.'],
  holdKeywords: ['Keywords that hold a comment', 'One per line.'],
  blockKeywords: ['Keywords that block a comment', 'One per line.'],
  blockedEmails: ['Blocked email addresses and domains', 'One per line: anne@example.com or example.com.'],
  blockedIpHashes: ['Blocked IP hashes', 'One per line.'],
  languages: ['Expected languages', 'ISO 639-1 codes, one per line; empty: the site’s language.'],
  minFillSeconds: ['Least seconds to write a comment', ''],
  repeatWindowHours: ['Hours a repeated comment is remembered', ''],
  velocityPerHour: ['Comments per hour before one is held', ''],
  spamRetentionDays: ['Days discarded comments and spam corrections are kept', ''],
  notifyIntervalMinutes: ['Minutes between two reply emails to a reader', 'Replies in between go out as one digest.'],
};
const PREMODERATION: [string, string][] = [
  ['none', 'None: publish what passes the spam checks'],
  ['first', 'Hold a new commenter’s first comment'],
  ['links', 'Hold comments with links'],
  ['all', 'Hold every comment'],
];

const labelOf = (key: string) => SETTING_LABELS[key]?.[0] ?? key;
const same = (a: Value | undefined, b: Value | undefined) => JSON.stringify(a) === JSON.stringify(b);

type Row = {
  key: string;
  read(): Value;
  useDefault: HTMLInputElement;
  control: HTMLElement;
  error: HTMLElement;
  el: HTMLElement;
};

function settingRow(key: string, value: Value, overridden: boolean, fallback?: Value): Row {
  const id = `setting-${key}`;
  const [label, hint] = SETTING_LABELS[key] ?? [key, ''];
  let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  let read: () => Value;
  if (Array.isArray(value)) {
    const area = h('textarea', { rows: Math.min(8, Math.max(3, value.length + 1)), spellcheck: false });
    area.value = value.join('\n');
    control = area;
    read = () =>
      area.value
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
  } else if (key === 'premoderation') {
    const select = h(
      'select',
      {},
      PREMODERATION.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    );
    control = select;
    read = () => select.value;
  } else if (typeof value === 'number') {
    const input = h('input', { type: 'number', step: 1, inputmode: 'numeric', value });
    control = input;
    // Not a number: sent as typed, so the server's rule answers (NaN would be sent as null).
    read = () =>
      input.value.trim() !== '' && Number.isFinite(Number(input.value)) ? Number(input.value) : input.value;
  } else if (typeof value === 'boolean') {
    const select = h(
      'select',
      {},
      h('option', { value: 'true', selected: value }, 'Yes'),
      h('option', { value: 'false', selected: !value }, 'No'),
    );
    control = select;
    read = () => select.value === 'true';
  } else {
    const input = h('input', { type: 'text', value: String(value) });
    control = input;
    read = () => input.value;
  }
  control.id = id;
  control.setAttribute('name', key);
  const hintId = `${id}-hint`;
  const sourceId = `${id}-source`;
  const errorId = `${id}-error`;
  control.setAttribute('aria-describedby', [hint ? hintId : '', sourceId, errorId].filter(Boolean).join(' '));
  const useDefault = h('input', {
    type: 'checkbox',
    id: `${id}-default`,
    name: `${key}-default`,
    checked: !overridden,
  });
  // Typing a value makes it the site's own.
  control.addEventListener('input', () => {
    useDefault.checked = false;
  });
  const error = h('p', { id: errorId, class: 'field-error' });
  const el = h(
    'div',
    { class: `field setting${overridden ? ' overridden' : ''}`, 'data-setting': key },
    h('label', { for: id }, label),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    control,
    h(
      'div',
      { class: 'setting-source' },
      h(
        'span',
        { id: sourceId, class: 'source', 'data-source': overridden ? 'site' : 'default' },
        overridden
          ? `Set for this site${fallback !== undefined ? ` (default: ${Array.isArray(fallback) ? fallback.join(', ') || 'none' : String(fallback)})` : ''}`
          : 'Install default',
      ),
      h('span', { class: 'check' }, useDefault, h('label', { for: `${id}-default` }, 'Use the default')),
    ),
    error,
  );
  return { key, read, useDefault, control, error, el };
}

export function settingsView(ctx: Ctx): HTMLElement {
  const box = h('div', { class: 'results' }, 'Loading…');
  const render = (answer: SettingsReply): void => {
    const rows = Object.entries(answer.settings).map(([k, v]) =>
      settingRow(k, v, Object.hasOwn(answer.overrides, k), answer.defaults[k]),
    );
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save settings');
    const form = h(
      'form',
      { class: 'settings-form', 'aria-label': 'Site settings', novalidate: true },
      rows.map((r) => r.el),
      h('div', { class: 'form-actions' }, save),
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const patch: Record<string, Value | null> = {};
      for (const r of rows) {
        const overridden = Object.hasOwn(answer.overrides, r.key);
        if (r.useDefault.checked) {
          if (overridden) patch[r.key] = null;
        } else {
          const v = r.read();
          if (!overridden || !same(v, answer.settings[r.key])) patch[r.key] = v;
        }
      }
      for (const r of rows) {
        r.error.textContent = '';
        r.control.removeAttribute('aria-invalid');
      }
      if (!Object.keys(patch).length) {
        ctx.announce('Nothing to save: no setting changed.');
        return;
      }
      save.disabled = true;
      try {
        const next = await api<SettingsPatchReply>('PATCH', `${base(ctx)}/settings`, patch);
        // The install's defaults and the check names do not change with a site's settings.
        render({ ...answer, ...next });
        const n = Object.keys(patch).length;
        ctx.announce(`Saved ${n} setting${n === 1 ? '' : 's'}.`);
      } catch (e) {
        save.disabled = false;
        let first: HTMLElement | null = null;
        if (e instanceof ApiError) {
          for (const r of rows) {
            const f = e.fields[r.key];
            if (!f) continue;
            r.error.textContent = ruleMessage(f.code, labelOf(r.key), 'en', f.limit);
            r.control.setAttribute('aria-invalid', 'true');
            first ??= r.control;
          }
        }
        ctx.failed(e);
        first?.focus();
      }
    });
    box.replaceChildren(
      h(
        'p',
        { class: 'help' },
        'Each setting shows the value in force. “Use the default” removes the site’s own value, so the install’s default applies.',
      ),
      form,
    );
  };
  void (async () => {
    try {
      render(await api<SettingsReply>('GET', `${base(ctx)}/settings`));
    } catch (e) {
      box.textContent = '';
      ctx.failed(e);
    }
  })();
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Settings'), box);
}
