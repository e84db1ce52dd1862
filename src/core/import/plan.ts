// What an import does, counted: the dry run's whole answer, the first pass of a real import (a
// file that cannot be read to its end is refused before anything is written) and, from the
// second pass, the report of what was written. The counts are told in words by describeImport.
import type { CommentStatus } from '../records.ts';
import { threadKey } from '../threads/thread-key.ts';
import { type MapUrlRule, mapUrl } from './map-url.ts';
import type { ImportComment, ImportItem, ImportSource, ImportThread, SourcePosition } from './source.ts';

const DAY = 86_400_000;
/** Problems listed one by one; past this many, only counted. */
export const LISTED_PROBLEMS = 50;

export type ImportReport = {
  format: string;
  siteId: string;
  dryRun: boolean;
  /** The install the file names as its own (WordPress: the blog's address): its ids are kept as from there. */
  origin: string | null;
  threads: { read: number; added: number; existing: number };
  comments: {
    read: number;
    /** Written by this run (a dry run: what would be written, as far as the file tells). */
    added: number;
    /** Imported by an earlier run (or its comment since removed): left as they are. */
    already: number;
    byStatus: Record<CommentStatus, number>;
  };
  /** Replies whose parent is not in the file (or not in their thread): kept at the thread's top level. */
  orphans: number;
  unknown: Record<string, number>;
  invalid: { count: number; listed: { at: SourcePosition; message: string }[] };
  ips: { hashed: number; dropped: number };
  /** Held and spam comments older than the spam retention period, kept for that period from the import. */
  oldHeld: number;
  settings: { ipRetentionDays: number; spamRetentionDays: number };
  /** --recheck: comments whose status the spam policy changed; --train: verdicts taught. */
  rechecked: number;
  trained: number;
};

export function emptyReport(
  format: string,
  siteId: string,
  dryRun: boolean,
  settings: ImportReport['settings'],
): ImportReport {
  return {
    format,
    siteId,
    dryRun,
    origin: null,
    threads: { read: 0, added: 0, existing: 0 },
    comments: { read: 0, added: 0, already: 0, byStatus: { approved: 0, pending: 0, spam: 0, deleted: 0 } },
    orphans: 0,
    unknown: {},
    invalid: { count: 0, listed: [] },
    ips: { hashed: 0, dropped: 0 },
    oldHeld: 0,
    settings,
    rechecked: 0,
    trained: 0,
  };
}

export function addInvalid(report: ImportReport, at: SourcePosition, message: string): void {
  report.invalid.count++;
  if (report.invalid.listed.length < LISTED_PROBLEMS) report.invalid.listed.push({ at, message });
}

/** Whether a comment's network may be kept (hashed): only while it is younger than the site keeps networks. */
export function keepsIp(c: Pick<ImportComment, 'createdAt'>, settings: ImportReport['settings'], now: number): boolean {
  return c.createdAt >= now - settings.ipRetentionDays * DAY;
}

/** A source thread's key here: its address moved by --map-url and keyed like a posted comment's page; or what is wrong. */
export function localThreadKey(rules: readonly MapUrlRule[], t: ImportThread): { key: string } | { problem: string } {
  const key = threadKey(mapUrl(rules, t.url));
  return key
    ? { key }
    : {
        problem: `thread "${t.key}": its address ${JSON.stringify(t.url.slice(0, 200))} is neither an http(s) address nor an id`,
      };
}

/** Counts what a comment brings, whether it is written or only planned. */
export function countComment(report: ImportReport, c: ImportComment, status: CommentStatus, now: number): void {
  report.comments.byStatus[status]++;
  if (c.ip) report.ips[keepsIp(c, report.settings, now) ? 'hashed' : 'dropped']++;
  if ((status === 'pending' || status === 'spam') && c.createdAt < now - report.settings.spamRetentionDays * DAY)
    report.oldHeld++;
}

/**
 * The first pass: reads the whole file, counting, writing nothing. Throws the source's
 * ImportFormatError when the file cannot be read to its end. With `parents`, replies whose
 * parent the file never has are counted as orphans (at the cost of remembering every comment's
 * id: the dry run does it, a real import finds its orphans while writing).
 */
