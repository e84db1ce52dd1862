// `parley import`: another system's comments (any ImportSource) written into a site. Two passes
// over the file: the first reads it to the end, writing nothing (a file that cannot be read is
// refused whole, and the count drives the progress bar); the second writes it in batches, each
// one unit (a failed batch leaves nothing of itself behind), keyed by the source's ids so that a
// second run adds nothing and an interrupted one goes on where it stopped. Memory stays bounded:
// one batch of comments, and one small record per thread.
//
// An import is not a post: no notification, webhook or live event (it is given no event bus),
// no flood or velocity check, and the spam checks run only when asked (--recheck).
import type { Clock } from '../clock.ts';
import type { Renderer } from '../comments/comment-deps.ts';
import { avatarOf } from '../comments/create-comment.ts';
import { LIMITS } from '../comments/limits.ts';
import { repeatHash } from '../comments/spam-facts.ts';
import { idSequence, newId } from '../ids.ts';
import type {
  CommentRow,
  ImportedComment,
  ImportedCommentRecord,
  ImportedThreadRecord,
  ImportStore,
  SiteRow,
  SpamPolicy,
} from '../ports.ts';
import { hashIp } from '../privacy/ip.ts';
import type { SiteSettings } from '../sites/settings.ts';
import { threadUrl } from '../threads/thread-key.ts';
import { safeWebsite } from './bodies.ts';
import { withIndexesAside } from './indexes-aside.ts';
import { linkWaitingReplies } from './link-replies.ts';
import { remembering } from './remembering.ts';
import { recheckComment, statusOf, teach } from './spam-on-import.ts';
import type { MapUrlRule } from './map-url.ts';
import {
  addInvalid,
  auditCounts,
  countComment,
  emptyReport,
  type ImportReport,
  keepsIp,
  keyspaceOf,
  localThreadKey,
  planImport,
  threadProblem,
} from './plan.ts';
import type { ImportComment, ImportSource, ImportThread } from './source.ts';

/**
 * Comments per batch: one unit of the store's writer, one keyed lookup. Three batches are in hand
 * at a time (read, written, sent to the writer's thread): 1,000 rather than 5,000 took some 25 MB
 * off an import's peak memory, at no cost in speed once the indexes are set aside.
 */
export const BATCH_SIZE = 1000;
/** A batch of long comments ends sooner: at this many characters of text (memory stays bounded). */
export const BATCH_CHARS = 4_000_000;

export type ImportDeps = {
  readonly store: ImportStore;
  readonly clock: Clock;
  readonly secrets: { readonly ip: string; readonly edit: string };
  /** The renderer posted comments go through: Markdown to sanitized HTML. */
  readonly render: Renderer;
  /** Bodies to our Markdown (src/render/html-to-markdown.ts). */
  readonly bodies: { html(s: string): string; text(s: string): string };
  readonly spam: Pick<SpamPolicy, 'judge' | 'learn'> | null;
};

/** 'indexing': the comments are in; the indexes set aside are being built (done = total). */
export type ImportProgress = { phase: 'reading' | 'writing' | 'indexing'; done: number; total: number | null };

export type ImportOptions = {
  site: SiteRow;
  settings: SiteSettings;
  mapUrl: readonly MapUrlRule[];
  dryRun: boolean;
  recheck: boolean;
  train: boolean;
  /** Who ran it, for the audit log. */
  actor: string;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /**
   * A bulk load (the CLI's): into a store with no comment yet, the comments' indexes are set
   * aside while it writes and built at the end (Store.setAsideImportIndexes). Not for the
   * server's own imports, whose end would hold its writer while the indexes are built.
   */
  bulk?: boolean;
};

/** What the second pass remembers of each source thread: its key here, and its id once known. */
type ThreadState = { key: string; source: ImportThread; id: string | null };

