// The sign-in screen: email and password, the catalog's message on a refusal (and each
// field's own message next to it), the focus where the moderator has to type next.
import { api, ApiError } from './api.ts';
import { h } from './dom.ts';
import type { Session } from '../src/contracts/admin-api.ts';

function fieldRow(
  id: string,
  label: string,
  type: string,
  autocomplete: string,
): { row: HTMLElement; input: HTMLInputElement; error: HTMLElement } {
  const input = h('input', {
    id,
    name: id.replace('login-', ''),
    type,
    autocomplete,
    required: true,
    'aria-describedby': `${id}-error`,
  });
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  return { row: h('div', { class: 'field' }, h('label', { for: id }, label), input, error), input, error };
}

/** Shows the sign-in form in `root`; a good password hands the new session to `signedIn`. */
export function loginView(root: HTMLElement, signedIn: (session: Session) => void): void {
  document.title = 'Sign in · Parley moderation';
  const email = fieldRow('login-email', 'Email', 'email', 'username');
  const password = fieldRow('login-password', 'Password', 'password', 'current-password');
  const formError = h('p', { id: 'login-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login', novalidate: true, 'aria-labelledby': 'login-title' },
    email.row,
    password.row,
    formError,
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const el of [email.error, password.error, formError]) el.textContent = '';
    for (const el of [email.input, password.input]) el.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const session = await api<Session>('POST', '/login', {
        email: email.input.value,
        password: password.input.value,
      });
      signedIn(session);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('INTERNAL', 0);
      let focused = false;
      for (const [name, f] of [
        ['email', email],
        ['password', password],
      ] as const) {
        const msg = err.field(name);
        if (!msg) continue;
        f.error.textContent = msg;
        f.input.setAttribute('aria-invalid', 'true');
        if (!focused) f.input.focus();
        focused = true;
      }
      formError.textContent = err.message;
      if (!focused) password.input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(h('main', { class: 'login-page' }, h('h1', { id: 'login-title' }, 'Parley moderation'), form));
  email.input.focus();
}
