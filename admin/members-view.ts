// The moderators screen (admins): who works on this site, their role, and since when; add an
// account (a new one without a chosen password gets a generated one, shown here once), change
// a role, remove someone after a confirmation. The server refuses to leave a site without an
// admin (409 LAST_ADMIN, in the catalog's words).
import { api } from './api.ts';
import { h } from './dom.ts';
import { clearErrors, formField, showFieldErrors } from './form-fields.ts';
import { base, table, type Ctx } from './tool-context.ts';
import type { Member, Role } from '../src/contracts/admin-api.ts';

const ROLE_NAMES: Record<Role, string> = { admin: 'Admin', moderator: 'Moderator' };

export function membersView(ctx: Ctx): HTMLElement {
  const listBox = h('div', { class: 'results', 'data-result': 'members' }, 'Loading…');
  const confirmBox = h('div', { class: 'confirm', hidden: true });
  const secretBox = h('div', { 'data-result': 'password' });
  const path = `${base(ctx)}/members`;
  // Changing one's own role or access changes what this session may see.
  const aboutMe = (m: Member) => m.userId === ctx.user.id;

  const load = async (): Promise<void> => {
    try {
      const { members } = await api<{ members: Member[] }>('GET', path);
      listBox.replaceChildren(
        table(
          'People who moderate this site',
          ['Email', 'Role', 'Since', ''],
          members.map((m) => {
            const other: Role = m.role === 'admin' ? 'moderator' : 'admin';
            return [
              h('span', {}, m.email, aboutMe(m) ? ' (you)' : ''),
              ROLE_NAMES[m.role],
              new Date(m.since).toLocaleDateString(),
              h(
                'div',
                { class: 'actions' },
                h(
                  'button',
                  {
                    type: 'button',
                    'data-member': m.email,
                    'data-do': 'role',
                    'aria-label': `Make ${other}: ${m.email}`,
                    onclick: () => void setRole(m, other),
                  },
                  `Make ${other}`,
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    'data-member': m.email,
                    'data-do': 'remove',
                    'aria-label': `Remove ${m.email}…`,
                    onclick: () => askRemove(m),
                  },
                  'Remove…',
                ),
              ),
            ];
          }),
        ),
      );
    } catch (e) {
      listBox.textContent = '';
      ctx.failed(e);
    }
  };

  const setRole = async (m: Member, role: Role): Promise<void> => {
    try {
      await api('PATCH', `${path}/${encodeURIComponent(m.userId)}`, { role });
      ctx.announce(`${m.email} is now ${role === 'admin' ? 'an admin' : 'a moderator'}.`);
      if (aboutMe(m)) return void (await ctx.reloadSession());
      await load();
    } catch (e) {
      ctx.failed(e);
    }
  };

  const closeConfirm = () => {
    confirmBox.hidden = true;
    confirmBox.replaceChildren();
  };

  const askRemove = (m: Member): void => {
    const yes = h('button', { type: 'button', class: 'danger', onclick: () => void remove(m) }, 'Yes, remove');
    confirmBox.replaceChildren(
      h(
        'p',
        { id: 'member-confirm-text' },
        `Remove ${m.email} from ${ctx.site}? Their account stays; they can no longer moderate this site.`,
      ),
      h(
        'div',
        { class: 'actions', role: 'group', 'aria-labelledby': 'member-confirm-text' },
        yes,
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              closeConfirm();
              listBox.querySelector<HTMLElement>(`[data-member="${CSS.escape(m.email)}"][data-do="remove"]`)?.focus();
            },
          },
          'Cancel',
        ),
      ),
    );
    confirmBox.hidden = false;
    yes.focus();
  };

  const remove = async (m: Member): Promise<void> => {
    closeConfirm();
    try {
      await api('DELETE', `${path}/${encodeURIComponent(m.userId)}`);
      ctx.announce(`Removed ${m.email} from this site.`);
      if (aboutMe(m)) return void (await ctx.reloadSession());
      await load();
    } catch (e) {
      ctx.failed(e);
    }
  };

  const email = h('input', { type: 'email', autocomplete: 'off', required: true });
  const role = h(
    'select',
    {},
    h('option', { value: 'moderator' }, 'Moderator'),
    h('option', { value: 'admin' }, 'Admin'),
  );
  const password = h('input', { type: 'password', autocomplete: 'new-password' });
  const fields = [
    formField('member-email', 'email', 'Email', email),
    formField('member-role', 'role', 'Role', role),
    formField(
      'member-password',
      'password',
      'Password (optional)',
      password,
      'For a new account only. Empty: one is generated and shown once. An existing account keeps its password.',
    ),
  ];
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add');
  const form = h(
    'form',
    { class: 'tool-form', 'aria-labelledby': 'member-add-title', novalidate: true },
    fields.map((f) => f.row),
    submit,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(fields);
    secretBox.replaceChildren();
    submit.disabled = true;
    const body: Record<string, string> = { email: email.value.trim(), role: role.value };
    if (password.value) body.password = password.value;
    try {
      const { member, temporaryPassword } = await api<{ member: Member; temporaryPassword?: string }>(
        'POST',
        path,
        body,
      );
      form.reset();
      if (temporaryPassword) showPassword(member, temporaryPassword);
      ctx.announce(
        `Added ${member.email} as ${member.role === 'admin' ? 'an admin' : 'a moderator'}.${temporaryPassword ? ' Their temporary password is shown once below.' : ''}`,
      );
      await load();
    } catch (e) {
      ctx.failed(e);
      showFieldErrors(e, fields)?.focus();
    } finally {
      submit.disabled = false;
    }
  });

  const showPassword = (m: Member, secret: string): void => {
    const note = h(
      'div',
      { class: 'secret', tabindex: -1, 'aria-labelledby': 'member-password-title' },
      h('h4', { id: 'member-password-title' }, `Temporary password for ${m.email}`),
      h('p', {}, h('code', { class: 'password' }, secret)),
      h(
        'p',
        {},
        'Shown only this once: it is not stored readably anywhere. Hand it over in person or through a channel you trust (not the same email).',
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            secretBox.replaceChildren();
            email.focus();
          },
        },
        'Done, hide it',
      ),
    );
    secretBox.replaceChildren(note);
    note.focus();
  };

  void load();
  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Moderators'),
    listBox,
    confirmBox,
    h('h3', { id: 'member-add-title' }, 'Add someone'),
    form,
    secretBox,
  );
}