type Run = {
  deps: ImportDeps;
  opts: ImportOptions;
  source: ImportSource;
  report: ImportReport;
  now: number;
  /** Source thread key → its state; null: a thread that could not be read. */
  threads: Map<string, ThreadState | null>;
  /** Threads this run created, by key here: a batch may look for one before it is written. */
  created: Map<string, string>;
  /** What the source's ids are unique within: the format, and the install when the file names it. */
  keyspace: string;
  /** Ids at the source's times, in file order within a millisecond. */
  threadId: (ms: number) => string;
  commentId: (ms: number) => string;
  /** Hashes by what they hash: a commenter's address and network come back comment after comment. */
  avatar: (key: string) => string;
  ipHash: (ip: string) => string | null;
};

export async function runImport(deps: ImportDeps, source: ImportSource, opts: ImportOptions): Promise<ImportReport> {
  const now = deps.clock.now();
  const settings = {
    ipRetentionDays: opts.settings.ipRetentionDays,
    spamRetentionDays: opts.settings.spamRetentionDays,
  };
  const progress = (phase: ImportProgress['phase'], total: number | null) => (done: number) =>
    opts.onProgress?.({ phase, done, total });
  // The first pass: a dry run's whole answer; for a real import, only the refusal of a file that
  // cannot be read and the bar's total, which a source's own check gives for less.
  const check = opts.dryRun ? undefined : source.check?.bind(source);
  const planned = check
    ? null
    : await planImport(source, emptyReport(source.format, opts.site.id, opts.dryRun, settings), {
        now,
        mapUrl: opts.mapUrl,
        parents: opts.dryRun,
        onItem: progress('reading', null),
      });
  if (planned && opts.dryRun) return planned;
  const total = planned ? planned.comments.read : await check!(progress('reading', null));
  const run: Run = {
    deps,
    opts,
    source,
    report: emptyReport(source.format, opts.site.id, false, settings),
    now,
    threads: new Map(),
    created: new Map(),
    keyspace: source.format,
    threadId: idSequence(),
    commentId: idSequence(),
    avatar: remembering((key) => avatarOf(opts.site, key)),
    ipHash: remembering((ip) => hashIp(ip, deps.secrets.ip)),
  };
  await withIndexesAside(
    deps.store,
    opts.site.id,
    {
      bulk: !!opts.bulk,
      reads: opts.recheck || opts.train,
      onIndexing: () => opts.onProgress?.({ phase: 'indexing', done: total, total }),
    },
    () => writePass(run, progress('writing', total)),
  );
  run.report.orphans += await linkWaitingReplies(deps.store, opts.site.id, run.keyspace);
  // As AuditLog.record writes it (the log's reader is not needed here).
  const at = deps.clock.now();
  await deps.store.addAudit({
    id: newId(at),
    site_id: opts.site.id,
    actor: opts.actor,
    action: 'site.import',
    target: null,
    before: null,
    after: auditCounts(run.report),
    created_at: at,
  });
  return run.report;
}

/** The second pass: items in file order, written a batch at a time. */
async function writePass(run: Run, onProgress: (done: number) => void): Promise<void> {
  const { report } = run;
  const size = run.opts.batchSize ?? BATCH_SIZE;
  let threads: string[] = [];
  let comments: ImportComment[] = [];
  let chars = 0;
  // One batch is written while the next is prepared (read, converted, rendered): the writer
  // thread and this one work at the same time. Its rows are remembered until it is in.
  let writing: Promise<void> = Promise.resolve();
  let previous = new Map<string, NonNullable<ImportedComment>>();
  const flush = async () => {
    const prepared = await prepareBatch(run, threads, comments, previous);
    threads = [];
    comments = [];
    chars = 0;
    await writing;
    writing = writeBatch(run, prepared);
    // Awaited at the next flush; marked handled now so that a failure is not reported twice.
    writing.catch(() => undefined);
    previous = prepared.known;
    onProgress(report.comments.read);
  };
  for await (const item of run.source.items()) {
    if (item.kind === 'unknown') report.unknown[item.field] = (report.unknown[item.field] ?? 0) + 1;
    else if (item.kind === 'invalid') addInvalid(report, item.at, item.message);
    else if (item.kind === 'origin') {
      report.origin = item.origin;
      run.keyspace = keyspaceOf(run.source.format, item.origin);
    } else if (item.kind === 'thread') {
      report.threads.read++;
      const local = localThreadKey(run.opts.mapUrl, item.thread);
      if ('problem' in local) addInvalid(report, item.thread.at, local.problem);
      run.threads.set(item.thread.key, 'key' in local ? { key: local.key, source: item.thread, id: null } : null);
      if ('key' in local) threads.push(item.thread.key);
    } else {
      const c = item.comment;
      report.comments.read++;
      const state = run.threads.get(c.threadKey);
      const problem =
        threadProblem(state === undefined ? undefined : state !== null, c) ??
        (Number.isFinite(c.createdAt) ? null : `comment "${c.key}" has no readable date`);
      if (problem) addInvalid(report, c.at, problem);
      else {
        comments.push(c);
        chars += c.body.text.length + (c.body.html?.length ?? 0);
      }
      if (comments.length >= size || chars >= BATCH_CHARS) await flush();
    }
  }
  await flush();
  await writing;
}

