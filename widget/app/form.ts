// The reply form: the same fields, notes and order as the server-rendered one, posting through
// the JSON API with the form token, errors shown beside their fields, and focus moved to what
// the reader needs next.
import type { CreatedComment, PublicComment, ThreadPage } from '../../src/contracts/api.ts';
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { announce, errorText, fieldText, setCount, type Section } from './section.ts';
import { author, own } from './storage.ts';
import { commentItem, focusComment, place } from './thread.ts';

type Field = 'name' | 'email' | 'website' | 'body';
export type Prefill = Partial<Record<Field, string>> & { formToken?: string; parent?: string; focus?: Field };

function findIn(list: PublicComment[], id: string): PublicComment | null {
  for (const c of list) {
    if (c.id === id) return c;
    const inner = findIn(c.replies, id);
    if (inner) return inner;
  }
  return null;
}

/** The reply form's parts and state, shared by its steps. */
type Form = {
  sec: Section;
  prefill: Prefill;
  formToken: string;
  /** The comment being replied to, if any. */
  parent: string | null;
  /** Where the form sits when it is not under a comment. */
  home: { parent: Node; next: Node | null } | null;
  inputs: Record<Field, HTMLInputElement | HTMLTextAreaElement>;
  errors: Record<Field, HTMLElement>;
  rows: Record<Field, HTMLElement>;
  formError: HTMLElement;
  submit: HTMLButtonElement;
  remember: HTMLInputElement;
  /** The reply-email box, hidden until the server says it sends mail. */
  notify: HTMLInputElement;
  /** Checked: every new comment of the thread, not just replies (shown once the box is ticked). */
  notifyThread: HTMLInputElement;
  notifyRow: HTMLElement;
  replying: HTMLElement;
  replyingName: HTMLAnchorElement;
  title: HTMLElement;
  respond: HTMLElement;
};

const star = () => h('span', { class: 'required', 'aria-hidden': 'true' }, '*');

/** One labelled field with its error line, registered in the form's records. */
function field(
  fm: Form,
  name: Field,
  label: string,
  required: boolean,
  attrs: Record<string, string | number | boolean>,
): HTMLElement {
  const id = `parley-${name}`;
  const input = name === 'body' ? h('textarea', { id, name, rows: 7, ...attrs }) : h('input', { id, name, ...attrs });
  if (required) {
    input.required = true;
    input.setAttribute('aria-required', 'true');
  }
  input.value = fm.prefill[name] ?? '';
  fm.inputs[name] = input;
  fm.errors[name] = h('span', { class: 'parley-error', id: `${id}-error` });
  fm.rows[name] = h(
    'p',
    { class: 'parley-field' },
    h('label', { for: id }, label, required ? ' ' : '', required ? star() : ''),
    input,
    fm.errors[name],
  );
  return fm.rows[name];
}

function formElement(fm: Form): HTMLFormElement {
  const { sec } = fm;
  const t = sec.s.ui;
  return h(
    'form',
    { class: 'parley-form', novalidate: true, 'aria-labelledby': 'reply-title' },
    h(
      'p',
      { class: 'parley-notes' },
      `${t.notPublished} ${t.requiredMarked} `,
      star(),
      h('span', { class: 'parley-sr' }, '*'),
    ),
    field(fm, 'name', t.name, true, { type: 'text', maxlength: 245, autocomplete: 'name' }),
    field(fm, 'email', t.email, true, { type: 'email', maxlength: 100, autocomplete: 'email' }),
    field(fm, 'website', t.website, false, { type: 'url', maxlength: 200, autocomplete: 'url' }),
    field(fm, 'body', t.comment, true, {}),
    h('p', { class: 'parley-check' }, fm.remember, h('label', { for: 'parley-remember' }, sec.s.remember)),
    fm.notifyRow,
    h('p', {}, fm.submit),
    h('p', { class: 'parley-privacy' }, h('a', { href: new URL('privacy', sec.base).href }, t.privacyLink)),
  );
}

const firstEmpty = (fm: Form): Field =>
  (['name', 'email', 'body'] as const).find((f) => !fm.inputs[f].value.trim()) ?? 'body';

function replyTo(fm: Form, id: string, move = true): void {
  const c = fm.sec.data.get(id);
  const li = fm.sec.items.get(id);
  if (!c?.author || !li) return;
  fm.parent = id;
  fm.replyingName.textContent = c.author.name;
  fm.replying.hidden = false;
  fm.title.textContent = fm.sec.s.ui.reply;
  if (move) {
    fm.home ??= { parent: fm.respond.parentNode!, next: fm.respond.nextSibling };
    li.querySelector(':scope > article')!.after(fm.respond);
    fm.inputs[firstEmpty(fm)].focus();
  }
}

