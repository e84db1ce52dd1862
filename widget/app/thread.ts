// The comment list: rendering, paging ("show more", "show more replies"), comments arriving
// live, and the author's own edit and delete within the edit window.
import type { PublicComment, RepliesPage, ThreadPage } from '../../src/contracts/api.ts';
import { h, keepScroll, safeHtml } from './dom.ts';
import { own } from './storage.ts';
import { announce, errorText, fieldText, setCount, type Section } from './section.ts';
import { ApiError } from './api.ts';

const dates = new Map<string, Intl.DateTimeFormat>();
function when(sec: Section, iso: string): string {
  let f = dates.get(sec.s.locale);
  if (!f) {
    f = new Intl.DateTimeFormat(sec.s.locale, { dateStyle: 'medium', timeStyle: 'short' });
    dates.set(sec.s.locale, f);
  }
  return f.format(new Date(iso));
}

function safeWebsite(url: string | null): string | null {
  try {
    const u = new URL(url ?? '');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Moves focus to a comment (made focusable for that moment only). */
export function focusComment(sec: Section, id: string): void {
  const art = sec.items.get(id)?.querySelector<HTMLElement>(':scope > article');
  if (!art) return;
  art.tabIndex = -1;
  art.focus({ preventScroll: true });
  art.scrollIntoView({ block: 'nearest' });
}

function article(sec: Section, c: PublicComment): HTMLElement {
  const t = sec.s.ui;
  if (c.deleted || c.hidden || !c.author)
    return h('article', { class: 'parley-comment parley-removed' }, h('p', {}, c.hidden ? t.hidden : t.removed));
  const a = c.author;
  const site = safeWebsite(a.website);
  const hue = parseInt(a.avatar.slice(0, 2), 16) % 12 || 0;
  const initial = [...a.name.trim()][0]?.toLocaleUpperCase() ?? '?';
  const footer = h('footer');
  if (!c.pending && !sec.closed) {
    footer.append(
      h(
        'button',
        {
          type: 'button',
          class: 'parley-link parley-reply',
          'aria-label': `${t.reply}: ${a.name}`,
          onclick: () => sec.reply(c.id),
        },
        t.reply,
      ),
    );
  }
  const art = h(
    'article',
    { class: `parley-comment${c.pending ? ' parley-pending' : ''}` },
    h(
      'header',
      {},
      h('span', { class: `parley-avatar parley-av${hue}`, 'aria-hidden': 'true' }, initial),
      ' ',
      site
        ? h('a', { class: 'parley-author', href: site, rel: 'nofollow ugc noopener' }, a.name)
        : h('b', { class: 'parley-author' }, a.name),
      ' ',
      c.moderator ? h('span', { class: 'parley-badge' }, t.moderator) : null,
      c.moderator ? ' ' : null,
      c.pinned ? h('span', { class: 'parley-badge parley-pinned' }, t.pinned) : null,
      c.pinned ? ' ' : null,
      h(
        'a',
        {
          class: 'parley-time',
          href: `${location.href.split('#')[0]}#comment-${c.id}`,
          title: t.permalink,
          // The comment lives in a shadow root, where the browser's own #fragment scrolling does not look.
          onclick: (e: Event) => {
            e.preventDefault();
            history.replaceState(history.state, '', `#comment-${c.id}`);
            focusComment(sec, c.id);
          },
        },
        h('time', { datetime: c.createdAt, title: c.createdAt }, when(sec, c.createdAt)),
      ),
      c.editedByModerator
        ? h('span', { class: 'parley-edited' }, ` (${t.editedByModerator})`)
        : c.editedAt
          ? h('span', { class: 'parley-edited' }, ` (${t.edited})`)
          : null,
    ),
    c.pending ? h('p', { class: 'parley-awaiting' }, t.awaitingModeration) : null,
    h('div', { class: 'parley-body' }, safeHtml(c.html ?? '')),
    footer,
  );
  ownControls(sec, c.id, footer);
  return art;
}

export function commentItem(sec: Section, c: PublicComment, fresh = false): HTMLLIElement {
  sec.data.set(c.id, c);
  const li = h('li', { id: `comment-${c.id}`, class: `parley-item${fresh ? ' parley-new' : ''}` }, article(sec, c));
  if (c.replies.length)
    li.append(h('ol', { class: 'parley-children' }, ...c.replies.map((r) => commentItem(sec, r, fresh))));
  sec.items.set(c.id, li);
  if (c.moreReplies) li.append(moreReplies(sec, c.id, c.moreReplies));
  return li;
}

function childList(li: HTMLLIElement): HTMLOListElement {
  let ol = li.querySelector<HTMLOListElement>(':scope > ol.parley-children');
  if (!ol) {
    ol = h('ol', { class: 'parley-children' });
    const more = li.querySelector(':scope > .parley-more-replies');
    li.insertBefore(ol, more);
  }
  return ol;
}

/** Adds a comment where it belongs, once; false when its place is not on screen (yet). */
export function place(sec: Section, c: PublicComment, fresh: boolean): boolean {
  if (sec.items.has(c.id)) return false;
  if (!c.parent) {
    // Oldest first: a new top-level comment belongs after the last page, which may not be loaded.
    if (fresh && sec.nextCursor) return false;
    sec.list.append(commentItem(sec, c, fresh));
    sec.root.querySelector('.parley-empty')?.remove();
    return true;
  }
  const parent = sec.items.get(c.parent);
  if (!parent) return false;
  childList(parent).append(commentItem(sec, c, fresh));
  return true;
}

/**
 * A "show more" link: disabled while its page loads, gone when nothing more follows; the first
 * new comment takes the focus (the link itself may be gone). `load` places the page's comments
 * and returns those added and whether more follow.
 */
function moreButton(
  sec: Section,
  label: string,
  cls: string,
  load: () => Promise<{ added: PublicComment[]; more: boolean }>,
): HTMLElement {
  const button = h('button', { type: 'button', class: 'parley-link' }, label);
  const p = h('p', { class: cls }, button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { added, more } = await load();
      if (!more) p.remove();
      if (added[0]) focusComment(sec, added[0].id);
    } catch (err) {
      announce(sec, errorText(sec, err));
    } finally {
      button.disabled = false;
    }
  });
  return p;
}