type PreparedBatch = {
  threads: ImportedThreadRecord[];
  rows: ImportedCommentRecord[];
  /** Where this batch's comments are, by source id: the next batch's replies may need them before they are in. */
  known: Map<string, NonNullable<ImportedComment>>;
};

/** A batch's keyed lookups and rows; `previous` is the batch being written meanwhile (not in the database yet). */
async function prepareBatch(
  run: Run,
  threadKeys: string[],
  comments: ImportComment[],
  previous: Map<string, NonNullable<ImportedComment>>,
): Promise<PreparedBatch> {
  const known = new Map<string, NonNullable<ImportedComment>>();
  if (!threadKeys.length && !comments.length) return { threads: [], rows: [], known };
  const { deps, opts, report } = run;
  const fresh = threadKeys.map((k) => run.threads.get(k)!).filter((t) => t.id === null);
  const lookup = await deps.store.importLookup({
    siteId: opts.site.id,
    format: run.keyspace,
    threadKeys: fresh.map((t) => t.key),
    commentKeys: [...comments.map((c) => c.key), ...comments.flatMap((c) => (c.parentKey ? [c.parentKey] : []))],
  });
  for (const [key, at] of previous) if (!lookup.comments.has(key)) lookup.comments.set(key, at);
  const threads = placeThreads(run, fresh, lookup.threads);
  const rows: ImportedCommentRecord[] = [];
  for (const c of comments) {
    if (known.has(c.key) || previous.has(c.key)) {
      addInvalid(report, c.at, `a second comment with the id "${c.key}" (the first is kept)`);
      continue;
    }
    if (lookup.comments.has(c.key)) {
      report.comments.already++;
      continue;
    }
    const record = await commentRecord(run, c, known, lookup.comments);
    known.set(c.key, {
      id: record.row.id,
      threadId: record.row.thread_id,
      rootId: record.row.root_id,
      depth: record.row.depth,
    });
    rows.push(record);
  }
  return { threads, rows, known };
}

/** One prepared batch to the store, in one unit; then, with --train, what the filter learns from it. */
async function writeBatch(run: Run, batch: PreparedBatch): Promise<void> {
  if (!batch.threads.length && !batch.rows.length) return;
  await run.deps.store.writeImportBatch({
    siteId: run.opts.site.id,
    format: run.keyspace,
    at: run.now,
    threads: batch.threads,
    comments: batch.rows,
  });
  run.report.comments.added += batch.rows.length;
  if (run.opts.train) {
    const pages = new Map<string, { url: string | null; title: string | null }>();
    for (const t of run.threads.values()) if (t?.id) pages.set(t.id, { url: threadUrl(t.key), title: t.source.title });
    run.report.trained += await teach(run.deps.spam!, run.opts.site.id, run.source.format, batch.rows, pages);
  }
}

