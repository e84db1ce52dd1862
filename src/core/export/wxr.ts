// The export as WordPress eXtended RSS 1.2, the file WordPress's own export_wp() writes and its
// importer (Tools → Import → WordPress) reads: one <item> per thread, a post, with the thread's
// comments as <wp:comment> children. WXR has no place for settings, bans, reports or the audit
// log: those records are passed over (the parley format keeps them).
//
// Choices where Parley and WordPress differ:
// - comment_content is the HTML readers were shown, not the Markdown source: WordPress renders
//   no Markdown (it would show the asterisks), and our HTML (p, a, em, strong, code, pre,
//   blockquote, lists) is what its comment_text() displays as it is.
// - Ids are numbers in WordPress: posts and comments are numbered 1, 2, 3… in file order, and
//   our ids go along as post and comment meta (parley_thread_key, parley_comment_id).
// - comment_type is 'comment', as WordPress writes it since 5.5 (older versions wrote '').
// - Parley keeps no time zone for a site: local times are written as UTC.
// - comment_author_IP is empty: Parley never has the address.
import type { CommentRecord, ExportHeader, ExportRecord, ThreadRecord } from '../../contracts/parley-export.ts';
import { cdata, xmlText } from './xml.ts';

const APPROVED: Record<CommentRecord['status'], string> = {
  approved: '1',
  pending: '0',
  spam: 'spam',
  deleted: 'trash',
};

/** "2026-11-30 09:00:00", WordPress's MySQL datetime. */
const wpDate = (iso: string) => iso.slice(0, 19).replace('T', ' ');
/** RFC 822 with a numeric zone, as WordPress writes pubDate. */
const rssDate = (iso: string) => new Date(iso).toUTCString().replace('GMT', '+0000');

/** WordPress's post_name: the last path segment of the article's address, as a slug. */
function slugOf(thread: ThreadRecord): string {
  let last = thread.key;
  try {
    last = new URL(thread.url ?? thread.key).pathname.split('/').filter(Boolean).pop() ?? '';
  } catch {
    // An explicit key, not a URL: the key itself.
  }
  return last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}

function channelOpen(h: ExportHeader): string {
  const link = h.site.origins[0] ?? '';
  return (
    '<?xml version="1.0" encoding="UTF-8" ?>\n' +
    '<!-- A WordPress eXtended RSS file written by Parley: the threads and comments of one site. -->\n' +
    "<!-- It holds commenters' email addresses: personal data, keep it as such. -->\n" +
    '<rss version="2.0"\n' +
    '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n' +
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n' +
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n' +
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n' +
    '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n<channel>\n' +
    `\t<title>${xmlText(h.site.name)}</title>\n` +
    `\t<link>${xmlText(link)}</link>\n` +
    '\t<description></description>\n' +
    `\t<pubDate>${rssDate(h.exportedAt)}</pubDate>\n` +
    `\t<language>${xmlText(h.site.lang)}</language>\n` +
    '\t<wp:wxr_version>1.2</wp:wxr_version>\n' +
    `\t<wp:base_site_url>${xmlText(link)}</wp:base_site_url>\n` +
    `\t<wp:base_blog_url>${xmlText(link)}</wp:base_blog_url>\n\n` +
    '\t<generator>Parley</generator>\n'
  );
}

