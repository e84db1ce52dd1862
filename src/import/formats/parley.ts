// Parley's own export (`parley export --format parley`, src/contracts/parley-export.ts) read back:
// readParleyExport() yields every record of the file as written, checked, with its line;
// parleySource() is the same file as an ImportSource, the one shape every importer yields.
// Both stream: one line in memory at a time, whatever the size of the file.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  type CommentRecord,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type EndRecord,
  type ExportHeader,
  type ExportRecord,
  type ThreadRecord,
} from '../../contracts/parley-export.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';

export type ParleyLine =
  | { readonly line: number; readonly kind: 'header'; readonly header: ExportHeader }
  | { readonly line: number; readonly kind: 'record'; readonly record: ExportRecord }
  /** A record type this version does not know (written by a later one): passed over. */
  | { readonly line: number; readonly kind: 'unknown'; readonly type: string }
  | { readonly line: number; readonly kind: 'invalid'; readonly message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const STATUSES: readonly unknown[] = ['pending', 'approved', 'spam', 'deleted'];
const KNOWN = new Set(['setting', 'thread', 'comment', 'report', 'ban', 'audit', 'end']);

function checkHeader(v: unknown): ExportHeader {
  if (!isObject(v) || v.format !== EXPORT_FORMAT)
    throw new ImportFormatError(`not a Parley export (the first line must be its "${EXPORT_FORMAT}" header)`, 'line 1');
  if (typeof v.version !== 'number' || v.version < 1 || v.version > EXPORT_VERSION)
    throw new ImportFormatError(
      `export version ${String(v.version)}: this Parley reads up to ${EXPORT_VERSION}`,
      'line 1',
    );
  if (!isObject(v.site) || typeof v.site.id !== 'string')
    throw new ImportFormatError('the header names no site', 'line 1');
  return v as unknown as ExportHeader;
}

/** What is wrong with a thread or comment record, or null: the fields an import reads. */
function problem(r: Record<string, unknown>): string | null {
  if ((r.type === 'thread' || r.type === 'comment') && (typeof r.id !== 'string' || !r.id)) return 'no id';
  if (r.type === 'thread') {
    if (typeof r.key !== 'string' || !r.key) return 'a thread without a key';
    if (!isStringOrNull(r.title) || !isTime(r.createdAt)) return 'a thread with a bad title or date';
  }
  if (r.type === 'comment') {
    const a = r.author;
    if (typeof r.thread !== 'string' || !isStringOrNull(r.parent)) return 'a comment with a bad thread or parent';
    if (!STATUSES.includes(r.status)) return `a comment with the status ${JSON.stringify(r.status)}`;
    if (!isTime(r.createdAt)) return 'a comment with a bad date';
    if (!isObject(a) || typeof a.name !== 'string' || typeof a.email !== 'string' || !isStringOrNull(a.website))
      return 'a comment with a bad author';
    if (typeof r.body !== 'string' || typeof r.html !== 'string') return 'a comment without its text';
  }
  return null;
}

function parseLine(text: string, line: number): ParleyLine {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { line, kind: 'invalid', message: 'not JSON' };
  }
  if (!isObject(v) || typeof v.type !== 'string') return { line, kind: 'invalid', message: 'not a record' };
  if (!KNOWN.has(v.type)) return { line, kind: 'unknown', type: v.type };
  const wrong = v.type === 'end' ? (isObject(v.counts) ? null : 'an end record without counts') : problem(v);
  return wrong ? { line, kind: 'invalid', message: wrong } : { line, kind: 'record', record: v as ExportRecord };
}

/**
 * The file's header, then its records, each checked on its own: a bad line is yielded as
 * `invalid` and the rest goes on. The file as a whole is refused (ImportFormatError) when it is
 * not an export, was written by a newer version, or ends before its end record (cut short).
 */
export async function* readParleyExport(path: string): AsyncGenerator<ParleyLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  let end: EndRecord | null = null;
  const seen: Record<string, number> = {};
  for await (const raw of lines) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (n === 1) {
      let header: unknown;
      try {
        header = JSON.parse(text);
      } catch {
        header = null;
      }
      yield { line: 1, kind: 'header', header: checkHeader(header) };
      continue;
    }
    if (!text.trim()) continue;
    if (end) throw new ImportFormatError('records after the end record', `line ${n}`);
    const item = parseLine(text, n);
    if (item.kind === 'record') {
      if (item.record.type === 'end') {
        end = item.record;
        continue;
      }
      seen[item.record.type] = (seen[item.record.type] ?? 0) + 1;
    }
    yield item;
  }
  if (n === 0) throw new ImportFormatError('the file is empty', 'line 1');
  if (!end) throw new ImportFormatError('the file ends before its end record: it was cut short', `line ${n}`);
  for (const [type, count] of Object.entries(end.counts))
    if ((seen[type] ?? 0) !== count)
      throw new ImportFormatError(
        `the end record counts ${count} ${type} records, the file has ${seen[type] ?? 0}`,
        `line ${n}`,
      );
}

const ms = (iso: string) => Date.parse(iso);

function threadItems(t: ThreadRecord, at: string): ImportItem[] {
  // ImportThread.url is what the pipeline keys the thread by: our key, so that an explicit id
  // (data-parley-thread="article-123") stays the thread's key after the import.
  const items: ImportItem[] = [
    { kind: 'thread', thread: { key: t.id, url: t.key, title: t.title, createdAt: ms(t.createdAt), at } },
  ];
  if (t.closed) items.push({ kind: 'unknown', field: 'thread.closed', at });
  if (t.pinned?.length) items.push({ kind: 'unknown', field: 'thread.pinned', at });
  return items;
}

function commentItems(c: CommentRecord, at: string): ImportItem[] {
  const items: ImportItem[] = [
    {
      kind: 'comment',
      comment: {
        key: c.id,
        threadKey: c.thread,
        parentKey: c.parent,
        createdAt: ms(c.createdAt),
        status: c.status,
        // An erased commenter's address is empty: none, not an address to invent.
        author: { name: c.author.name, email: c.author.email || null, website: c.author.website, sourceId: null },
        body: { format: 'markdown', text: c.body },
        ip: null,
        userAgent: null,
        at,
      },
    },
  ];
  if (c.moderator) items.push({ kind: 'unknown', field: 'comment.moderator', at });
  return items;
}

/** The export as an ImportSource: threads and comments; settings, bans, reports and audit entries come as `unknown`. */
export function parleySource(path: string): ImportSource {
  return {
    format: 'parley',
    async *items(): AsyncGenerator<ImportItem> {
      // Comments follow their thread in the file: only the current thread needs remembering.
      let thread: string | null = null;
      for await (const l of readParleyExport(path)) {
        const at = `line ${l.line}`;
        if (l.kind === 'header') continue;
        if (l.kind === 'invalid') yield { kind: 'invalid', message: l.message, at };
        else if (l.kind === 'unknown') yield { kind: 'unknown', field: l.type, at };
        else if (l.record.type === 'thread') {
          thread = l.record.id;
          yield* threadItems(l.record, at);
        } else if (l.record.type === 'comment') {
          if (l.record.thread !== thread)
            yield { kind: 'invalid', message: `a comment of thread ${l.record.thread}, outside it`, at };
          else yield* commentItems(l.record, at);
        } else yield { kind: 'unknown', field: l.record.type, at };
      }
    },
  };
}
