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
type EmailField = { input: HTMLInputElement; error: HTMLElement };

let downloadUrl: string | null = null;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function clearError(f: EmailField): void {
  f.error.textContent = '';
  f.input.removeAttribute('aria-invalid');
}

function showError(f: EmailField, code: Parameters<typeof ruleMessage>[0]): void {
  f.error.textContent = ruleMessage(code, 'Email', 'en');
  f.input.setAttribute('aria-invalid', 'true');
}

/** The server's word on the email field, if that is what it refused. */
function emailRefused(f: EmailField, e: unknown): void {
  if (e instanceof ApiError && e.fields.email) showError(f, e.fields.email.code);
}

/** The export's summary, its download link (the previous file's memory given back) and its comments. */
function exportResults(ctx: Ctx, data: Export): HTMLElement[] {
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const file = `parley-${ctx.site}-${data.email.replace(/[^a-z0-9.@_-]+/gi, '_')}.json`;
  return [
    h(
      'p',
      {},
      `${plural(data.comments.length, 'comment')}, ${data.discardedComments.length} discarded, ${plural(data.spamCorrections.length, 'spam correction')}. `,
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
  ];
}

function exportSection(ctx: Ctx): HTMLElement[] {
  const input = h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const ef = field('privacy-export-email', 'Commenter’s email', input);
  const f: EmailField = { input, error: ef.error };
  const result = h('div', { class: 'results', 'data-result': 'export' });
  const form = h(
    'form',
    { class: 'tool-form', 'aria-labelledby': 'export-title', novalidate: true },
    ef.row,
    h('button', { type: 'submit', class: 'primary' }, 'Export'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(f);
    try {
      const email = encodeURIComponent(input.value.trim());
      const data = await api<Export>('GET', `${base(ctx)}/privacy/export?email=${email}`);
      result.replaceChildren(...exportResults(ctx, data));
      ctx.announce(`Export ready: ${plural(data.comments.length, 'comment')}.`);
    } catch (e) {
      emailRefused(f, e);
      ctx.failed(e);
    }
  });
  return [h('h3', { id: 'export-title' }, 'Export a commenter’s data'), form, result];
}

function erasedTable(email: string, erased: Erased): HTMLElement {
  return table(
    `Erased ${email}`,
    ['What', 'How many'],
    [
      ['Comments anonymized', String(erased.comments)],
      ['Texts deleted', String(erased.textsDeleted)],
      ['Discarded comments removed', String(erased.discards)],
      ['Spam corrections removed', String(erased.corrections)],
      ['Audit entries cleaned', String(erased.audit)],
    ],
  );
}

/** The erase form's parts and what its steps share. */
type Erasure = {
  ctx: Ctx;
  f: EmailField;
  form: HTMLFormElement;
  button: HTMLButtonElement;
  confirmBox: HTMLElement;
  result: HTMLElement;
};

function closeConfirm(er: Erasure): void {
  er.confirmBox.hidden = true;
  er.confirmBox.replaceChildren();
  er.button.disabled = false;
}

async function erase(er: Erasure, email: string, withText: boolean): Promise<void> {
  try {
    const { erased } = await api<{ erased: Erased }>('POST', `${base(er.ctx)}/privacy/erase`, {
      email,
      deleteText: withText,
    });
    closeConfirm(er);
    er.form.reset();
    er.result.replaceChildren(erasedTable(email, erased));
    er.ctx.announce(`Erased ${email}: ${plural(erased.comments, 'comment')} anonymized.`);
  } catch (e) {
    closeConfirm(er);
    emailRefused(er.f, e);
    er.ctx.failed(e);
    er.f.input.focus();
  }
}

function askErase(er: Erasure, email: string, withText: boolean): void {
  er.button.disabled = true;
  const yes = h(
    'button',
    { type: 'button', class: 'danger', onclick: () => void erase(er, email, withText) },
    'Yes, erase',
  );
  const cancel = () => {
    closeConfirm(er);
    er.f.input.focus();
    er.ctx.announce('Erasure cancelled.');
  };
  er.confirmBox.replaceChildren(
    h(
      'p',
      { id: 'erase-confirm-text' },
      `Erase everything stored about ${email} on ${er.ctx.site}? Their comments become “Anonymous”${withText ? ' and their text is deleted' : ''}. This cannot be undone.`,
    ),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-labelledby': 'erase-confirm-text' },
      yes,
      h('button', { type: 'button', onclick: cancel }, 'Cancel'),
    ),
  );
  er.confirmBox.hidden = false;
  yes.focus();
}

function eraseSection(ctx: Ctx): HTMLElement[] {
  const input = h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const deleteText = h('input', { type: 'checkbox', id: 'privacy-delete-text', name: 'deleteText' });
  const xf = field('privacy-erase-email', 'Commenter’s email', input);
  const button = h('button', { type: 'submit', class: 'danger' }, 'Erase…');
  const form = h(
    'form',
    { class: 'tool-form', 'aria-labelledby': 'erase-title', novalidate: true },
    xf.row,
    h(
      'div',
      { class: 'field check' },
      deleteText,
      h('label', { for: 'privacy-delete-text' }, 'Also delete the comments’ text'),
    ),
    button,
  );
  const er: Erasure = {
    ctx,
    f: { input, error: xf.error },
    form,
    button,
    confirmBox: h('div', { class: 'confirm', hidden: true }),
    result: h('div', { class: 'results', 'data-result': 'erase' }),
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearError(er.f);
    const email = input.value.trim();
    if (!email) {
      showError(er.f, 'REQUIRED');
      input.focus();
      return;
    }
    askErase(er, email, deleteText.checked);
  });
  return [h('h3', { id: 'erase-title' }, 'Erase a commenter'), form, er.confirmBox, er.result];
}

export function privacyView(ctx: Ctx): HTMLElement {
  // One download link at a time: the previous file's memory is given back.
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = null;
  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Privacy'),
    h(
      'p',
      { class: 'help' },
      'A commenter’s data on this site, by their email address. Both are recorded in the audit log without the address.',
    ),
    ...exportSection(ctx),
    ...eraseSection(ctx),
  );
}
