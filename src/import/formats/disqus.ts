// Disqus's export (Admin → Moderation/Community → Export: an emailed link to a .xml.gz) as an
// ImportSource. The file is <disqus> holding <category> elements, then one <thread> per page
// Disqus ever loaded on (most have no posts), then the <post> elements, each naming its thread
// and, for a reply, its parent by their dsq:id. Streamed (src/import/formats/xml-stream.ts): one
// post in memory at a time.
//
// What is read, and the choices:
// - A thread's key is its dsq:id, its address its <link>, with <title> and <createdAt>. Threads
//   are remembered (address, title, date) and yielded only before their first post: Disqus keeps
//   a thread for every page ever shown, and empty ones would only clutter Parley. That memory
//   grows with the number of threads, never with the posts.
// - A post names its thread by <thread dsq:id>, or (Disqus's import format) by the thread's own
//   <id> as text. A post whose thread was not defined before it (later in the file, or never) is
//   `invalid`: Disqus writes every thread first, and the contract wants a thread before its
//   comments. A reply's parent is passed on as the file has it, even when that post is not in
//   the file (deleted for good): the pipeline, which maps every key, decides what that reply
//   becomes.
// - Status: isSpam true → spam; else isDeleted true → deleted; else isApproved false (when the
//   element is there) → pending; else approved. A deleted thread's posts are imported with
//   their own status: the page is still there, and the thread's state is an `unknown` (as is a
//   closed one: ImportThread has no place for it).
// - A post's key is its dsq:id, or its <id> when it has none.
// - Author: <name>, <email> only when Disqus gives it (recent exports leave it out: never
//   invented), <username> as the source id (none for a guest without one). <message> is HTML.
// - Dates: ISO 8601; one without a zone (Disqus's import format) is read as UTC.
// - The file is decoded in the encoding its declaration names (xml-encoding.ts).
//
// Items are yielded as they are read; malformed or truncated XML raises ImportFormatError after
// the items before it (the pipeline treats it as fatal: run --dry-run first).
import type { CommentStatus } from '../../core/records.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { clip, shown } from './json-source.ts';
import { type XmlRecord, xmlBoolean, xmlEvents } from './xml-stream.ts';

const DISQUS = 'http://disqus.com';
const INTERNALS = 'http://disqus.com/disqus-internals';
const WHAT = 'a Disqus export';

const POST_FIELDS = new Set([
  'id',
  'message',
  'createdAt',
  'isDeleted',
  'isSpam',
  'isApproved',
  'author',
  'ipAddress',
  'thread',
  'parent',
]);

type KnownThread = {
  readonly url: string;
  readonly title: string | null;
  readonly createdAt: number | null;
  readonly line: number;
  readonly notes: readonly string[];
  /** Yielded already (before an earlier post). */
  yielded: boolean;
};