function itemOpen(t: ThreadRecord, postId: number): string {
  const date = wpDate(t.createdAt);
  const meta = (key: string, value: string) =>
    `\t\t<wp:postmeta>\n\t\t<wp:meta_key>${cdata(key)}</wp:meta_key>\n` +
    `\t\t<wp:meta_value>${cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n`;
  return (
    '\t<item>\n' +
    `\t\t<title>${cdata(t.title ?? t.key)}</title>\n` +
    `\t\t<link>${xmlText(t.url ?? '')}</link>\n` +
    `\t\t<pubDate>${rssDate(t.createdAt)}</pubDate>\n` +
    `\t\t<dc:creator>${cdata('')}</dc:creator>\n` +
    `\t\t<guid isPermaLink="false">${xmlText(t.url ?? t.key)}</guid>\n` +
    '\t\t<description></description>\n' +
    `\t\t<content:encoded>${cdata('')}</content:encoded>\n` +
    `\t\t<excerpt:encoded>${cdata('')}</excerpt:encoded>\n` +
    `\t\t<wp:post_id>${postId}</wp:post_id>\n` +
    `\t\t<wp:post_date>${cdata(date)}</wp:post_date>\n` +
    `\t\t<wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>\n` +
    `\t\t<wp:post_modified>${cdata(date)}</wp:post_modified>\n` +
    `\t\t<wp:post_modified_gmt>${cdata(date)}</wp:post_modified_gmt>\n` +
    `\t\t<wp:comment_status>${cdata(t.closed ? 'closed' : 'open')}</wp:comment_status>\n` +
    `\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>\n` +
    `\t\t<wp:post_name>${cdata(slugOf(t))}</wp:post_name>\n` +
    `\t\t<wp:status>${cdata('publish')}</wp:status>\n` +
    '\t\t<wp:post_parent>0</wp:post_parent>\n' +
    '\t\t<wp:menu_order>0</wp:menu_order>\n' +
    `\t\t<wp:post_type>${cdata('post')}</wp:post_type>\n` +
    `\t\t<wp:post_password>${cdata('')}</wp:post_password>\n` +
    '\t\t<wp:is_sticky>0</wp:is_sticky>\n' +
    meta('parley_thread_key', t.key)
  );
}

function comment(c: CommentRecord, id: number, parent: number): string {
  const date = wpDate(c.createdAt);
  return (
    '\t\t<wp:comment>\n' +
    `\t\t\t<wp:comment_id>${id}</wp:comment_id>\n` +
    `\t\t\t<wp:comment_author>${cdata(c.author.name)}</wp:comment_author>\n` +
    `\t\t\t<wp:comment_author_email>${cdata(c.author.email)}</wp:comment_author_email>\n` +
    `\t\t\t<wp:comment_author_url>${xmlText(c.author.website ?? '')}</wp:comment_author_url>\n` +
    `\t\t\t<wp:comment_author_IP>${cdata('')}</wp:comment_author_IP>\n` +
    `\t\t\t<wp:comment_date>${cdata(date)}</wp:comment_date>\n` +
    `\t\t\t<wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt>\n` +
    `\t\t\t<wp:comment_content>${cdata(c.html)}</wp:comment_content>\n` +
    `\t\t\t<wp:comment_approved>${cdata(APPROVED[c.status])}</wp:comment_approved>\n` +
    `\t\t\t<wp:comment_type>${cdata('comment')}</wp:comment_type>\n` +
    `\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>\n` +
    '\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n' +
    `\t\t\t<wp:commentmeta>\n\t\t\t<wp:meta_key>${cdata('parley_comment_id')}</wp:meta_key>\n` +
    `\t\t\t<wp:meta_value>${cdata(c.id)}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n` +
    '\t\t</wp:comment>\n'
  );
}

/** The WXR document, piece by piece, from the export's header and records. */
export async function* wxrDocument(header: ExportHeader, records: AsyncIterable<ExportRecord>): AsyncGenerator<string> {
  yield channelOpen(header);
  let postId = 0;
  let commentId = 0;
  let open = false;
  // Our comment ids → their numbers, for comment_parent: one thread's worth at a time.
  let numbers = new Map<string, number>();
  for await (const r of records) {
    if (r.type === 'thread') {
      if (open) yield '\t</item>\n';
      open = true;
      numbers = new Map();
      yield itemOpen(r, ++postId);
    } else if (r.type === 'comment' && open) {
      numbers.set(r.id, ++commentId);
      yield comment(r, commentId, r.parent ? (numbers.get(r.parent) ?? 0) : 0);
    }
  }
  if (open) yield '\t</item>\n';
  yield '</channel>\n</rss>\n';
}