function cancelReply(fm: Form, focusBack: boolean): void {
  const was = fm.parent;
  fm.parent = null;
  fm.replying.hidden = true;
  fm.title.textContent = fm.sec.s.ui.leaveReply;
  if (fm.home) {
    fm.home.parent.insertBefore(fm.respond, fm.home.next);
    fm.home = null;
  }
  if (focusBack && was) fm.sec.items.get(was)?.querySelector<HTMLElement>(':scope > article .parley-reply')?.focus();
}

function clearErrors(fm: Form): void {
  fm.formError.textContent = '';
  for (const f of Object.keys(fm.inputs) as Field[]) {
    fm.errors[f].textContent = '';
    fm.rows[f].classList.remove('parley-invalid');
    fm.inputs[f].removeAttribute('aria-invalid');
    fm.inputs[f].removeAttribute('aria-describedby');
  }
}

function showErrors(fm: Form, err: unknown): void {
  const fields = err instanceof ApiError ? err.body?.error.fields : undefined;
  let first: Field | null = null;
  for (const [name, f] of Object.entries(fields ?? {})) {
    if (!(name in fm.inputs)) continue;
    const k = name as Field;
    fm.errors[k].textContent = fieldText(fm.sec, k, f);
    fm.rows[k].classList.add('parley-invalid');
    fm.inputs[k].setAttribute('aria-invalid', 'true');
    fm.inputs[k].setAttribute('aria-describedby', fm.errors[k].id);
    first ??= k;
  }
  fm.formError.textContent = first ? fm.sec.s.ui.fixErrors : errorText(fm.sec, err);
  if (first) fm.inputs[first].focus();
}

const value = (fm: Form, f: Field) => fm.inputs[f].value;

function payloadOf(fm: Form): Record<string, string> {
  const { sec } = fm;
  const v = (f: Field) => value(fm, f);
  const payload: Record<string, string> = { thread: sec.thread, name: v('name'), email: v('email'), body: v('body') };
  if (v('website').trim()) payload.website = v('website').trim();
  if (fm.parent) payload.parent = fm.parent;
  if (sec.title) payload.title = sec.title;
  if (fm.formToken) payload.formToken = fm.formToken;
  if (fm.notify.checked && !fm.notifyRow.hidden) payload.notify = fm.notifyThread.checked ? 'thread' : 'replies';
  return payload;
}

/** Remembers the author (if asked) and the comment's edit token, in this browser. */
function rememberPosted(fm: Form, res: CreatedComment): void {
  const v = (f: Field) => value(fm, f);
  author.set(fm.remember.checked ? { name: v('name'), email: v('email'), website: v('website') } : null);
  own.set(res.id, {
    token: res.editToken,
    until: Date.parse(res.editableUntil),
    thread: fm.sec.thread,
    source: v('body'),
    ...(res.viewToken ? { view: res.viewToken, viewUntil: Date.now() + 10 * 60_000 } : {}),
  });
}

/** A held comment as its author typed it, as plain text, for when it cannot be fetched. */
function typedComment(fm: Form, res: CreatedComment, website: string | null): PublicComment {
  return {
    id: res.id,
    parent: fm.parent,
    depth: 0,
    author: { name: value(fm, 'name'), website, avatar: '' },
    html: value(fm, 'body')
      .trim()
      .split(/\n{2,}/)
      .map((p) => `<p>${p.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`)
      .join(''),
    createdAt: new Date().toISOString(),
    editedAt: null,
    replies: [],
    moreReplies: null,
    pending: true,
  };
}

