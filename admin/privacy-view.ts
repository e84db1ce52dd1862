// Privacy requests, for a site's admins: a commenter's data as a JSON download, or erased after
// a confirmation.
import { api, ApiError } from './api.ts';
import { h } from './dom.ts';
import { base, field, table, type Ctx } from './tool-context.ts';
import { ruleMessage } from '../src/contracts/messages.ts';

type Export = {
  email: string;
  exportedAt: string;
  comments: {
    id: string;
    status: string;
    body: string;
    created_at: string;
    thread?: { title: string | null; url: string | null; key: string } | null;
  }[];
  discardedComments: unknown[];
  spamCorrections: unknown[];
};
type Erased = { comments: number; textsDeleted: number; discards: number; corrections: number; audit: number };

let downloadUrl: string | null = null;

export function privacyView(ctx: Ctx): HTMLElement {
  // One download link at a time: the previous file's memory is given back.
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = null;

  const exportEmail = h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const ef = field('privacy-export-email', 'Commenter’s email', exportEmail);
  const exportResult = h('div', { class: 'results', 'data-result': 'export' });
  const exportForm = h(
    'form',
    { class: 'tool-form', 'aria-labelledby': 'export-title', novalidate: true },
    ef.row,
    h('button', { type: 'submit', class: 'primary' }, 'Export'),
  );
  exportForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ef.error.textContent = '';
    exportEmail.removeAttribute('aria-invalid');
    try {
      const data = await api<Export>(
        'GET',
        `${base(ctx)}/privacy/export?email=${encodeURIComponent(exportEmail.value.trim())}`,
      );
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const file = `parley-${ctx.site}-${data.email.replace(/[^a-z0-9.@_-]+/gi, '_')}.json`;
      const n = data.comments.length;
      exportResult.replaceChildren(
        h(
          'p',
          {},
          `${n} comment${n === 1 ? '' : 's'}, ${data.discardedComments.length} discarded, ${data.spamCorrections.length} spam correction${data.spamCorrections.length === 1 ? '' : 's'}. `,
          h('a', { href: downloadUrl, download: file, class: 'download' }, `Download ${file}`),
        ),
        table(
          `Comments by ${data.email}`,
          ['Date', 'Status', 'Article', 'Comment'],
          data.comments.map((c) => [
            new Date(c.created_at).toLocaleString(),
            c.status,
            c.thread?.title || c.thread?.url || c.thread?.key || '',
            c.body.length > 200 ? `${c.body.slice(0, 200)}…` : c.body,
          ]),
        ),
      );
      ctx.announce(`Export ready: ${n} comment${n === 1 ? '' : 's'}.`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.email) {
        ef.error.textContent = ruleMessage(e.fields.email.code, 'Email', 'en');
        exportEmail.setAttribute('aria-invalid', 'true');
      }
      ctx.failed(e);
    }
  });

  const eraseEmail = h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const deleteText = h('input', { type: 'checkbox', id: 'privacy-delete-text', name: 'deleteText' });
  const xf = field('privacy-erase-email', 'Commenter’s email', eraseEmail);
  const confirmBox = h('div', { class: 'confirm', hidden: true });
  const eraseResult = h('div', { class: 'results', 'data-result': 'erase' });
  const eraseButton = h('button', { type: 'submit', class: 'danger' }, 'Erase…');
  const eraseForm = h(
    'form',
    { class: 'tool-form', 'aria-labelledby': 'erase-title', novalidate: true },
    xf.row,
    h(
      'div',
      { class: 'field check' },
      deleteText,
      h('label', { for: 'privacy-delete-text' }, 'Also delete the comments’ text'),
    ),
    eraseButton,
  );
  const reset = () => {
    confirmBox.hidden = true;
    confirmBox.replaceChildren();
    eraseButton.disabled = false;
  };
  const erase = async (email: string, withText: boolean) => {
    try {
      const { erased } = await api<{ erased: Erased }>('POST', `${base(ctx)}/privacy/erase`, {
        email,
        deleteText: withText,
      });
      reset();
      eraseForm.reset();
      eraseResult.replaceChildren(
        table(
          `Erased ${email}`,
          ['What', 'How many'],
          [
            ['Comments anonymized', String(erased.comments)],
            ['Texts deleted', String(erased.textsDeleted)],
            ['Discarded comments removed', String(erased.discards)],
            ['Spam corrections removed', String(erased.corrections)],
            ['Audit entries cleaned', String(erased.audit)],
          ],
        ),
      );
      ctx.announce(`Erased ${email}: ${erased.comments} comment${erased.comments === 1 ? '' : 's'} anonymized.`);
    } catch (e) {
      reset();
      if (e instanceof ApiError && e.fields.email) {
        xf.error.textContent = ruleMessage(e.fields.email.code, 'Email', 'en');
        eraseEmail.setAttribute('aria-invalid', 'true');
      }
      ctx.failed(e);
      eraseEmail.focus();
    }
  };
  eraseForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    xf.error.textContent = '';
    eraseEmail.removeAttribute('aria-invalid');
    const email = eraseEmail.value.trim();
    if (!email) {
      xf.error.textContent = ruleMessage('REQUIRED', 'Email', 'en');
      eraseEmail.setAttribute('aria-invalid', 'true');
      eraseEmail.focus();
      return;
    }
    const withText = deleteText.checked;
    eraseButton.disabled = true;
    const yes = h(
      'button',
      { type: 'button', class: 'danger', onclick: () => void erase(email, withText) },
      'Yes, erase',
    );
    confirmBox.replaceChildren(
      h(
        'p',
        { id: 'erase-confirm-text' },
        `Erase everything stored about ${email} on ${ctx.site}? Their comments become “Anonymous”${withText ? ' and their text is deleted' : ''}. This cannot be undone.`,
      ),
      h(
        'div',
        { class: 'actions', role: 'group', 'aria-labelledby': 'erase-confirm-text' },
        yes,
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              reset();
              eraseEmail.focus();
              ctx.announce('Erasure cancelled.');
            },
          },
          'Cancel',
        ),
      ),
    );
    confirmBox.hidden = false;
    yes.focus();
  });

  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Privacy'),
    h(
      'p',
      { class: 'help' },
      'A commenter’s data on this site, by their email address. Both are recorded in the audit log without the address.',
    ),
    h('h3', { id: 'export-title' }, 'Export a commenter’s data'),
    exportForm,
    exportResult,
    h('h3', { id: 'erase-title' }, 'Erase a commenter'),
    eraseForm,
    confirmBox,
    eraseResult,
  );
}
