// The widget: mounts a comment section in a shadow root on a host element. Where the server
// already rendered the section into the host, its light DOM is kept (for search engines and
// for readers without JavaScript) and the widget takes over the same box with the same
// measurements, carrying over anything the reader had typed.
import type { PublicComment, ThreadPage } from '../../src/contracts/api.ts';
import strings from 'parley:strings';
import { UI } from '../../src/contracts/ui-strings.ts';
import type { Language } from '../../src/contracts/messages.ts';
import type { WidgetStrings } from '../i18n/types.ts';
import { api } from './api.ts';
import { h } from './dom.ts';
import { liveStream } from './live.ts';
import { replyForm, type Prefill } from './form.ts';
import { catalogLanguage, errorText, setCount, type Section } from './section.ts';
import { own } from './storage.ts';
import { applyStyles } from './styles.ts';
import { arrived, commentItem, focusComment, olderButton } from './thread.ts';

export type WidgetApi = { mount(host: HTMLElement, base: string): Promise<void> };

function pickStrings(host: HTMLElement): { code: string; s: WidgetStrings & { ui: NonNullable<WidgetStrings['ui']> } } {
  const tag = (
    host.getAttribute('lang') ||
    host.closest('[lang]')?.getAttribute('lang') ||
    document.documentElement.lang ||
    'en'
  ).toLowerCase();
  const has = (k: string) => Object.hasOwn(strings, k);
  const code = has(tag) ? tag : has(tag.split('-')[0]) ? tag.split('-')[0] : 'en';
  return { code, s: { ...strings[code], ui: strings[code].ui ?? UI[code as Language] ?? UI.en } };
}

function threadOf(host: HTMLElement): string {
  const given = host.getAttribute('thread') || host.dataset.parleyThread;
  if (given) return given;
  const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]');
  return canonical?.href || location.href.split('#')[0];
}

/** What the server-rendered form holds: the reader may have started typing before we came. */
function lightForm(host: HTMLElement): Prefill & { title?: string; site?: string; notice?: string } {
  const form = host.querySelector<HTMLFormElement>('form.parley-form');
  if (!form) return {};
  const val = (n: string) => (form.elements.namedItem(n) as HTMLInputElement | null)?.value || undefined;
  const active = document.activeElement as HTMLInputElement | null;
  const focus =
    active && form.contains(active) && ['name', 'email', 'website', 'body'].includes(active.name)
      ? (active.name as Prefill['focus'])
      : undefined;
  return {
    name: val('name'),
    email: val('email'),
    website: val('website'),
    body: val('body'),
    formToken: val('formToken'),
    parent: val('parent'),
    title: val('title'),
    site: val('site'),
    notice: host.querySelector('.parley-notice')?.textContent ?? undefined,
    focus,
  };
}

async function mount(host: HTMLElement, base: string, retry?: ShadowRoot): Promise<void> {
  if (host.shadowRoot && !retry) return;
  const { code, s } = pickStrings(host);
  const light = lightForm(host);
  const enhancing = !!host.querySelector('.parley-list, .parley-empty, form.parley-form');
  const site = host.dataset.parleySite || light.site || null;
  const client = api(base, site);
  const thread = threadOf(host);
  const query = new URLSearchParams(location.search);
  const view = (enhancing && query.get('preview')) || own.viewToken(thread);

  const sec = {
    host,
    base,
    api: client,
    thread,
    title: host.dataset.parleyTitle || light.title || null,
    s,
    lang: catalogLanguage(code),
    items: new Map(),
    data: new Map(),
    reply: () => {},
  } as unknown as Section;

  let page: ThreadPage;
  try {
    page = await client.get<ThreadPage>('api/v1/threads', {
      thread,
      viewToken: view,
      cursor: enhancing ? query.get('cpage') : null,
    });
  } catch (err) {
    // The server-rendered section stays as it is; an empty host says why, with a way to retry.
    if (enhancing) return;
    const root = retry ?? host.attachShadow({ mode: 'open' });
    const again = h('button', { type: 'button', class: 'parley-link' }, s.retry);
    again.addEventListener('click', () => void mount(host, base, root));
    root.replaceChildren();
    applyStyles(root);
    root.append(h('p', { role: 'alert' }, `${s.loadFailed} ${errorText(sec, err)} `, again));
    return;
  }

  sec.closed = page.thread.closed;
  sec.nextCursor = page.nextCursor;
  sec.heading = h('h2', { id: 'parley-count' });
  sec.live = h('div', { class: 'parley-sr', role: 'status', 'aria-live': 'polite' });
  sec.list = h('ol', { class: 'parley-list' });
  setCount(sec, page.thread.count);
  for (const c of page.comments) sec.list.append(commentItem(sec, c));

  // A server-rendered section is already the labelled region; a bare host gets one.
  const wrap = h(
    enhancing ? 'div' : 'section',
    enhancing ? { class: 'parley-widget' } : { class: 'parley-widget', 'aria-labelledby': 'parley-count' },
  );
  wrap.lang = code;
  wrap.append(sec.heading);
  if (light.notice) wrap.append(h('p', { class: 'parley-notice' }, light.notice));
  wrap.append(sec.live, page.comments.length ? '' : h('p', { class: 'parley-empty' }, s.ui.noComments), sec.list);
  if (page.nextCursor) wrap.append(olderButton(sec));
  wrap.append(sec.closed ? h('p', { class: 'parley-closed' }, s.ui.closed) : replyForm(sec, light));

  // One synchronous swap: the light DOM stops rendering in the same frame the shadow tree starts.
  const root = retry ?? host.attachShadow({ mode: 'open' });
  sec.root = root;
  root.replaceChildren();
  applyStyles(root);
  root.append(wrap);

  const hash = /^#comment-([0-9A-Za-z]+)$/.exec(location.hash);
  if (hash && !enhancing && sec.items.has(hash[1])) focusComment(sec, hash[1]);

  if (typeof EventSource === 'function') {
    liveStream(client.url('api/v1/stream', { thread }), {
      comment(data) {
        try {
          arrived(sec, JSON.parse(data) as PublicComment);
        } catch {
          // a malformed event is skipped; the next page load shows the thread as stored
        }
      },
    });
  }
}

(window as unknown as { ParleyWidget: WidgetApi }).ParleyWidget = { mount };
