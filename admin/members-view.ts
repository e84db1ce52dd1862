// The moderators screen (admins): who works on this site, their role, and since when; add
// someone by address and role, change a role, remove someone after a confirmation. The server
// answers the same whether an address has an account or is invited until it has one, so this
// screen shows no difference either. It refuses to leave a site without an admin (409
// LAST_ADMIN, in the catalog's words).
import { api } from './api.ts';
import { h } from './dom.ts';
import { clearErrors, formField, showFieldErrors } from './form-fields.ts';
import { base, table, type Ctx } from './tool-context.ts';
import type { Member, Role } from '../src/contracts/admin-api.ts';

const ROLE_NAMES: Record<Role, string> = { admin: 'Admin', moderator: 'Moderator' };

/** The screen's parts and what its buttons share. */
type Screen = {
  ctx: Ctx;
  path: string;
  listBox: HTMLElement;
  confirmBox: HTMLElement;
  load(): Promise<void>;
};

// Changing one's own role or access changes what this session may see.
const aboutMe = (sc: Screen, m: Member) => m.email === sc.ctx.user.email;
const memberPath = (sc: Screen, m: Member) => `${sc.path}/${encodeURIComponent(m.email)}`;

function memberButtons(sc: Screen, m: Member): HTMLElement {
  const other: Role = m.role === 'admin' ? 'moderator' : 'admin';
  const button = (what: string, label: string, attrs: Record<string, string>, onclick: () => void) =>
    h('button', { type: 'button', 'data-member': m.email, 'data-do': what, ...attrs, onclick }, label);
  return h(
    'div',
    { class: 'actions' },
    button('role', `Make ${other}`, { 'aria-label': `Make ${other}: ${m.email}` }, () => void setRole(sc, m, other)),
    button('remove', 'Remove…', { class: 'danger', 'aria-label': `Remove ${m.email}…` }, () => askRemove(sc, m)),
  );
}

async function loadMembers(sc: Screen): Promise<void> {
  try {
    const { members } = await api<{ members: Member[] }>('GET', sc.path);
    sc.listBox.replaceChildren(
      table(
        'People who moderate this site',
        ['Email', 'Role', 'Since', ''],
        members.map((m) => [
          h('span', {}, m.email, aboutMe(sc, m) ? ' (you)' : ''),
          ROLE_NAMES[m.role],
          new Date(m.since).toLocaleDateString(),
          memberButtons(sc, m),
        ]),
      ),
    );
  } catch (e) {
    sc.listBox.textContent = '';
    sc.ctx.failed(e);
  }
}

/** After a change: this session's own access is fetched again, or else the list. */
async function reloadAfter(sc: Screen, m: Member): Promise<void> {
  if (aboutMe(sc, m)) await sc.ctx.reloadSession();
  else await sc.load();
}

async function setRole(sc: Screen, m: Member, role: Role): Promise<void> {
  try {
    await api('PATCH', memberPath(sc, m), { role });
    sc.ctx.announce(`${m.email} is now ${role === 'admin' ? 'an admin' : 'a moderator'}.`);
    await reloadAfter(sc, m);
  } catch (e) {
    sc.ctx.failed(e);
  }
}

function closeConfirm(sc: Screen): void {
  sc.confirmBox.hidden = true;
  sc.confirmBox.replaceChildren();
}

function askRemove(sc: Screen, m: Member): void {
  const yes = h('button', { type: 'button', class: 'danger', onclick: () => void remove(sc, m) }, 'Yes, remove');
  const cancel = () => {
    closeConfirm(sc);
    sc.listBox.querySelector<HTMLElement>(`[data-member="${CSS.escape(m.email)}"][data-do="remove"]`)?.focus();
  };
  sc.confirmBox.replaceChildren(
    h(
      'p',
      { id: 'member-confirm-text' },
      `Remove ${m.email} from ${sc.ctx.site}? They can no longer moderate this site; an account of theirs stays.`,
    ),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-labelledby': 'member-confirm-text' },
      yes,
      h('button', { type: 'button', onclick: cancel }, 'Cancel'),
    ),
  );
  sc.confirmBox.hidden = false;
  yes.focus();
}

async function remove(sc: Screen, m: Member): Promise<void> {
  closeConfirm(sc);
  try {
    await api('DELETE', memberPath(sc, m));
    sc.ctx.announce(`Removed ${m.email} from this site.`);
    await reloadAfter(sc, m);
  } catch (e) {
    sc.ctx.failed(e);
  }
}

function addForm(sc: Screen): HTMLFormElement {
  const email = h('input', { type: 'email', autocomplete: 'off', required: true });
  const role = h(
    'select',
    {},
    h('option', { value: 'moderator' }, 'Moderator'),
    h('option', { value: 'admin' }, 'Admin'),
  );
  const fields = [
    formField(
      'member-email',
      'email',
      'Email',
      email,
      'Someone with an account at this address has access at once; anyone else gets it with the account the install’s operator creates. No email is sent yet: invitations by email come with notifications.',
    ),
    formField('member-role', 'role', 'Role', role),
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
    submit.disabled = true;
    try {
      await addMember(sc, { email: email.value.trim(), role: role.value }, form);
    } catch (e) {
      sc.ctx.failed(e);
      showFieldErrors(e, fields)?.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/**
 * The answer is the same whether the address has an account or not, and so is what it says:
 * one who has an account has access now; for one who has none, the install's operator makes it.
 */
async function addMember(sc: Screen, body: Record<string, string>, form: HTMLFormElement): Promise<void> {
  const { member } = await api<{ member: Member }>('POST', sc.path, body);
  form.reset();
  sc.ctx.announce(
    `Added ${member.email} as ${member.role === 'admin' ? 'an admin' : 'a moderator'}. If the address has an account, it has access now; if not, the install’s operator creates one with parley admin create.`,
  );
  await sc.load();
}

export function membersView(ctx: Ctx): HTMLElement {
  const sc: Screen = {
    ctx,
    path: `${base(ctx)}/members`,
    listBox: h('div', { class: 'results', 'data-result': 'members' }, 'Loading…'),
    confirmBox: h('div', { class: 'confirm', hidden: true }),
    load: () => loadMembers(sc),
  };
  void sc.load();
  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Moderators'),
    sc.listBox,
    sc.confirmBox,
    h('h3', { id: 'member-add-title' }, 'Add someone'),
    addForm(sc),
  );
}
