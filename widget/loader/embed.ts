// embed.js: the only script a host page includes. It stays tiny and does no work until a
// comment section comes near the viewport; then it loads the widget (one request, cached for
// a year under its content hash) and mounts it. Hosts: <div data-parley-thread="URL"> or
// <parley-comments thread="URL">; a server-rendered section carries data-parley-thread too.
import type { WidgetApi } from '../app/main.ts';

declare const __PARLEY_WIDGET__: string;

type Host = HTMLElement & { _parley?: 1 };
type ParleyWindow = Window & { ParleyWidget?: WidgetApi; _parleyLoader?: 1 };

const w = window as ParleyWindow;
const script = document.currentScript as HTMLScriptElement | null;

if (script && !w._parleyLoader) {
  w._parleyLoader = 1;
  // The widget and the API live beside this script, wherever the host page put it.
  const base = new URL('.', script.src).href;
  let loading: Promise<WidgetApi> | undefined;
  const load = (): Promise<WidgetApi> =>
    (loading ??= new Promise((resolve, reject) => {
      const s = document.createElement('script');
      const src = `${base}widget/${__PARLEY_WIDGET__}`;
      // Pages enforcing Trusted Types allow this policy by name; it vouches for one URL only.
      let policy: { createScriptURL(u: string): string } | undefined;
      try {
        policy = (
          w as unknown as { trustedTypes?: { createPolicy(n: string, p: object): typeof policy } }
        ).trustedTypes?.createPolicy('parley-loader', {
          createScriptURL: (u: string) => {
            if (u !== src) throw new TypeError('parley-loader: unexpected URL');
            return u;
          },
        });
      } catch {
        // the page does not allow the policy: plain strings, which such a page then refuses
      }
      s.src = policy ? policy.createScriptURL(src) : src;
      s.async = true;
      // A nonce-based CSP allows only scripts carrying the page's nonce: pass ours on.
      if (script.nonce) s.nonce = script.nonce;
      s.onload = () => (w.ParleyWidget ? resolve(w.ParleyWidget) : reject(new Error('parley: widget did not start')));
      s.onerror = () => {
        loading = undefined;
        reject(new Error('parley: widget could not be loaded'));
      };
      document.head.appendChild(s);
    }));
  const mount = (el: Host) =>
    void load().then(
      (api) => api.mount(el, base),
      (err) => console.warn(err),
    );
  // Start loading a little before the section scrolls into view, so it is ready when seen.
  const io =
    'IntersectionObserver' in w
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              if (!e.isIntersecting) continue;
              io!.unobserve(e.target);
              mount(e.target as Host);
            }
          },
          { rootMargin: '600px 0px' },
        )
      : null;
  const watch = (el: Host) => {
    if (el._parley) return;
    el._parley = 1;
    io ? io.observe(el) : mount(el);
  };
  const scan = () => document.querySelectorAll<Host>('[data-parley-thread]').forEach(watch);
  scan();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  if (!customElements.get('parley-comments')) {
    customElements.define(
      'parley-comments',
      class extends HTMLElement {
        connectedCallback() {
          watch(this);
        }
      },
    );
  }
}
