// Everything a site has, as a stream of records (src/contracts/parley-export.ts), read page by
// page: memory stays bounded by a page whatever the size of the site, so the dashboard can
// stream a newsroom's ten years of comments to a browser and the CLI to a file.
//
// Not a snapshot: a comment posted while the export runs may or may not be in it. `parley
// backup` is the consistent copy of an install; an export is the site's data in a form other
// software (and another Parley) can read.
import {
  type AuditRecord,
  type BanRecord,
  type CommentRecord,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type EndRecord,
  type ExportHeader,
  type ExportRecord,
  type ReportRecord,
  type ThreadRecord,
} from '../../contracts/parley-export.ts';
import type { Clock } from '../clock.ts';
import type {
  AuditRow,
  BanRow,
  CommentRow,
  ExportCursor,
  ReportRow,
  SiteExportStore,
  SiteRow,
  ThreadRow,
} from '../ports.ts';

/** Rows read per query: small enough for any page to sit in memory, large enough to keep round trips few. */
export const EXPORT_PAGE_SIZE = 500;

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));

export type SiteExport = {
  readonly site: SiteRow;
  readonly header: ExportHeader;
  /** The records after the header, the end record last; read once. */
  records(): AsyncGenerator<ExportRecord>;
};

const PERSONAL_DATA =
  "Personal data: commenters' names, email addresses and websites. Keep and share this file as you would the database.";

const RECORD_KINDS: ExportHeader['records'] = ['setting', 'thread', 'comment', 'report', 'ban', 'audit', 'end'];

/** The site's export, or null when there is no such site. Nothing is read past the site until records() runs. */
export async function openSiteExport(
  deps: { store: SiteExportStore; clock: Clock; pageSize?: number },
  siteId: string,
): Promise<SiteExport | null> {
  const site = await deps.store.getSite(siteId);
  if (!site) return null;
  const now = deps.clock.now();
  const pageSize = deps.pageSize ?? EXPORT_PAGE_SIZE;
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    site: { id: site.id, name: site.name, origins: site.origins, lang: site.lang, createdAt: iso(site.created_at) },
    exportedAt: iso(now),
    notice: PERSONAL_DATA,
    records: RECORD_KINDS,
  };
  return { site, header, records: () => siteRecords(deps.store, site, now, pageSize) };
}

async function* siteRecords(
  store: SiteExportStore,
  site: SiteRow,
  now: number,
  pageSize: number,
): AsyncGenerator<ExportRecord> {
  const counts: EndRecord['counts'] = {};
  const counted = <R extends Exclude<ExportRecord, EndRecord>>(r: R): R => {
    counts[r.type] = (counts[r.type] ?? 0) + 1;
    return r;
  };
  for (const [key, value] of Object.entries(site.settings)) yield counted({ type: 'setting', key, value });
  for await (const r of threadsAndComments(store, site.id, pageSize)) yield counted(r);
  // Bans in force are few (the spam checks hold them all in memory): read in one query.
  for (const b of await store.activeBans(site.id, now)) yield counted(banRecord(b));
  let before: string | null = null;
  for (;;) {
    const page = await store.listAudit(site.id, before, pageSize);
    for (const a of page) yield counted(auditRecord(a));
    if (page.length < pageSize) break;
    before = page[page.length - 1].id;
  }
  yield { type: 'end', counts };
}

async function* threadsAndComments(
  store: SiteExportStore,
  siteId: string,
  pageSize: number,
): AsyncGenerator<ThreadRecord | CommentRecord | ReportRecord> {
  let after: string | null = null;
  for (;;) {
    const threads = await store.exportThreads(siteId, after, pageSize);
    for (const t of threads) {
      yield threadRecord(t);
      yield* commentsOf(store, t.id, pageSize);
    }
    if (threads.length < pageSize) return;
    after = threads[threads.length - 1].id;
  }
}

async function* commentsOf(
  store: SiteExportStore,
  threadId: string,
  pageSize: number,
): AsyncGenerator<CommentRecord | ReportRecord> {
  let after: ExportCursor | null = null;
  for (;;) {
    const rows = await store.exportComments(threadId, after, pageSize);
    for (const c of rows) yield commentRecord(c);
    // After the comments they name, so a reader has always met the comment first.
    for (const r of await store.openReports(rows.map((c) => c.id))) yield reportRecord(r);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { depth: last.depth, id: last.id };
  }
}

export function threadRecord(t: ThreadRow): ThreadRecord {
  return {
    type: 'thread',
    id: t.id,
    key: t.key,
    url: t.url,
    title: t.title,
    createdAt: iso(t.created_at),
    closed: t.closed,
    reopenedAt: isoOrNull(t.reopened_at),
    pinned: t.pinned,
    commentCount: t.comment_count,
  };
}

export function commentRecord(c: CommentRow): CommentRecord {
  // The IP hash and the user agent stay behind. Together they link one person's comments
  // across names and addresses; the retention job erases both after a while, and a file kept
  // for years must not outlive that promise; the hash is keyed with this install's secret,
  // worthless anywhere else; and an importer takes raw addresses (hashing them itself), so
  // it could not take a hash back in. Bans and settings keep theirs: those are decisions.
  return {
    type: 'comment',
    id: c.id,
    thread: c.thread_id,
    parent: c.parent_id,
    status: c.status,
    createdAt: iso(c.created_at),
    editedAt: isoOrNull(c.edited_at),
    moderatorEditedAt: isoOrNull(c.moderator_edited_at),
    moderator: c.moderator === true,
    author: { name: c.author_name, email: c.author_email, website: c.author_website },
    body: c.body,
    html: c.body_html,
    spam: c.spam_score == null ? null : { score: c.spam_score, reasons: c.spam_reasons ?? [] },
  };
}

function reportRecord(r: ReportRow): ReportRecord {
  return { type: 'report', id: r.id, comment: r.comment_id, reason: r.reason, createdAt: iso(r.created_at) };
}

function banRecord(b: BanRow): BanRecord {
  return {
    type: 'ban',
    id: b.id,
    kind: b.kind,
    value: b.value,
    reason: b.reason,
    until: isoOrNull(b.until),
    createdBy: b.created_by,
    createdAt: iso(b.created_at),
  };
}

function auditRecord(a: AuditRow): AuditRecord {
  return {
    type: 'audit',
    id: a.id,
    actor: a.actor,
    action: a.action,
    target: a.target,
    before: a.before,
    after: a.after,
    at: iso(a.created_at),
  };
}
