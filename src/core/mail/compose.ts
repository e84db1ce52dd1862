// What each kind of notification email says, as plain text and HTML. The HTML has no images,
// no scripts and no tracking: links to the site, and a reply's text as the thread shows it
// (the stored, sanitized HTML of the same renderer). No other reader's address or network
// appears: only authors' display names. The HTML part is a fragment made only of what our own
// comment sanitizer keeps unchanged (p, br, a with our rel, strong, em, blockquote, ul, li), so
// sanitizing it is a no-op (compose.test.ts): no styles, no <hr>, no document wrapper, which
// mail clients supply themselves (the part's charset is in its Content-Type).
import type { Language } from '../../contracts/messages.ts';
import type { CommentRow, ThreadRow } from '../records.ts';
import { MAIL_STRINGS } from './mail-strings.ts';
import { manageToken, unsubscribeToken } from './mail-tokens.ts';

export type Composed = { subject: string; text: string; html: string; headers: Record<string, string> };
export type MailSite = { id: string; name: string; lang: Language };
export type LinkBase = { publicUrl: string; key: string };

export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HTML of a sanitized comment as plain text, for the text part. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|blockquote|pre|h\d)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The rel the sanitizer gives every link (LINK_REL in src/render/url.ts; core may not import render). */
const LINK_REL = 'nofollow ugc noopener';

/**
 * A link as the sanitizer writes one: the URL parser's serialization of an http(s) URL as its
 * href, our rel; the label alone for anything else. compose.test.ts holds the two together.
 */
export function anchor(url: string, label: string): string {
  let href: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return esc(label);
    href = u.href;
  } catch {
    return esc(label);
  }
  return `<a href="${esc(href)}" rel="${LINK_REL}">${esc(label)}</a>`;
}

/** The footer paragraph: a "--" line as in the text part, then its lines. */
export function footerHtml(lines: string[]): string {
  return `<p>--<br>${lines.join('<br>')}</p>`;
}

export function commentLink(base: string, siteId: string, thread: ThreadRow, commentId: string): string {
  const url =
    thread.url ?? `${base}/comments?thread=${encodeURIComponent(thread.key)}&site=${encodeURIComponent(siteId)}`;
  return `${url}#comment-${commentId}`;
}

/** The footer links of every email, and the RFC 8058 headers that make one-click unsubscribe work. */
function footer(site: MailSite, links: LinkBase, addressId: string, threadId: string | null) {
  const t = MAIL_STRINGS[site.lang];
  const unsubscribe = `${links.publicUrl}/mail/unsubscribe?t=${unsubscribeToken(links.key, addressId, threadId)}`;
  const manage = `${links.publicUrl}/mail/manage?t=${manageToken(links.key, addressId)}`;
  const label = threadId ? t.unsubscribe : t.unsubscribeAll;
  return {
    text: `--\n${t.footer(site.name)}\n${label}: ${unsubscribe}\n${t.manage}: ${manage}\n`,
    html: footerHtml([esc(t.footer(site.name)), `${anchor(unsubscribe, label)} · ${anchor(manage, t.manage)}`]),
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': site.lang,
    },
  };
}

export function composeConfirm(site: MailSite, links: LinkBase, addressId: string, token: string): Composed {
  const t = MAIL_STRINGS[site.lang];
  const url = `${links.publicUrl}/mail/confirm?t=${token}`;
  const f = footer(site, links, addressId, null);
  return {
    subject: t.confirmSubject(site.name),
    text: `${t.confirmIntro(site.name)}\n\n${t.confirmAction}: ${url}\n\n${t.confirmIgnore}\n\n${f.text}`,
    html:
      `<p>${esc(t.confirmIntro(site.name))}</p><p>${anchor(url, t.confirmAction)}</p>` +
      `<p>${esc(t.confirmIgnore)}</p>${f.html}`,
    headers: f.headers,
  };
}

export type Notified = { comment: CommentRow; toMe: boolean };

/** One reply, or several as a digest, in one thread. */
export function composeReplies(
  site: MailSite,
  links: LinkBase,
  addressId: string,
  thread: ThreadRow,
  items: Notified[],
): Composed {
  const t = MAIL_STRINGS[site.lang];
  const title = thread.title ?? site.name;
  const f = footer(site, links, addressId, thread.id);
  const text: string[] = [];
  const html: string[] = [];
  for (const { comment, toMe } of items) {
    const intro = toMe ? t.replyIntro(comment.author_name) : t.threadIntro(comment.author_name);
    const link = commentLink(links.publicUrl, site.id, thread, comment.id);
    text.push(`${intro}\n\n${htmlToText(comment.body_html)}\n\n${t.viewComment}: ${link}\n`);
    html.push(
      `<p><strong>${esc(intro)}</strong></p><blockquote>${comment.body_html}</blockquote>` +
        `<p>${anchor(link, t.viewComment)}</p>`,
    );
  }
  return {
    subject: items.length === 1 ? t.replySubject(title) : t.digestSubject(items.length, title),
    text: `${text.join('\n')}\n${f.text}`,
    html: `${html.join('')}${f.html}`,
    headers: f.headers,
  };
}

export function composeTest(lang: Language): Composed {
  const t = MAIL_STRINGS[lang];
  return {
    subject: t.testSubject,
    text: t.testBody,
    html: `<p>${esc(t.testBody)}</p>`,
    headers: { 'Content-Language': lang },
  };
}