export async function planImport(
  source: ImportSource,
  report: ImportReport,
  opts: { now: number; mapUrl: readonly MapUrlRule[]; parents: boolean; onItem?: (comments: number) => void },
): Promise<ImportReport> {
  /** Source thread key → whether it could be read. */
  const threads = new Map<string, boolean>();
  const seen = new Set<string>();
  const waiting = new Map<string, number>();
  for await (const item of source.items() as AsyncIterable<ImportItem>) {
    if (item.kind === 'unknown') report.unknown[item.field] = (report.unknown[item.field] ?? 0) + 1;
    else if (item.kind === 'invalid') addInvalid(report, item.at, item.message);
    else if (item.kind === 'origin') report.origin = item.origin;
    else if (item.kind === 'thread') {
      report.threads.read++;
      const local = localThreadKey(opts.mapUrl, item.thread);
      if ('problem' in local) addInvalid(report, item.thread.at, local.problem);
      threads.set(item.thread.key, 'key' in local);
    } else {
      const c = item.comment;
      report.comments.read++;
      const problem = threadProblem(threads.get(c.threadKey), c);
      if (problem) {
        addInvalid(report, c.at, problem);
        continue;
      }
      report.comments.added++;
      countComment(report, c, c.status, opts.now);
      if (opts.parents) {
        seen.add(c.key);
        waiting.delete(c.key);
        if (c.parentKey && !seen.has(c.parentKey)) waiting.set(c.parentKey, (waiting.get(c.parentKey) ?? 0) + 1);
      }
      opts.onItem?.(report.comments.read);
    }
  }
  if (opts.parents) for (const n of waiting.values()) report.orphans += n;
  return report;
}

/** Why a comment cannot go in its thread (undefined: not named before it; false: a thread that could not be read). */
export function threadProblem(thread: boolean | undefined, c: ImportComment): string | null {
  if (thread === undefined)
    return `comment "${c.key}" names thread "${c.threadKey}", which the file has not named before it`;
  if (!thread) return `comment "${c.key}" belongs to thread "${c.threadKey}", which could not be read`;
  return null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report in words, one line each, for the terminal and the dry run. */
export function describeImport(r: ImportReport): string[] {
  const would = r.dryRun ? 'would be ' : '';
  const s = r.comments.byStatus;
  const lines = [
    r.dryRun
      ? `Dry run of a ${r.format} import into site ${r.siteId}: nothing was written.`
      : `Imported ${r.format} into site ${r.siteId}.`,
    `Threads: ${r.threads.read} in the file${r.dryRun ? '' : `, ${r.threads.added} created, ${r.threads.existing} already here`}.`,
    `Comments: ${r.comments.read} in the file, ${r.comments.added} ${would}added` +
      `${r.comments.already ? `, ${r.comments.already} imported before (left as they are)` : ''}: ` +
      `${s.approved} approved, ${s.pending} pending, ${s.spam} spam, ${s.deleted} deleted.`,
    `Replies whose parent is missing: ${r.orphans} ${r.dryRun ? 'would be placed' : 'placed'} at the top of their thread.`,
  ];
  if (r.origin) lines.push(`Comment ids are those of ${r.origin}: an export of another install adds its own.`);
  if (r.rechecked) lines.push(`The spam checks (--recheck) changed the status of ${plural(r.rechecked, 'comment')}.`);
  if (r.trained) lines.push(`The site's spam filter learned from ${plural(r.trained, 'comment')} (--train).`);
  lines.push(
    `IP addresses: ${r.ips.hashed} ${would}kept as keyed hashes; ${r.ips.dropped} older than the site keeps them ` +
      `(${r.settings.ipRetentionDays} days) ${would}dropped. No raw address is stored.`,
    `Retention: held and spam comments are kept ${r.settings.spamRetentionDays} days counted from the import, not from their dates` +
      `${r.oldHeld ? ` (${plural(r.oldHeld, 'comment')} older than that ${r.dryRun ? 'would stay' : 'stay'} until then)` : ''}.`,
  );
  const unknown = Object.entries(r.unknown).sort((a, b) => b[1] - a[1]);
  if (unknown.length)
    lines.push(`Left out (not used by Parley): ${unknown.map(([field, n]) => `${field} ×${n}`).join(', ')}.`);
  if (r.invalid.count) {
    lines.push(`Records that could not be read: ${r.invalid.count} (${would}skipped; the rest goes on):`);
    for (const p of r.invalid.listed) lines.push(`  ${p.at}: ${p.message}`);
    if (r.invalid.count > r.invalid.listed.length)
      lines.push(`  … and ${r.invalid.count - r.invalid.listed.length} more`);
  }
  return lines;
}

/** Keys of an import from one install: "wxr@blog.example.com" (the format alone when none is named). */
export function keyspaceOf(format: string, origin: string): string {
  return origin ? `${format}@${origin}` : format;
}

/** What the audit log keeps of an import: its counts, nothing of the file's contents. */
export function auditCounts(r: ImportReport) {
  return {
    format: r.format,
    threads: { added: r.threads.added, existing: r.threads.existing },
    comments: { read: r.comments.read, added: r.comments.added, already: r.comments.already, ...r.comments.byStatus },
    orphans: r.orphans,
    invalid: r.invalid.count,
    ips: r.ips,
    rechecked: r.rechecked,
    trained: r.trained,
  };
}
