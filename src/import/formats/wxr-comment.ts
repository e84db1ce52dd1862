// A <wp:comment> of a WordPress export read into ImportItems (./wxr.ts reads the file and its
// items). WordPress's own fields and choices are described there; this file also takes what other
// generators of WXR (converters from other blog platforms, hand-written scripts) write:
// - an empty or missing wp:comment_id: the comment is keyed by its place among its item's
//   comments ("<thread>#3"), the same on every run over the same file; no reply can name it;
// - an id that is not a number (letters, digits, '.', '_', ':' or '-'), for a comment or a parent;
// - an empty or missing wp:comment_approved: the comment is approved (those files hold the
//   comments a blog showed), and an `unknown` says so;
// - a date in ISO form ("2010-09-20T13:19:10", with or without a final Z).
import type { CommentStatus } from '../../core/records.ts';
import type { ImportItem } from '../../core/import/source.ts';
import { clip, shown } from './json-source.ts';
import type { XmlRecord } from './xml-stream.ts';

export const STATUS: Readonly<Record<string, CommentStatus>> = {
  '1': 'approved',
  '0': 'pending',
  spam: 'spam',
  trash: 'deleted',
  'post-trashed': 'deleted',
};

/** The fields of a comment read into an ImportComment; the rest are `unknown`. */
const READ = new Set([
  'comment_id',
  'comment_author',
  'comment_author_email',
  'comment_author_url',
  'comment_author_IP',
  'comment_date',
  'comment_date_gmt',
  'comment_content',
  'comment_approved',
  'comment_type',
  'comment_parent',
]);

const BLOCK = /<(p|div|pre|blockquote|ul|ol|li|h[1-6]|table|figure|hr)[\s/>]/i;

/** WordPress's comment text as the HTML it shows: paragraphs and line breaks (see above). */
export function wpCommentHtml(text: string): string {
  const t = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
  if (!t || BLOCK.test(t)) return t;
  if (!t.includes('\n')) return `<p>${t}</p>`;
  return t
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.trim().replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** A MySQL datetime ("2026-03-02 09:12:00") as UTC ms; null when empty or zero; NaN when not a date. */
export function mysqlDate(v: string | undefined): number | null {
  const raw = v?.trim() ?? '';
  const t = raw.length === 20 && raw.endsWith('Z') ? raw.slice(0, 19) : raw;
  if (!t || t.startsWith('0000-00-00')) return null;
  // Read digit by digit: a million comments make a regex and its groups show in a profile.
  if (t.length !== 19 || (t[10] !== ' ' && t[10] !== 'T')) return Number.NaN;
  const n = (from: number, to: number) => {
    let x = 0;
    for (let i = from; i < to; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      x = x * 10 + d;
    }
    return x;
  };
  const [y, mo, d, h, mi, s] = [n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)];
  if (t[4] !== '-' || t[7] !== '-' || t[13] !== ':' || t[16] !== ':') return Number.NaN;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return Number.NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2026-02-31 over into March: a day the month does not have is not a date.
  return new Date(ms).getUTCDate() === d ? ms : Number.NaN;
}

/** The names of a comment's fields with the file's prefix, made once per file. */
export function commentFields(wp: string) {
  const name = (f: string) => `${wp}:${f}`;
  return {
    comment: name('comment'),
    id: name('comment_id'),
    author: name('comment_author'),
    email: name('comment_author_email'),
    url: name('comment_author_url'),
    ip: name('comment_author_IP'),
    agent: name('comment_agent'),
    date: name('comment_date'),
    dateGmt: name('comment_date_gmt'),
    content: name('comment_content'),
    approved: name('comment_approved'),
    type: name('comment_type'),
    parent: name('comment_parent'),
    userId: name('comment_user_id'),
    read: new Set([...READ, 'comment_agent'].map(name)),
  };
}

export type Fields = ReturnType<typeof commentFields>;

/** A comment id as WordPress (a number) or another generator writes it; '0' is WordPress's "none". */
const isId = (id: string) => id !== '0' && /^[\w.:-]{1,100}$/.test(id);

/** The items of one <wp:comment>: its thread's key, and its place among its item's comments (from 1). */
export function* commentItems(r: XmlRecord, f: Fields, threadKey: string, ordinal: number): Generator<ImportItem> {
  const at = `line ${r.line}, <${f.comment}>`;
  const v = (name: string) => r.values.get(name)?.trim() ?? '';
  const type = v(f.type);
  if (type && type !== 'comment') {
    yield { kind: 'unknown', field: `${f.type} ${clip(type)}`, at };
    return;
  }
  const id = v(f.id);
  if (id && !isId(id)) {
    yield { kind: 'invalid', message: `${f.id} ${shown(id)} is not a comment id`, at };
    return;
  }
  const key = id || `${threadKey}#${ordinal}`;
  const approved = v(f.approved);
  const status = approved ? (Object.hasOwn(STATUS, approved) ? STATUS[approved] : undefined) : 'approved';
  if (!status) {
    yield { kind: 'invalid', message: `${f.approved} ${shown(approved)} is not 1, 0, spam, trash or post-trashed`, at };
    return;
  }
  const parent = v(f.parent);
  if (parent && parent !== '0' && !isId(parent)) {
    yield { kind: 'invalid', message: `${f.parent} ${shown(parent)} is not a comment id`, at };
    return;
  }
  let dateField = f.dateGmt;
  let date = mysqlDate(v(dateField));
  if (date === null) {
    dateField = f.date;
    date = mysqlDate(v(dateField));
  }
  if (date === null || Number.isNaN(date)) {
    yield { kind: 'invalid', message: `${dateField} ${shown(v(dateField))} is not a date`, at };
    return;
  }
  const email = v(f.email);
  const website = v(f.url);
  yield {
    kind: 'comment',
    comment: {
      key,
      threadKey,
      parentKey: parent && parent !== '0' ? parent : null,
      createdAt: date,
      status,
      author: {
        name: v(f.author),
        email: email || null,
        website: website && website !== 'http://' ? website : null,
        sourceId: null,
      },
      body: { format: 'html', text: wpCommentHtml(r.values.get(f.content) ?? '') },
      ip: v(f.ip) || null,
      userAgent: v(f.agent) || null,
      at,
    },
  };
  if (dateField === f.date) yield { kind: 'unknown', field: `${f.dateGmt} empty: ${f.date} read as UTC`, at };
  if (!id) yield { kind: 'unknown', field: `${f.id} empty: keyed by its place in the <item>`, at };
  if (!approved) yield { kind: 'unknown', field: `${f.approved} empty: read as approved`, at };
  for (const child of r.children) {
    if (f.read.has(child)) continue;
    if (child === f.userId && (v(f.userId) === '0' || !v(f.userId))) continue;
    yield { kind: 'unknown', field: child, at };
  }
}
