// A few DOM helpers. Nothing a commenter wrote is ever assigned to innerHTML: names and
// texts become text nodes, and comment bodies go through safeHtml().

type Attr = string | number | boolean | null | undefined | ((e: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: (Node | string | null | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v != null) el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== false) el.append(c);
  return el;
}

const KEEP = new Set(['p', 'br', 'a', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'del']);
// Elements whose content is not reader-visible text: dropped whole rather than unwrapped.
const DROP = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'textarea',
  'title',
  'select',
  'head',
]);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

type Policy = { createHTML(s: string): string };
let policy: Policy | null | undefined;

function trusted(html: string): string {
  // Pages that enforce Trusted Types may allow a policy named "parley". Its output is only ever
  // parsed into an inert <template> and copied through the allowlist below.
  if (policy === undefined) {
    try {
      const tt = (window as unknown as { trustedTypes?: { createPolicy(n: string, p: Policy): Policy } }).trustedTypes;
      policy = tt ? tt.createPolicy('parley', { createHTML: (s) => s }) : null;
    } catch {
      policy = null;
    }
  }
  return policy ? (policy.createHTML(html) as string) : html;
}

function safeHref(href: string | null): string | null {
  if (!href) return null;
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

function copy(from: Node, to: Node): void {
  for (const n of Array.from(from.childNodes)) {
    if (n.nodeType === 3) to.appendChild(document.createTextNode((n as Text).data));
    if (n.nodeType !== 1) continue;
    const src = n as Element;
    const tag = src.localName;
    if (src.namespaceURI !== HTML_NS || DROP.has(tag)) continue;
    if (!KEEP.has(tag)) {
      copy(src, to);
      continue;
    }
    const el = document.createElement(tag);
    if (tag === 'a') {
      const href = safeHref(src.getAttribute('href'));
      if (href) el.setAttribute('href', href);
      el.setAttribute('rel', 'nofollow ugc noopener');
    }
    const start = src.getAttribute('start');
    if (tag === 'ol' && start && /^\d{1,9}$/.test(start)) el.setAttribute('start', start);
    copy(src, el);
    to.appendChild(el);
  }
}

/**
 * Comment HTML was sanitized by the server when the comment was written; the widget checks it
 * again against the same allowlist so that it never relies on one layer alone. Parsing happens
 * in an inert template: no script runs and no image loads while it is read.
 */
export function safeHtml(html: string): DocumentFragment {
  const t = document.createElement('template');
  const out = document.createDocumentFragment();
  try {
    t.innerHTML = trusted(html);
  } catch {
    // Trusted Types enforced without our policy allowed: the words, without their formatting.
    out.append(
      html
        .replace(/<[^>]*>/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    );
    return out;
  }
  copy(t.content, out);
  return out;
}

/** Runs a DOM change without moving what the reader is looking at (Safari has no scroll anchoring). */
export function keepScroll(scope: ParentNode, change: () => void): void {
  let anchor: Element | undefined;
  let top = 0;
  for (const el of Array.from(scope.querySelectorAll('article, .parley-respond'))) {
    const r = el.getBoundingClientRect();
    if (r.bottom > 0 && r.top < innerHeight && r.height) {
      anchor = el;
      top = r.top;
      break;
    }
  }
  change();
  if (!anchor?.isConnected) return;
  const moved = anchor.getBoundingClientRect().top - top;
  if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
}
