// The server-rendered comment section: the thread, paging links and the classic form that
// works without JavaScript. Everything a commenter wrote is escaped here, except comment
// bodies, which were rendered and sanitized once, at write time.
import type { PublicComment, ThreadPage } from '../../contracts/api.ts';
import type { FieldError } from '../../contracts/error-codes.ts';
import type { Language } from '../../contracts/messages.ts';
import { UI, type UiStrings } from '../../contracts/ui-strings.ts';
import { escapeHtml as e } from '../../render/escape.ts';

export type FormState = {
  values: Partial<Record<'name' | 'email' | 'website' | 'body' | 'notify' | 'notifyScope', string>>;
  errors: Record<string, FieldError>;
  formError?: string;
};

export type SectionOptions = {
  page: ThreadPage;
  lang: Language;
  /** The page this section is on, where links and the form return to. */
  pagePath: string;
  thread: string;
  siteId: string;
  formToken: string;
  replyTo?: PublicComment | null;
  form?: FormState;
  notice?: 'held' | 'published' | null;
  previewToken?: string | null;
  /** The article's title, stored with the thread when the first comment creates it. */
  title?: string | null;
  /** Offer reply emails (mail is configured); the box starts unticked. */
  notify?: boolean;
};

function websiteSafe(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function withQuery(path: string, params: Record<string, string | undefined>, hash = ''): string {
  const [base, query = ''] = path.split('?');
  const sp = new URLSearchParams(query);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) sp.delete(k);
    else sp.set(k, v);
  }
  const qs = sp.toString();
  return `${base}${qs ? `?${qs}` : ''}${hash}`;
}

// One formatter per language: building one per comment cost ~50 µs each.
const formatters = new Map<Language, Intl.DateTimeFormat>();
function formatDate(iso: string, lang: Language): string {
  let f = formatters.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    formatters.set(lang, f);
  }
  return `${f.format(new Date(iso))} UTC`;
}

// Drawn with CSS from the avatar seed (a per-site keyed hash of the email): no image request
// per comment, which kept long pages slow in browsers (each SVG is a document of its own).
function avatar(seed: string, name: string): string {
  const hue = parseInt(seed.slice(0, 2), 16) % 12;
  const initial = [...name.trim()][0]?.toLocaleUpperCase() ?? '?';
  return `<span class="parley-avatar parley-av${hue}" aria-hidden="true">${e(initial)}</span>`;
}

function commentHtml(c: PublicComment, o: SectionOptions): string {
  const t = UI[o.lang];
  const when = formatDate(c.createdAt, o.lang);
  let article: string;
  if (c.deleted || c.hidden || !c.author) {
    article = `<article class="parley-comment parley-removed"><p>${e(c.hidden ? t.hidden : t.removed)}</p></article>`;
  } else {
    const site = websiteSafe(c.author.website);
    const name = site
      ? `<a class="parley-author" href="${e(site)}" rel="nofollow ugc noopener">${e(c.author.name)}</a>`
      : `<b class="parley-author">${e(c.author.name)}</b>`;
    article =
      `<article class="parley-comment${c.pending ? ' parley-pending' : ''}">` +
      `<header>${avatar(c.author.avatar, c.author.name)} ${name} ` +
      (c.moderator ? `<span class="parley-badge">${e(t.moderator)}</span> ` : '') +
      (c.pinned ? `<span class="parley-badge parley-pinned">${e(t.pinned)}</span> ` : '') +
      `<a class="parley-time" href="#comment-${e(c.id)}" title="${e(t.permalink)}"><time datetime="${e(c.createdAt)}">${e(when)}</time></a>` +
      (c.editedByModerator
        ? ` <span class="parley-edited">(${e(t.editedByModerator)})</span>`
        : c.editedAt
          ? ` <span class="parley-edited">(${e(t.edited)})</span>`
          : '') +
      `</header>` +
      (c.pending ? `<p class="parley-awaiting" role="status">${e(t.awaitingModeration)}</p>` : '') +
      `<div class="parley-body">${c.html ?? ''}</div>` +
      (c.pending || o.page.thread.closed
        ? ''
        : `<footer><a class="parley-reply" href="${e(withQuery(o.pagePath, { replyto: c.id }, '#respond'))}" aria-label="${e(`${t.reply}: ${c.author.name}`)}">${e(t.reply)}</a></footer>`) +
      `</article>`;
  }
  const children = c.replies.length
    ? `<ol class="parley-children">${c.replies.map((r) => commentHtml(r, o)).join('')}</ol>`
    : '';
  const more = c.moreReplies
    ? `<p class="parley-more-replies"><a href="/comments/replies?comment=${e(c.id)}&amp;cursor=${e(c.moreReplies)}&amp;site=${e(o.siteId)}">${e(t.moreReplies)}</a></p>`
    : '';
  return `<li id="comment-${e(c.id)}" class="parley-item">${article}${children}${more}</li>`;
}

function field(
  o: SectionOptions,
  name: 'name' | 'email' | 'website',
  label: string,
  type: string,
  required: boolean,
  autocomplete: string,
  max: number,
): string {
  const err = o.form?.errors[name];
  const id = `parley-${name}`;
  return (
    `<p class="parley-field${err ? ' parley-invalid' : ''}"><label for="${id}">${e(label)}${required ? ' <span class="required" aria-hidden="true">*</span>' : ''}</label>` +
    `<input id="${id}" name="${name}" type="${type}" maxlength="${max}" autocomplete="${autocomplete}"${required ? ' required aria-required="true"' : ''}` +
    ` value="${e(o.form?.values[name] ?? '')}"${err ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}>` +
    (err ? `<span class="parley-error" id="${id}-error">${e(err.message)}</span>` : '') +
    `</p>`
  );
}

