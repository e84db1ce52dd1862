// The addresses mail servers refused for good, on the Email alerts screen, for everyone who
// moderates the site: nothing more is mailed to them (confirmations, replies, alerts) until a
// moderator clears one, say once the reader wrote that their mailbox works again.
import { api } from './api.ts';
import { h } from './dom.ts';
import { base, type Ctx, table } from './tool-context.ts';
import type { MailSuppression, MailSuppressionsReply } from '../src/contracts/admin-api.ts';

const when = (iso: string) => new Date(iso).toLocaleString();

async function load(ctx: Ctx, box: HTMLElement): Promise<void> {
  try {
    const r = await api<MailSuppressionsReply>('GET', `${base(ctx)}/mail/suppressions`);
    const clear = (s: MailSuppression) =>
      h(
        'button',
        { type: 'button', 'aria-label': `Clear ${s.email}`, onclick: () => void unsuppress(ctx, box, s) },
        'Clear',
      );
    box.replaceChildren(
      table(
        'Refused addresses',
        ['Address', 'Refusal', 'Since', ''],
        r.suppressions.map((s) => [s.email, s.reason, when(s.createdAt), clear(s)]),
      ),
    );
  } catch (e) {
    box.textContent = '';
    ctx.failed(e);
  }
}

async function unsuppress(ctx: Ctx, box: HTMLElement, s: MailSuppression): Promise<void> {
  try {
    await api('POST', `${base(ctx)}/mail/suppressions/clear`, { email: s.email });
    ctx.announce(`Cleared: mail may be sent to ${s.email} again.`);
    await load(ctx, box);
  } catch (e) {
    ctx.failed(e);
  }
}

export function suppressionsSection(ctx: Ctx): HTMLElement {
  const box = h('div', { class: 'results', 'data-result': 'suppressions' }, 'Loading…');
  void load(ctx, box);
  return h(
    'section',
    { 'aria-labelledby': 'suppressions-title' },
    h('h3', { id: 'suppressions-title' }, 'Refused addresses'),
    h(
      'p',
      { class: 'hint' },
      'Mail servers refused these addresses for good: nothing more is sent to them from this site. Clear one once its owner says it works again.',
    ),
    box,
  );
}