function moreReplies(sec: Section, rootId: string, cursor: string): HTMLElement {
  let next: string | null = cursor;
  return moreButton(sec, sec.s.ui.moreReplies, 'parley-more-replies', async () => {
    const page = await sec.api.get<RepliesPage>('api/v1/replies', { comment: rootId, cursor: next });
    next = page.nextCursor;
    return {
      added: page.comments.filter((c) =>
        place(sec, { ...c, parent: sec.items.has(c.parent ?? '') ? c.parent : rootId }, false),
      ),
      more: !!next,
    };
  });
}

export function olderButton(sec: Section): HTMLElement {
  return moreButton(sec, sec.s.ui.olderComments, 'parley-older', async () => {
    const page = await sec.api.get<ThreadPage>('api/v1/threads', { thread: sec.thread, cursor: sec.nextCursor });
    sec.nextCursor = page.nextCursor;
    return { added: page.comments.filter((c) => place(sec, c, false)), more: !!sec.nextCursor };
  });
}

/** A comment published elsewhere, from the live stream: added without moving the reader. */
export function arrived(sec: Section, c: PublicComment): void {
  if (sec.items.has(c.id)) return;
  keepScroll(sec.root, () => {
    place(sec, c, true);
    setCount(sec, sec.count + 1);
  });
}

// Edit and delete: offered while this browser holds the comment's edit token and its window is open.
function ownControls(sec: Section, id: string, footer: HTMLElement): void {
  const mine = own.get(id);
  if (!mine) return;
  const t = sec.s;
  const edit = h('button', { type: 'button', class: 'parley-link', onclick: () => startEdit(sec, id) }, t.edit);
  const del = h(
    'button',
    { type: 'button', class: 'parley-link', onclick: () => confirmRemove(sec, id, footer, del) },
    t.remove,
  );
  footer.append(edit, del);
  setTimeout(
    () => {
      edit.remove();
      del.remove();
    },
    Math.min(mine.until - Date.now(), 2 ** 31 - 1),
  );
}

