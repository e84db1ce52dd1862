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

export function replyForm(sec: Section, prefill: Prefill): HTMLElement {
  const t = sec.s.ui;
  const s = sec.s;
  let parent: string | null = null;
  let formToken = prefill.formToken ?? '';
  if (!formToken) {
    // Issued when the form is shown: the spam checks read how long the reader took to write.
    sec.api.get<{ formToken: string }>('api/v1/form-token', {}).then(
      (r) => (formToken = r.formToken),
      () => {},
    );
  }

  const inputs = {} as Record<Field, HTMLInputElement | HTMLTextAreaElement>;
  const errors = {} as Record<Field, HTMLElement>;
  const rows = {} as Record<Field, HTMLElement>;
  const star = () => h('span', { class: 'required', 'aria-hidden': 'true' }, '*');
  const field = (name: Field, label: string, required: boolean, attrs: Record<string, string | number | boolean>) => {
    const id = `parley-${name}`;
    const input = name === 'body' ? h('textarea', { id, name, rows: 7, ...attrs }) : h('input', { id, name, ...attrs });
    if (required) {
      input.required = true;
      input.setAttribute('aria-required', 'true');
    }
    input.value = prefill[name] ?? '';
    inputs[name] = input;
    errors[name] = h('span', { class: 'parley-error', id: `${id}-error` });
    return (rows[name] = h(
      'p',
      { class: 'parley-field' },
      h('label', { for: id }, label, required ? ' ' : '', required ? star() : ''),
      input,
      errors[name],
    ));
  };

  const saved = author.get();
  if (saved) for (const k of ['name', 'email', 'website'] as const) prefill[k] ||= saved[k];
  const remember = h('input', { type: 'checkbox', id: 'parley-remember', name: 'remember' });
  remember.checked = !!saved;

  const formError = h('div', { class: 'parley-form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'parley-submit' }, t.post);
  const replyingName = h('a', { href: '#' });
  const cancel = h('button', { type: 'button', class: 'parley-link', onclick: () => cancelReply(true) }, t.cancelReply);
  const replying = h('p', { class: 'parley-replying', hidden: true }, `${t.replyTo} `, replyingName, ' · ', cancel);
  replyingName.addEventListener('click', (e) => {
    e.preventDefault();
    if (parent) focusComment(sec, parent);
  });

  const form = h(
    'form',
    { class: 'parley-form', novalidate: true, 'aria-labelledby': 'reply-title' },
    h(
      'p',
      { class: 'parley-notes' },
      `${t.notPublished} ${t.requiredMarked} `,
      star(),
      h('span', { class: 'parley-sr' }, '*'),
    ),
    field('name', t.name, true, { type: 'text', maxlength: 245, autocomplete: 'name' }),
    field('email', t.email, true, { type: 'email', maxlength: 100, autocomplete: 'email' }),
    field('website', t.website, false, { type: 'url', maxlength: 200, autocomplete: 'url' }),
    field('body', t.comment, true, {}),
    h('p', { class: 'parley-check' }, remember, h('label', { for: 'parley-remember' }, s.remember)),
    h('p', {}, submit),
    h('p', { class: 'parley-privacy' }, h('a', { href: new URL('privacy', sec.base).href }, t.privacyLink)),
  );
  const title = h('h3', { id: 'reply-title' }, t.leaveReply);
  const respond = h('div', { id: 'respond', class: 'parley-respond' }, title, replying, formError, form);
  let home: { parent: Node; next: Node | null } | null = null;

  const firstEmpty = (): Field => (['name', 'email', 'body'] as const).find((f) => !inputs[f].value.trim()) ?? 'body';

  function replyTo(id: string, move = true): void {
    const c = sec.data.get(id);
    const li = sec.items.get(id);
    if (!c?.author || !li) return;
    parent = id;
    replyingName.textContent = c.author.name;
    replying.hidden = false;
    title.textContent = t.reply;
    if (move) {
      home ??= { parent: respond.parentNode!, next: respond.nextSibling };
      li.querySelector(':scope > article')!.after(respond);
      inputs[firstEmpty()].focus();
    }
  }

  function cancelReply(focusBack: boolean): void {
    const was = parent;
    parent = null;
    replying.hidden = true;
    title.textContent = t.leaveReply;
    if (home) {
      home.parent.insertBefore(respond, home.next);
      home = null;
    }
    if (focusBack && was) sec.items.get(was)?.querySelector<HTMLElement>(':scope > article .parley-reply')?.focus();
  }

  function clearErrors(): void {
    formError.textContent = '';
    for (const f of Object.keys(inputs) as Field[]) {
      errors[f].textContent = '';
      rows[f].classList.remove('parley-invalid');
      inputs[f].removeAttribute('aria-invalid');
      inputs[f].removeAttribute('aria-describedby');
    }
  }

  function showErrors(err: unknown): void {
    const fields = err instanceof ApiError ? err.body?.error.fields : undefined;
    let first: Field | null = null;
    for (const [name, f] of Object.entries(fields ?? {})) {
      if (!(name in inputs)) continue;
      const k = name as Field;
      errors[k].textContent = fieldText(sec, k, f);
      rows[k].classList.add('parley-invalid');
      inputs[k].setAttribute('aria-invalid', 'true');
      inputs[k].setAttribute('aria-describedby', errors[k].id);
      first ??= k;
    }
    formError.textContent = first ? t.fixErrors : errorText(sec, err);
    if (first) inputs[first].focus();
  }

  async function heldComment(id: string, view: string, fallback: PublicComment): Promise<PublicComment> {
    try {
      const page = await sec.api.get<ThreadPage>('api/v1/threads', { thread: sec.thread, viewToken: view });
      return findIn(page.comments, id) ?? fallback;
    } catch {
      return fallback;
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    clearErrors();
    const v = (f: Field) => inputs[f].value;
    const payload: Record<string, string> = { thread: sec.thread, name: v('name'), email: v('email'), body: v('body') };
    if (v('website').trim()) payload.website = v('website').trim();
    if (parent) payload.parent = parent;
    if (sec.title) payload.title = sec.title;
    if (formToken) payload.formToken = formToken;
    submit.disabled = true;
    submit.textContent = s.sending;
    try {
      const { body: res } = await sec.api.send<CreatedComment>('POST', 'api/v1/comments', payload);
      author.set(remember.checked ? { name: v('name'), email: v('email'), website: v('website') } : null);
      const until = Date.parse(res.editableUntil);
      own.set(res.id, {
        token: res.editToken,
        until,
        thread: sec.thread,
        source: v('body'),
        ...(res.viewToken ? { view: res.viewToken, viewUntil: Date.now() + 10 * 60_000 } : {}),
      });
      // Held: its author sees it through the view token; failing that, as the plain text they typed.
      const fallback: PublicComment = {
        id: res.id,
        parent,
        depth: 0,
        author: { name: v('name'), website: payload.website ?? null, avatar: '' },
        html: v('body')
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
      const c = res.comment ?? (await heldComment(res.id, res.viewToken ?? '', fallback));
      const wasParent = parent;
      inputs.body.value = '';
      cancelReply(false);
      // The live stream may have brought it first, without its author's controls.
      const li = sec.items.get(c.id);
      if (li) li.replaceWith(commentItem(sec, c));
      else {
        // Shown to its author at once, even before later pages are loaded.
        place(sec, { ...c, parent: wasParent }, false);
        if (!c.pending) setCount(sec, sec.count + 1);
      }
      focusComment(sec, c.id);
      announce(sec, c.pending ? t.heldNotice : t.publishedNotice);
    } catch (err) {
      showErrors(err);
    } finally {
      submit.disabled = false;
      submit.textContent = t.post;
    }
  });

  sec.reply = (id) => replyTo(id);
  if (prefill.parent) replyTo(prefill.parent, false);
  if (prefill.focus) queueMicrotask(() => inputs[prefill.focus!].focus());
  return respond;
}
