// The sites screen (admins): the caller's sites, this site's name, allowed origins and
// language, and a form to create a site (its creator becomes its admin; the session is fetched
// again so the site picker offers it).
import { api } from './api.ts';
import { h } from './dom.ts';
import { clearErrors, formField, lines, showFieldErrors, type FormField } from './form-fields.ts';
import { table, type Ctx } from './tool-context.ts';
import type { SiteWithRole } from '../src/contracts/admin-api.ts';
import { LANGUAGES, type Language } from '../src/contracts/messages.ts';

type Site = SiteWithRole;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', ru: 'Русский' };
const ORIGINS_HINT = 'The pages that may show the comments, one per line: https://news.example.com. Empty: any.';

type SiteForm = {
  form: HTMLFormElement;
  fields: FormField[];
  values(): { name: string; origins: string[]; lang: string };
};

function siteForm(
  prefix: string,
  label: string,
  submit: string,
  site: Site | null,
  onSubmit: (form: SiteForm) => Promise<void>,
): SiteForm {
  const name = h('input', {
    type: 'text',
    required: true,
    maxlength: 100,
    autocomplete: 'off',
    value: site?.name ?? '',
  });
  const origins = h('textarea', { rows: 3, spellcheck: false });
  origins.value = site?.origins.join('\n') ?? '';
  const lang = h(
    'select',
    {},
    LANGUAGES.map((l) => h('option', { value: l, selected: l === (site?.lang ?? 'en') }, LANGUAGE_NAMES[l])),
  );
  const fields = [
    formField(`${prefix}-name`, 'name', 'Name', name),
    formField(`${prefix}-origins`, 'origins', 'Allowed origins', origins, ORIGINS_HINT),
    formField(`${prefix}-lang`, 'lang', 'Language', lang, 'The widget’s and the messages’ language.'),
  ];
  const button = h('button', { type: 'submit', class: 'primary' }, submit);
  const form = h(
    'form',
    { class: 'tool-form site-form', 'aria-label': label, novalidate: true },
    fields.map((f) => f.row),
    h('div', { class: 'form-actions' }, button),
  );
  const self: SiteForm = {
    form,
    fields,
    values: () => ({ name: name.value.trim(), origins: lines(origins.value), lang: lang.value }),
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(fields);
    button.disabled = true;
    try {
      await onSubmit(self);
    } finally {
      button.disabled = false;
    }
  });
  return self;
}

export function sitesView(ctx: Ctx): HTMLElement {
  const listBox = h('div', { class: 'results', 'data-result': 'sites' }, 'Loading…');
  const editBox = h('div', { 'data-result': 'this-site' });
  const created = h('div', { class: 'results', 'data-result': 'created' });

  const refused = (e: unknown, f: SiteForm) => {
    ctx.failed(e);
    showFieldErrors(e, f.fields)?.focus();
  };

  const load = async (): Promise<void> => {
    try {
      const { sites } = await api<{ sites: Site[] }>('GET', '/sites');
      listBox.replaceChildren(
        table(
          'Your sites',
          ['Name', 'Allowed origins', 'Language', 'Your role', ''],
          sites.map((s) => [
            h('span', {}, s.name, s.isDefault ? h('span', { class: 'badge' }, 'Default') : null),
            s.origins.length ? s.origins.join(', ') : 'any',
            LANGUAGE_NAMES[s.lang] ?? s.lang,
            s.role,
            s.id === ctx.site
              ? h('span', { class: 'current' }, 'This site')
              : h(
                  'button',
                  { type: 'button', 'aria-label': `Switch to ${s.name}`, onclick: () => ctx.switchSite(s.id) },
                  'Switch to',
                ),
          ]),
        ),
      );
      const here = sites.find((s) => s.id === ctx.site);
      if (here && !editBox.hasChildNodes()) {
        const edit = siteForm('site', `Edit ${here.name}`, 'Save site', here, async (f) => {
          try {
            const { site } = await api<{ site: Site }>('PATCH', `/sites/${encodeURIComponent(ctx.site)}`, f.values());
            ctx.announce(`Saved ${site.name}.`);
            await Promise.all([load(), ctx.reloadSession()]);
          } catch (e) {
            refused(e, f);
          }
        });
        editBox.replaceChildren(
          h('h3', { id: 'site-edit-title' }, 'This site'),
          h('p', { class: 'help' }, `Id ${here.id}: the widget’s data-site attribute.`),
          edit.form,
        );
      }
    } catch (e) {
      listBox.textContent = '';
      ctx.failed(e);
    }
  };

  const add = siteForm('new-site', 'Create a site', 'Create site', null, async (f) => {
    try {
      const { site } = await api<{ site: Site }>('POST', '/sites', f.values());
      f.form.reset();
      await Promise.all([load(), ctx.reloadSession()]);
      created.replaceChildren(
        h(
          'p',
          {},
          `Created ${site.name} (id ${site.id}); you are its admin. `,
          h('button', { type: 'button', onclick: () => ctx.switchSite(site.id) }, `Switch to ${site.name}`),
        ),
      );
      ctx.announce(`Created the site ${site.name}; you are its admin.`);
    } catch (e) {
      refused(e, f);
    }
  });

  void load();
  return h(
    'section',
    { 'aria-labelledby': 'tool-title' },
    h('h2', { id: 'tool-title' }, 'Sites'),
    listBox,
    editBox,
    h('h3', { id: 'site-new-title' }, 'Create a site'),
    add.form,
    created,
  );
}