/** Threads new to this batch: found here by their key, or created (two of the file's threads may share one here). */
function placeThreads(run: Run, fresh: ThreadState[], found: Map<string, string>): ImportedThreadRecord[] {
  const created: ImportedThreadRecord[] = [];
  const byKey = run.created;
  for (const t of fresh) {
    const id = found.get(t.key) ?? byKey.get(t.key);
    if (id) {
      t.id = id;
      if (found.has(t.key)) run.report.threads.existing++;
      continue;
    }
    const createdAt = t.source.createdAt ?? run.now;
    t.id = run.threadId(createdAt);
    byKey.set(t.key, t.id);
    created.push({
      sourceKey: t.source.key,
      thread: {
        id: t.id,
        siteId: run.opts.site.id,
        key: t.key,
        url: threadUrl(t.key),
        title: t.source.title?.slice(0, LIMITS.title) ?? null,
        createdAt,
      },
    });
    run.report.threads.added++;
  }
  return created;
}

/** Where a comment hangs: under its parent when it is known and in the same thread; else at the top. */
function placement(
  run: Run,
  c: ImportComment,
  threadId: string,
  known: Map<string, NonNullable<ImportedComment>>,
  before: Map<string, ImportedComment>,
): { parent: NonNullable<ImportedComment> | null; pendingParent: string | null } {
  if (!c.parentKey) return { parent: null, pendingParent: null };
  const p = known.get(c.parentKey) ?? before.get(c.parentKey);
  // Not read yet: it may come later in the file; linked at the end (or counted as an orphan then).
  if (p === undefined) return { parent: null, pendingParent: c.parentKey === c.key ? null : c.parentKey };
  if (p === null || p.threadId !== threadId) {
    run.report.orphans++;
    return { parent: null, pendingParent: null };
  }
  return { parent: p, pendingParent: null };
}

async function commentRecord(
  run: Run,
  c: ImportComment,
  known: Map<string, NonNullable<ImportedComment>>,
  before: Map<string, ImportedComment>,
): Promise<ImportedCommentRecord> {
  const { deps, opts, report } = run;
  const thread = run.threads.get(c.threadKey)!;
  const threadId = thread.id!;
  const { parent, pendingParent } = placement(run, c, threadId, known, before);
  if (c.parentKey === c.key) report.orphans++;
  const body =
    c.body.format === 'html'
      ? deps.bodies.html(c.body.text)
      : c.body.format === 'text'
        ? deps.bodies.text(c.body.text)
        : c.body.text;
  const email = c.author.email?.trim().slice(0, LIMITS.email) ?? '';
  const authorKey = c.author.sourceId ? `${run.source.format}:${c.author.sourceId}` : null;
  const keep = c.ip !== null && keepsIp(c, report.settings, run.now);
  const ipHash = keep ? run.ipHash(c.ip!) : null;
  const name = c.author.name.trim().slice(0, LIMITS.name) || 'Anonymous';
  const website = safeWebsite(c.author.website);
  const verdict =
    opts.recheck && c.status !== 'deleted'
      ? await recheckComment(deps.spam!, {
          site: opts.site,
          settings: opts.settings,
          comment: { name, email, website, body, ipHash, userAgent: c.userAgent },
          page: { title: thread.source.title, url: threadUrl(thread.key) },
          now: run.now,
        })
      : null;
  const status = verdict ? statusOf(verdict) : c.status;
  if (status !== c.status) report.rechecked++;
  countComment(report, c, status, run.now);
  const row: CommentRow = {
    id: run.commentId(c.createdAt),
    site_id: opts.site.id,
    thread_id: threadId,
    parent_id: parent?.id ?? null,
    root_id: parent ? (parent.rootId ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    author_name: name,
    author_email: email,
    author_website: website,
    avatar: run.avatar(email || authorKey || name),
    body,
    body_html: c.body.format === 'markdown' && c.body.html !== undefined ? c.body.html : await deps.render(body),
    status,
    created_at: c.createdAt,
    edited_at: null,
    edit_token_hash: null,
    ip_hash: ipHash,
    user_agent: keep && c.userAgent ? c.userAgent.slice(0, 400) : null,
    // Imported texts may repeat (the same "Thanks!" twice is not a double post): no dedupe key.
    dedupe_key: null,
    body_hash: repeatHash(deps.secrets.edit, body),
    spam_score: verdict?.score ?? null,
    spam_reasons: verdict?.reasons ?? null,
    imported_at: run.now,
    author_key: authorKey,
  };
  return { sourceKey: c.key, row, pendingParent };
}