/** Re-renders a comment's own article (after an edit, or once its edit token is known). */
export function refresh(sec: Section, c: PublicComment): void {
  const li = sec.items.get(c.id);
  if (!li) return;
  const old = sec.data.get(c.id);
  const next = { ...c, replies: old?.replies ?? [], pending: c.pending };
  sec.data.set(c.id, next);
  li.querySelector(':scope > article')?.replaceWith(article(sec, next));
}

function confirmRemove(sec: Section, id: string, footer: HTMLElement, del: HTMLButtonElement): void {
  const t = sec.s;
  const saved = Array.from(footer.childNodes);
  const restore = () => {
    footer.replaceChildren(...saved);
    del.focus();
  };
  const yes = h('button', { type: 'button', class: 'parley-link' }, t.confirmRemove);
  const no = h('button', { type: 'button', class: 'parley-link', onclick: restore }, t.cancel);
  yes.addEventListener('click', async () => {
    const mine = own.get(id);
    try {
      await sec.api.send('DELETE', `api/v1/comments/${encodeURIComponent(id)}`, undefined, {
        'x-parley-edit-token': mine?.token ?? '',
      });
      own.forget(id);
      const li = sec.items.get(id)!;
      const wasPublished = !sec.data.get(id)?.pending;
      if (li.querySelector(':scope > ol li'))
        li.querySelector(':scope > article')!.replaceWith(
          h('article', { class: 'parley-comment parley-removed' }, h('p', {}, sec.s.ui.removed)),
        );
      else {
        li.remove();
        sec.items.delete(id);
      }
      if (wasPublished) setCount(sec, sec.count - 1);
      sec.heading.tabIndex = -1;
      sec.heading.focus();
      announce(sec, t.removedNotice);
    } catch (err) {
      restore();
      announce(sec, errorText(sec, err));
    }
  });
  footer.replaceChildren(yes, no);
  yes.focus();
}

function startEdit(sec: Section, id: string): void {
  const li = sec.items.get(id)!;
  const art = li.querySelector<HTMLElement>(':scope > article')!;
  const body = art.querySelector<HTMLElement>('.parley-body')!;
  const footer = art.querySelector('footer')!;
  const mine = own.get(id);
  if (!mine) return;
  const t = sec.s;
  const field = `parley-edit-${id}`;
  const error = h('span', { class: 'parley-error', id: `${field}-error` });
  const area = h('textarea', { id: field, rows: 5, required: true, 'aria-required': 'true' });
  area.value = mine.source || body.textContent || '';
  const done = (focusEdit: boolean) => {
    form.remove();
    body.hidden = false;
    footer.hidden = false;
    if (focusEdit) footer.querySelector<HTMLElement>('button:nth-last-child(2)')?.focus();
  };
  const form = h(
    'form',
    { class: 'parley-edit', novalidate: true },
    h('p', { class: 'parley-field' }, h('label', { for: field }, t.editLabel), area, error),
    h(
      'p',
      {},
      h('button', { type: 'submit', class: 'parley-submit' }, t.save),
      ' ',
      h('button', { type: 'button', class: 'parley-link', onclick: () => done(true) }, t.cancel),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const current = own.get(id);
    try {
      const res = await sec.api.send<{ comment: PublicComment }>(
        'PATCH',
        `api/v1/comments/${encodeURIComponent(id)}`,
        { body: area.value },
        { 'x-parley-edit-token': current?.token ?? '' },
      );
      if (current) own.set(id, { ...current, source: area.value });
      refresh(sec, { ...res.body.comment, pending: res.body.comment.pending ?? sec.data.get(id)?.pending });
      focusComment(sec, id);
      announce(sec, t.savedNotice);
    } catch (err) {
      const f = err instanceof ApiError ? err.body?.error.fields?.body : undefined;
      error.textContent = f ? fieldText(sec, 'body', f) : errorText(sec, err);
      area.setAttribute('aria-invalid', 'true');
      area.setAttribute('aria-describedby', error.id);
      area.focus();
    }
  });
  body.hidden = true;
  footer.hidden = true;
  body.after(form);
  area.focus();
}
