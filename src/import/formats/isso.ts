// Isso's SQLite database (the file its config names in `[general] dbpath`) read as an
// ImportSource, opened read-only: Isso has no export, its database is the file to move. Tables
// threads(id, uri, title) and comments(tid, id, parent, created, modified, mode, remote_addr, text,
// author, email, website, likes, dislikes, voters, notification). Rows are read one at a time
// through statement iterators: threads first, then comments by id, so memory stays bounded.
//
// Isso knows pages by path ("/blog/post-1/"), not by address: the thread URL is that path unless
// an origin is given (or the import maps it: `--map-url /=https://news.example/`).
import { DatabaseSync } from 'node:sqlite';
import type { CommentStatus } from '../../core/records.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { shown } from './json-source.ts';

export type IssoOptions = {
  /** "https://news.example": thread URLs become absolute (origin + path) instead of Isso's paths. */
  readonly origin?: string;
};

/** Isso's mode column: 1 accepted, 2 waiting for moderation, 4 deleted but kept for its replies. */
const MODES: Record<number, CommentStatus> = { 1: 'approved', 2: 'pending', 4: 'deleted' };

const NEEDED = {
  threads: ['id', 'uri', 'title'],
  comments: ['tid', 'id', 'parent', 'created', 'mode', 'remote_addr', 'text', 'author', 'email', 'website'],
} as const;
/** Read when the database has them (older Isso versions lack some); what they hold is not imported. */
const OPTIONAL = ['modified', 'likes', 'dislikes', 'notification'] as const;

type Row = Record<string, unknown>;

function open(path: string): DatabaseSync {
  try {
    const db = new DatabaseSync(path, { readOnly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    throw new ImportFormatError(`not an SQLite database Parley can open (${(e as Error).message})`, 'database');
  }
}

/** The optional comment columns present; throws naming the first table or column Isso's schema needs and this file lacks. */
function checkSchema(db: DatabaseSync): string[] {
  const columns = (table: string) =>
    new Set(
      db
        .prepare(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((r) => String(r.name)),
    );
  for (const [table, needed] of Object.entries(NEEDED)) {
    const have = columns(table);
    if (!have.size) throw new ImportFormatError(`not an Isso database: it has no "${table}" table`, 'database');
    const missing = needed.find((c) => !have.has(c));
    if (missing) throw new ImportFormatError(`not an Isso database: no column "${missing}"`, `table ${table}`);
  }
  const have = columns('comments');
  return OPTIONAL.filter((c) => have.has(c));
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function threadUrl(uri: string, origin: string | undefined): string {
  return origin ? `${origin.replace(/\/+$/, '')}/${uri.replace(/^\/+/, '')}` : uri;
}

/** What is wrong with a comment row, or null. */
function problem(r: Row, threads: Set<number>): string | null {
  if (typeof r.created !== 'number' || !Number.isFinite(r.created) || r.created <= 0)
    return `a comment with a bad created date ${shown(r.created)}`;
  if (typeof r.mode !== 'number' || !(r.mode in MODES)) return `a comment with the unknown mode ${shown(r.mode)}`;
  if (typeof r.tid !== 'number' || !threads.has(r.tid))
    return `a comment of thread ${shown(r.tid)}, not among the threads read`;
  // A reply whose parent row is gone is kept: the import puts it at its thread's top (an orphan).
  if (r.parent != null && r.parent_tid != null && r.parent_tid !== r.tid)
    return `a reply to comment ${String(r.parent)}, of another thread`;
  if (r.text != null && typeof r.text !== 'string') return 'a comment whose text is not text';
  return null;
}

function commentItems(r: Row, at: string): ImportItem[] {
  const items: ImportItem[] = [
    {
      kind: 'comment',
      comment: {
        key: String(r.id),
        threadKey: String(r.tid),
        parentKey: r.parent == null ? null : String(r.parent),
        createdAt: Math.round((r.created as number) * 1000),
        status: MODES[r.mode as number],
        author: { name: str(r.author) ?? 'Anonymous', email: str(r.email), website: str(r.website), sourceId: null },
        body: { format: 'markdown', text: typeof r.text === 'string' ? r.text : '' },
        // Isso keeps the address with its last part zeroed (192.168.1.0, 2001:db8:85a3::): passed on
        // for the pipeline to hash like any other.
        ip: str(r.remote_addr),
        userAgent: null,
        at,
      },
    },
  ];
  if (Number(r.likes ?? 0) > 0 || Number(r.dislikes ?? 0) > 0)
    items.push({ kind: 'unknown', field: 'comment.votes', at });
  if (r.modified != null) items.push({ kind: 'unknown', field: 'comment.modified', at });
  if (Number(r.notification ?? 0) > 0) items.push({ kind: 'unknown', field: 'comment.notification', at });
  return items;
}

export function issoSource(path: string, options: IssoOptions = {}): ImportSource {
  return {
    format: 'isso',
    async *items(): AsyncGenerator<ImportItem> {
      const db = open(path);
      try {
        const optional = checkSchema(db);
        // Only the ids of threads that could be read: a few per page of the site, never the comments.
        const threads = new Set<number>();
        for (const t of db.prepare('SELECT id, uri, title FROM threads ORDER BY id').iterate()) {
          const at = `threads row ${String(t.id)}`;
          const uri = str(t.uri);
          if (typeof t.id !== 'number' || !uri) {
            yield { kind: 'invalid', message: 'a thread without a uri', at };
            continue;
          }
          threads.add(t.id);
          const thread = {
            key: String(t.id),
            url: threadUrl(uri, options.origin),
            title: str(t.title),
            createdAt: null,
            at,
          };
          yield { kind: 'thread', thread };
        }
        const columns = [...NEEDED.comments, ...optional].map((c) => `c.${c}`).join(', ');
        const comments = db.prepare(
          `SELECT ${columns}, p.tid AS parent_tid FROM comments c LEFT JOIN comments p ON p.id = c.parent ORDER BY c.id`,
        );
        for (const r of comments.iterate()) {
          // The row is named by its id, which `SELECT * FROM comments WHERE id = …` finds.
          const at = `comments row ${String(r.id)}`;
          const wrong = problem(r, threads);
          if (wrong) yield { kind: 'invalid', message: wrong, at };
          else yield* commentItems(r, at);
        }
      } finally {
        db.close();
      }
    },
  };
}
