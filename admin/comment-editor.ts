// A moderator's inline form under a comment: edit its text (PATCH …/comments/:id) or reply to
// it (POST …/comments/:id/replies). The typed text lives in a Draft owned by the queue, so a
// list redrawn by a live update puts the same words back.
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import type { QueueItem } from '../src/contracts/admin-api.ts';

export type Draft = { mode: 'edit' | 'reply'; text: string };

export type EditorHandlers = {
  save(item: QueueItem, draft: Draft): Promise<void>;
  cancel(item: QueueItem): void;
};

export function editorView(item: QueueItem, draft: Draft, on: EditorHandlers): HTMLElement {
  const id = `editor-${item.id}`;
  const edit = draft.mode === 'edit';
  const label = edit ? `Edit the comment by ${item.author.name}` : `Reply to ${item.author.name}`;
  const hint = edit
    ? 'The comment will show “edited by a moderator”.'
    : 'Published at once under your name, with a Moderator badge.';
  const area = h('textarea', {
    id,
    name: 'body',
    rows: 5,
    required: true,
    'aria-describedby': `${id}-hint ${id}-error`,
  });
  area.value = draft.text;
  area.addEventListener('input', () => {
    draft.text = area.value;
  });
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const save = h('button', { type: 'submit', class: 'primary' }, edit ? 'Save' : 'Send reply');
  const cancel = h('button', { type: 'button', onclick: () => on.cancel(item) }, 'Cancel');
  const form = h(
    'form',
    { class: 'editor', 'data-editor': draft.mode, 'aria-label': label, novalidate: true },
    h('label', { for: id }, label),
    h('p', { id: `${id}-hint`, class: 'hint' }, hint),
    area,
    error,
    h('div', { class: 'actions' }, save, cancel),
  );
  form.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      on.cancel(item);
    }
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    area.removeAttribute('aria-invalid');
    save.disabled = true;
    try {
      await on.save(item, draft);
    } catch (e) {
      // The form may have been redrawn meanwhile: the message goes to the one on screen.
      const live = document.getElementById(`${id}-error`) ?? error;
      const field = document.getElementById(id) ?? area;
      live.textContent = e instanceof ApiError ? (e.field('body') ?? e.message) : String(e);
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
