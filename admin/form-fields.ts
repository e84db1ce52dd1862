// Labelled form fields whose server-side refusals (422 VALIDATION with `fields`) are shown
// next to them in the catalog's words, named by the field's visible label.
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { ruleMessage } from '../src/contracts/messages.ts';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
export type FormField = { name: string; label: string; control: Control; row: HTMLElement; error: HTMLElement };

export function formField(id: string, name: string, label: string, control: Control, hint = ''): FormField {
  control.id = id;
  control.setAttribute('name', name);
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '));
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const row = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null,
    control,
    error,
  );
  return { name, label, control, row, error };
}

export function clearErrors(fields: FormField[]): void {
  for (const f of fields) {
    f.error.textContent = '';
    f.control.removeAttribute('aria-invalid');
  }
}

/** Puts each refused field's message next to it; returns the first such control, to focus. */
export function showFieldErrors(e: unknown, fields: FormField[]): Control | null {
  clearErrors(fields);
  let first: Control | null = null;
  if (!(e instanceof ApiError)) return null;
  for (const f of fields) {
    const rule = e.fields[f.name];
    if (!rule) continue;
    f.error.textContent = ruleMessage(rule.code, f.label, 'en', rule.limit);
    f.control.setAttribute('aria-invalid', 'true');
    first ??= f.control;
  }
  return first;
}

/** One entry per line, blank lines and spaces around entries dropped. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