/** An ISO 8601 date as ms; one without a zone is UTC. NaN when it is not a date. */
function isoDate(v: string | undefined): number {
  const t = v?.trim() ?? '';
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(t)) return Number.NaN;
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t}Z`);
}

/** Disqus's export as an ImportSource. */
export function disqusSource(file: string): ImportSource {
  return {
    format: 'disqus',
    async *items(): AsyncGenerator<ImportItem> {
      let dsq = 'dsq';
      const threads = new Map<string, KnownThread>();
      // A thread's own <id> (the site's identifier) → its dsq:id, for posts that name it so.
      const identifiers = new Map<string, string>();
      const events = xmlEvents(file, WHAT, (name, containers) =>
        containers.length === 1 && (name === 'thread' || name === 'post') ? 'record' : 'skip',
      );
      for await (const batch of events)
        for (const e of batch) {
          if (e.kind === 'open') {
            if (e.name !== 'disqus')
              throw new ImportFormatError(
                `not ${WHAT}: the document is <${clip(e.name)}>, not <disqus>`,
                `line ${e.line}`,
              );
            if (e.attrs.xmlns !== undefined && e.attrs.xmlns !== DISQUS)
              throw new ImportFormatError(
                `not ${WHAT}: <disqus> is in the namespace ${shown(e.attrs.xmlns)}`,
                `line ${e.line}`,
              );
            const prefix = Object.keys(e.attrs).find((a) => a.startsWith('xmlns:') && e.attrs[a] === INTERNALS);
            if (prefix) dsq = prefix.slice('xmlns:'.length);
            continue;
          }
          if (e.kind !== 'record') continue;
          const r = e.record;
          if (r.name === 'thread') {
            const at = `line ${r.line}, <thread>`;
            const key = r.values.get(`@${dsq}:id`)?.trim();
            if (!key) yield { kind: 'invalid', message: `a <thread> without ${dsq}:id`, at };
            else if (threads.has(key))
              yield { kind: 'invalid', message: `a second <thread> with ${dsq}:id ${clip(key)}`, at };
            else {
              const created = isoDate(r.values.get('createdAt'));
              const notes: string[] = [];
              if (xmlBoolean(r.values.get('isDeleted'))) notes.push('thread/isDeleted');
              if (xmlBoolean(r.values.get('isClosed'))) notes.push('thread/isClosed');
              threads.set(key, {
                url: r.values.get('link')?.trim() ?? '',
                title: r.values.get('title')?.trim() || null,
                createdAt: Number.isNaN(created) ? null : created,
                line: r.line,
                notes,
                yielded: false,
              });
              const identifier = r.values.get('id')?.trim();
              if (identifier && !identifiers.has(identifier)) identifiers.set(identifier, key);
            }
          } else yield* postItems(r, dsq, threads, identifiers);
        }
    },
  };
}

function* postItems(
  r: XmlRecord,
  dsq: string,
  threads: Map<string, KnownThread>,
  identifiers: Map<string, string>,
): Generator<ImportItem> {
  const at = `line ${r.line}, <post>`;
  const v = (path: string) => r.values.get(path)?.trim() ?? '';
  // A post written without dsq:id (a file made for Disqus's import, or mended by hand) is keyed by
  // its own <id>, the identifier the site gave it.
  const key = v(`@${dsq}:id`) || v('id');
  if (!key) {
    yield { kind: 'invalid', message: `a <post> without ${dsq}:id or <id>`, at };
    return;
  }
  const named = v(`thread@${dsq}:id`) || identifiers.get(v('thread')) || v('thread');
  const thread = threads.get(named);
  if (!thread) {
    yield {
      kind: 'invalid',
      message: named
        ? `a <post> of the thread ${clip(named)}, which the file does not define before it`
        : 'a <post> that names no <thread>',
      at,
    };
    return;
  }
  if (!thread.url) {
    yield { kind: 'invalid', message: `a <post> of the thread ${clip(named)}, which has no <link>`, at };
    return;
  }
  const createdAt = isoDate(r.values.get('createdAt'));
  if (Number.isNaN(createdAt)) {
    yield { kind: 'invalid', message: `<createdAt> ${shown(v('createdAt'))} is not an ISO 8601 date`, at };
    return;
  }
  if (!thread.yielded) {
    thread.yielded = true;
    const threadAt = `line ${thread.line}, <thread>`;
    yield {
      kind: 'thread',
      thread: { key: named, url: thread.url, title: thread.title, createdAt: thread.createdAt, at: threadAt },
    };
    for (const field of thread.notes) yield { kind: 'unknown', field, at: threadAt };
  }
  const status: CommentStatus = xmlBoolean(v('isSpam'))
    ? 'spam'
    : xmlBoolean(v('isDeleted'))
      ? 'deleted'
      : xmlBoolean(v('isApproved')) === false
        ? 'pending'
        : 'approved';
  yield {
    kind: 'comment',
    comment: {
      key,
      threadKey: named,
      parentKey: v(`parent@${dsq}:id`) || v('parent') || null,
      createdAt,
      status,
      author: {
        name: v('author/name'),
        email: v('author/email') || null,
        website: null,
        sourceId: v('author/username') || null,
      },
      body: { format: 'html', text: r.values.get('message')?.trim() ?? '' },
      ip: v('ipAddress') || null,
      userAgent: null,
      at,
    },
  };
  for (const child of r.children)
    if (!POST_FIELDS.has(child)) yield { kind: 'unknown', field: `post/${clip(child)}`, at };
}