async function heldComment(sec: Section, id: string, view: string, fallback: PublicComment): Promise<PublicComment> {
  try {
    const page = await sec.api.get<ThreadPage>('api/v1/threads', { thread: sec.thread, viewToken: view });
    return findIn(page.comments, id) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Puts the posted comment in the thread, focuses it and says whether it is published or held. */
function showPosted(fm: Form, c: PublicComment): void {
  const { sec } = fm;
  const wasParent = fm.parent;
  fm.inputs.body.value = '';
  cancelReply(fm, false);
  // The live stream may have brought it first, without its author's controls.
  const li = sec.items.get(c.id);
  if (li) li.replaceWith(commentItem(sec, c));
  else {
    // Shown to its author at once, even before later pages are loaded.
    place(sec, { ...c, parent: wasParent }, false);
    if (!c.pending) setCount(sec, sec.count + 1);
  }
  focusComment(sec, c.id);
  announce(sec, c.pending ? sec.s.ui.heldNotice : sec.s.ui.publishedNotice);
}

async function send(fm: Form): Promise<void> {
  const { sec } = fm;
  const payload = payloadOf(fm);
  const { body: res } = await sec.api.send<CreatedComment>('POST', 'api/v1/comments', payload);
  rememberPosted(fm, res);
  // Held: its author sees it through the view token; failing that, as the plain text they typed.
  const fallback = typedComment(fm, res, payload.website ?? null);
  showPosted(fm, res.comment ?? (await heldComment(sec, res.id, res.viewToken ?? '', fallback)));
}

async function onSubmit(fm: Form, e: Event): Promise<void> {
  e.preventDefault();
  if (fm.submit.disabled) return;
  clearErrors(fm);
  fm.submit.disabled = true;
  fm.submit.textContent = fm.sec.s.sending;
  try {
    await send(fm);
  } catch (err) {
    showErrors(fm, err);
  } finally {
    fm.submit.disabled = false;
    fm.submit.textContent = fm.sec.s.ui.post;
  }
}

/** The form's parts before the fields are made, with the saved author filled in. */
function newForm(sec: Section, prefill: Prefill): Form {
  const t = sec.s.ui;
  const saved = author.get();
  if (saved) for (const k of ['name', 'email', 'website'] as const) prefill[k] ||= saved[k];
  const remember = h('input', { type: 'checkbox', id: 'parley-remember', name: 'remember' });
  remember.checked = !!saved;
  const replyingName = h('a', { href: '#' });
  const notify = h('input', { type: 'checkbox', id: 'parley-notify', name: 'notify' });
  const radio = (value: string, label: string) => {
    const input = h('input', { type: 'radio', id: `parley-notify-${value}`, name: 'notifyScope', value });
    return [input, h('label', { for: `parley-notify-${value}` }, label), ' '] as const;
  };
  const [replies, ...repliesLabel] = radio('replies', t.notifyScopeReplies);
  const [notifyThread, ...threadLabel] = radio('thread', t.notifyScopeThread);
  replies.checked = true;
  const scope = h(
    'p',
    { class: 'parley-check parley-notify-scope', hidden: true },
    replies,
    ...repliesLabel,
    notifyThread,
    ...threadLabel,
  );
  notify.addEventListener('change', () => {
    scope.hidden = !notify.checked;
  });
  const fm: Form = {
    sec,
    prefill,
    formToken: prefill.formToken ?? '',
    parent: null,
    home: null,
    inputs: {} as Form['inputs'],
    errors: {} as Form['errors'],
    rows: {} as Form['rows'],
    formError: h('div', { class: 'parley-form-error', role: 'alert' }),
    submit: h('button', { type: 'submit', class: 'parley-submit' }, t.post),
    remember,
    notify,
    notifyThread,
    notifyRow: h(
      'div',
      { hidden: true },
      h('p', { class: 'parley-check' }, notify, h('label', { for: 'parley-notify' }, t.notifyReplies)),
      scope,
    ),
    replyingName,
    replying: h('p', { class: 'parley-replying', hidden: true }),
    title: h('h3', { id: 'reply-title' }, t.leaveReply),
    respond: h('div', { id: 'respond', class: 'parley-respond' }),
  };
  const cancel = h(
    'button',
    { type: 'button', class: 'parley-link', onclick: () => cancelReply(fm, true) },
    t.cancelReply,
  );
  fm.replying.append(`${t.replyTo} `, replyingName, ' · ', cancel);
  replyingName.addEventListener('click', (e) => {
    e.preventDefault();
    if (fm.parent) focusComment(sec, fm.parent);
  });
  return fm;
}

export function replyForm(sec: Section, prefill: Prefill): HTMLElement {
  const fm = newForm(sec, prefill);
  // Issued when the form is shown (the spam checks read how long the reader took to write), with
  // whether the server sends reply emails; a token the page already carried is kept.
  sec.api.get<{ formToken: string; notify?: boolean }>('api/v1/form-token', {}).then(
    (r) => {
      fm.formToken ||= r.formToken;
      fm.notifyRow.hidden = r.notify !== true;
    },
    () => {},
  );
  const form = formElement(fm);
  form.addEventListener('submit', (e) => void onSubmit(fm, e));
  fm.respond.append(fm.title, fm.replying, fm.formError, form);
  sec.reply = (id) => replyTo(fm, id);
  if (prefill.parent) replyTo(fm, prefill.parent, false);
  const focus = prefill.focus;
  if (focus) queueMicrotask(() => fm.inputs[focus].focus());
  return fm.respond;
}
