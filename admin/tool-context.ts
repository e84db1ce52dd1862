// What every tool screen of the dashboard shares: the context it is opened with (the site, the
// caller's role, how to announce and report), the site's API path, and the form field, error
// and table helpers.
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import type { Role } from '../src/contracts/admin-api.ts';

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

export function field(
  id: string,
  label: string,
  input: HTMLInputElement | HTMLSelectElement,
): { row: HTMLElement; error: HTMLElement } {
  input.id = id;
  input.setAttribute('aria-describedby', `${id}-error`);
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  return { row: h('div', { class: 'field' }, h('label', { for: id }, label), input, error), error };
}

/** Shows a failed request's field messages in place, and its message in the status. */
export function showErrors(ctx: Ctx, e: unknown, errors: Record<string, HTMLElement>): void {
  for (const el of Object.values(errors)) el.textContent = '';
  if (e instanceof ApiError) for (const [name, el] of Object.entries(errors)) el.textContent = e.field(name) ?? '';
  ctx.failed(e);
}

export function table(caption: string, head: string[], rows: (string | Node)[][]): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty' }, `${caption}: none.`);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((c) => h('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}
