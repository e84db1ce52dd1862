// The email alerts screen, for everyone who moderates the site: how they hear of comments held
// by the filter and of readers' reports (never, one email each, an hourly or a daily digest),
// their own choice for this site. When the server sends no email the screen says so and why.
// Admins also find "Send a test email" here: one email at once, with the relay's answer shown;
// everyone, the addresses mail servers refused for good, to clear (./suppressions-view.ts).
import { api } from './api.ts';
import { h } from './dom.ts';
import { clearErrors, formField, showFieldErrors } from './form-fields.ts';
import { suppressionsSection } from './suppressions-view.ts';
import { base, type Ctx } from './tool-context.ts';
import type { AlertFrequency, AlertSettings, TestMailReply } from '../src/contracts/admin-api.ts';

const FREQUENCIES: [AlertFrequency, string][] = [
  ['never', 'Never'],
  ['immediately', 'One email for each'],
  ['hourly', 'An hourly digest'],
  ['daily', 'A daily digest (midnight UTC)'],
];

const UNAVAILABLE =
  'Email alerts are unavailable: this server sends no email. An operator sets PARLEY_SMTP_URL and PARLEY_MAIL_FROM to turn mail on.';

function choice(): HTMLSelectElement {
  return h(
    'select',
    {},
    FREQUENCIES.map(([value, label]) => h('option', { value }, label)),
  );
}

function settingsForm(ctx: Ctx, s: AlertSettings): HTMLElement {
  const held = formField('alerts-held', 'held', 'Comments held for review', choice());
  const reports = formField('alerts-reports', 'reports', 'Comments readers report', choice());
  const fields = [held, reports];
  (held.control as HTMLSelectElement).value = s.held;
  (reports.control as HTMLSelectElement).value = s.reports;
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save alerts');
  if (!s.mailConfigured) for (const c of [held.control, reports.control, save]) c.setAttribute('disabled', '');
  const form = h(
    'form',
    { class: 'tool-form', 'aria-label': 'Email alerts for this site', novalidate: true },
    s.mailConfigured ? null : h('p', { class: 'notice', id: 'alerts-unavailable' }, UNAVAILABLE),
    h('p', { class: 'hint' }, 'Your own alerts for this site, sent to your account’s address.'),
    fields.map((f) => f.row),
    save,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const saved = await api<AlertSettings>('PATCH', `${base(ctx)}/alerts`, {
        held: held.control.value,
        reports: reports.control.value,
      });
      clearErrors(fields);
      const words = (f: string) => FREQUENCIES.find(([v]) => v === f)?.[1].toLowerCase() ?? f;
      ctx.announce(`Email alerts saved: held comments, ${words(saved.held)}; reports, ${words(saved.reports)}.`);
    } catch (e) {
      showFieldErrors(e, fields)?.focus();
      ctx.failed(e);
    }
  });
  return form;
}

function testMailForm(ctx: Ctx, mailConfigured: boolean): HTMLElement {
  const to = formField(
    'test-mail-to',
    'to',
    'Send to',
    h('input', { type: 'email', placeholder: ctx.user.email }),
    'Empty: your own address.',
  );
  const answer = h('p', { class: 'results', id: 'test-mail-answer', role: 'status' });
  const send = h('button', { type: 'submit' }, 'Send a test email');
  if (!mailConfigured) for (const c of [to.control, send]) c.setAttribute('disabled', '');
  const form = h(
    'form',
    { class: 'tool-form', 'aria-label': 'Send a test email', novalidate: true },
    h('h3', {}, 'Send a test email'),
    to.row,
    send,
    answer,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    answer.textContent = 'Sending…';
    try {
      const value = to.control.value.trim();
      const r = await api<TestMailReply>('POST', `${base(ctx)}/mail/test`, value ? { to: value } : {});
      clearErrors([to]);
      answer.textContent = `${r.ok ? `Sent to ${r.to}.` : `Not sent to ${r.to}.`} The relay answered: ${r.response}`;
      ctx.announce(r.ok ? 'Test email sent.' : 'The relay refused the test email.');
    } catch (e) {
      answer.textContent = '';
      showFieldErrors(e, [to])?.focus();
      ctx.failed(e);
    }
  });
  return form;
}

export function alertsView(ctx: Ctx): HTMLElement {
  const box = h('div', { class: 'results' }, 'Loading…');
  void (async () => {
    try {
      const s = await api<AlertSettings>('GET', `${base(ctx)}/alerts`);
      box.replaceChildren(
        settingsForm(ctx, s),
        ctx.role === 'admin' ? testMailForm(ctx, s.mailConfigured) : '',
        suppressionsSection(ctx),
      );
    } catch (e) {
      box.textContent = '';
      ctx.failed(e);
    }
  })();
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Email alerts'), box);
}
