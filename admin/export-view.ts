// Export, for a site's admins: everything the site has as one file, downloaded by the browser
// straight from the API (a link, not a fetch: the file may be large, and the browser writes it
// to disk as it arrives instead of holding it in this page's memory).
import { h } from './dom.ts';
import { field, type Ctx } from './tool-context.ts';

const FORMATS = [
  {
    value: 'parley',
    label: 'Parley (JSON Lines): everything',
    help:
      'Threads with their state, every comment with its status and history, reports, bans, settings ' +
      'and the audit log: what another Parley reads back.',
  },
  {
    value: 'wxr',
    label: 'WordPress (WXR 1.2): threads and comments',
    help: 'One post per article with its comments, for Tools → Import → WordPress and the services that read it.',
  },
] as const;

const hrefFor = (ctx: Ctx, format: string) =>
  `/admin/api/sites/${encodeURIComponent(ctx.site)}/export?format=${encodeURIComponent(format)}`;

export function exportView(ctx: Ctx): HTMLElement {
  const select = h(
    'select',
    { name: 'format' },
    FORMATS.map((f) => h('option', { value: f.value }, f.label)),
  );
  const format = field('export-format', 'Format', select);
  const about = h('p', { class: 'help', id: 'export-format-help' }, FORMATS[0].help);
  select.setAttribute('aria-describedby', 'export-format-help');
  const link = h(
    'a',
    {
      href: hrefFor(ctx, 'parley'),
      download: '',
      class: 'download',
      onclick: () => ctx.announce('Export started: your browser saves the file as it arrives.'),
    },
    'Export comments',
  );
  select.addEventListener('change', () => {
    link.setAttribute('href', hrefFor(ctx, select.value));
    about.textContent = FORMATS.find((f) => f.value === select.value)?.help ?? '';
  });
  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Export'),
    h(
      'p',
      { class: 'help' },
      'Everything this site has, as one file: for moving to another system, or a copy of your own. ',
      h('strong', {}, 'The file holds every commenter’s email address: personal data, to be kept and shared as such.'),
      ' No IP address is in it (Parley never keeps one). Each export is recorded in the audit log.',
    ),
    h('div', { class: 'tool-form' }, format.row, about, h('p', {}, link)),
  );
}