export function renderThreadSection(o: SectionOptions): string {
  const t = UI[o.lang];
  const { page } = o;
  const list = page.comments.length
    ? `<ol class="parley-list">${page.comments.map((c) => commentHtml(c, o)).join('')}</ol>`
    : `<p class="parley-empty">${e(t.noComments)}</p>`;
  const older = page.nextCursor
    ? `<p class="parley-older"><a href="${e(withQuery(o.pagePath, { cpage: page.nextCursor, replyto: undefined }, '#comments'))}">${e(t.olderComments)}</a></p>`
    : '';
  const notice =
    o.notice === 'held'
      ? `<p class="parley-notice" role="status">${e(t.heldNotice)}</p>`
      : o.notice === 'published'
        ? `<p class="parley-notice" role="status">${e(t.publishedNotice)}</p>`
        : '';
  const bodyErr = o.form?.errors.body;
  const formErrors =
    o.form && (Object.keys(o.form.errors).length || o.form.formError)
      ? `<div class="parley-form-error" role="alert"><p>${e(o.form.formError ?? t.fixErrors)}</p></div>`
      : '';
  const replyTo = o.replyTo?.author
    ? `<p class="parley-replying">${e(t.replyTo)} <a href="#comment-${e(o.replyTo.id)}">${e(o.replyTo.author.name)}</a> · <a href="${e(withQuery(o.pagePath, { replyto: undefined }, '#respond'))}">${e(t.cancelReply)}</a></p>`
    : '';
  const form = page.thread.closed
    ? `<p class="parley-closed">${e(t.closed)}</p>`
    : `<div id="respond" class="parley-respond"><h3 id="reply-title">${e(t.leaveReply)}</h3>${replyTo}${formErrors}` +
      `<form class="parley-form" method="post" action="/comments" novalidate>` +
      `<p class="parley-notes">${e(t.notPublished)} ${e(t.requiredMarked)} <span class="required" aria-hidden="true">*</span><span class="parley-sr">*</span></p>` +
      field(o, 'name', t.name, 'text', true, 'name', 245) +
      field(o, 'email', t.email, 'email', true, 'email', 100) +
      field(o, 'website', t.website, 'url', false, 'url', 200) +
      `<p class="parley-field${bodyErr ? ' parley-invalid' : ''}"><label for="parley-body">${e(t.comment)} <span class="required" aria-hidden="true">*</span></label>` +
      `<textarea id="parley-body" name="body" rows="7" required aria-required="true"${bodyErr ? ' aria-invalid="true" aria-describedby="parley-body-error"' : ''}>${e(o.form?.values.body ?? '')}</textarea>` +
      (bodyErr ? `<span class="parley-error" id="parley-body-error">${e(bodyErr.message)}</span>` : '') +
      `</p>` +
      (o.notify ? notifyBox(o.form, t) : '') +
      // Hidden from people (and from assistive technology); bots fill it in.
      `<p class="parley-hp" aria-hidden="true"><label>Leave this empty <input name="hp_website" tabindex="-1" autocomplete="off"></label></p>` +
      `<input type="hidden" name="thread" value="${e(o.thread)}">` +
      `<input type="hidden" name="site" value="${e(o.siteId)}">` +
      (o.title ? `<input type="hidden" name="title" value="${e(o.title)}">` : '') +
      `<input type="hidden" name="return" value="${e(o.pagePath.split('?')[0])}">` +
      `<input type="hidden" name="formToken" value="${e(o.formToken)}">` +
      (o.replyTo ? `<input type="hidden" name="parent" value="${e(o.replyTo.id)}">` : '') +
      `<p><button type="submit" class="parley-submit">${e(t.post)}</button></p>` +
      `<p class="parley-privacy"><a href="/privacy">${e(t.privacyLink)}</a></p>` +
      `</form></div>`;
  return (
    `<section class="parley" id="comments" lang="${o.lang}" aria-labelledby="parley-count" data-parley-thread="${e(page.thread.key)}">` +
    `<h2 id="parley-count">${e(t.comments(page.thread.count))}</h2>${notice}${list}${older}${form}</section>`
  );
}

/**
 * The reply-email box, unticked, and what it asks for: replies to the comment (checked) or
 * everything new in the thread. Without JavaScript both choices stay visible; the server
 * reads the choice only when the box is ticked.
 */
function notifyBox(form: FormState | undefined, t: UiStrings): string {
  const thread = form?.values.notifyScope === 'thread';
  const radio = (value: string, checked: boolean, label: string) =>
    `<input type="radio" id="parley-notify-${value}" name="notifyScope" value="${value}"${checked ? ' checked' : ''}>` +
    `<label for="parley-notify-${value}">${e(label)}</label> `;
  return (
    `<p class="parley-check"><input type="checkbox" id="parley-notify" name="notify" value="replies"${form?.values.notify ? ' checked' : ''}>` +
    `<label for="parley-notify">${e(t.notifyReplies)}</label></p>` +
    `<p class="parley-check parley-notify-scope">` +
    radio('replies', !thread, t.notifyScopeReplies) +
    radio('thread', thread, t.notifyScopeThread) +
    `</p>`
  );
}

export function findComment(list: PublicComment[], id: string): PublicComment | null {
  for (const c of list) {
    if (c.id === id) return c;
    const inner = findComment(c.replies, id);
    if (inner) return inner;
  }
  return null;
}
