// A large XML export (WordPress, Disqus) read as a stream of small records: the reader says which
// elements are containers (opened and closed around what they hold: <rss>, <channel>, <item>) and
// which are records (read whole, with everything inside, into one flat map: <wp:comment>,
// <post>); everything else is passed over without being kept. The file is read a chunk at a time
// and the next chunk only once the records of the last one have been taken, so memory stays
// bounded whatever the size of the file, and a consumer that stops early stops the reading.
// A gzipped file is unpacked on the way, and one in another encoding than UTF-8 decoded
// (./xml-encoding.ts).
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportFormatError } from '../../core/import/source.ts';
import { openMaybeGzipped } from './json-source.ts';
import { xmlText } from './xml-encoding.ts';

/** What an element is to the reader: given its name and the names of the containers around it. */
export type XmlRole = 'container' | 'record' | 'skip';

export type XmlEvent =
  | {
      readonly kind: 'open';
      readonly name: string;
      readonly attrs: Readonly<Record<string, string>>;
      readonly line: number;
    }
  | { readonly kind: 'close'; readonly name: string; readonly line: number }
  | { readonly kind: 'record'; readonly record: XmlRecord };

export type XmlRecord = {
  readonly name: string;
  /** The line of its opening tag. */
  readonly line: number;
  /**
   * Its text and its descendants', by path below it: '' its own text, 'author/name' a grandchild's,
   * '@dsq:id' its own attribute, 'thread@dsq:id' a child's. CDATA sections and entities are
   * joined into the text. A path repeated (two <wp:commentmeta>) keeps its first value.
   */
  readonly values: ReadonlyMap<string, string>;
  /** The names of its direct children, in order, repeats included once. */
  readonly children: readonly string[];
};

// An `&` that starts none of XML's own entity references (an HTML one such as &nbsp; is not
// one either: XML without a DTD does not know it, and it reads better as it was typed).
const BARE_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos);|#\d+;|#x[0-9a-fA-F]+;)/y;
// Characters XML 1.0 cannot hold; a UTF-8 decoder has already made lone surrogates U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
// The longest entity reference: "&#x10FFFF;".
const ENTITY_MAX = 10;

/**
 * Mends what WordPress's own export gets wrong about `&`, chunk by chunk: a commenter's website
 * goes out unescaped (export.php writes comment_author_url outside CDATA), so "?a=1&b=2" is a
 * bare `&` and the file is not well-formed. Outside CDATA, a bare `&` becomes `&amp;`; nothing
 * else changes, line breaks included, so positions stay those of the file. A chunk's end that
 * could be cut through a CDATA marker or an entity is held for the next one.
 */
export function wordpressAmpersands(): (chunk: string, last: boolean) => string {
  let held = '';
  // Whether the text before this chunk ended inside a CDATA section.
  let inCdata = false;
  return (chunk, last) => {
    // Most chunks end inside text: nothing is held and nothing copied (a copy of every chunk
    // costs more than the rest of the mending).
    const text = held ? held + chunk : chunk;
    // Whether a place is inside CDATA, found by walking the markers forward, once each, and
    // only as far as a bare-looking `&` asks: a chunk with none costs no marker search.
    let cdata = inCdata;
    let from = 0;
    let next = Number.NaN;
    const cdataAt = (at: number) => {
      for (;;) {
        if (Number.isNaN(next)) next = text.indexOf(cdata ? CDATA_CLOSE : CDATA_OPEN, from);
        const after = next + (cdata ? CDATA_CLOSE.length : CDATA_OPEN.length);
        if (next < 0 || after > at) return cdata;
        from = after;
        cdata = !cdata;
        next = Number.NaN;
      }
    };
    let end = last ? text.length : text.length - Math.max(cutMarker(text, CDATA_OPEN), cutMarker(text, CDATA_CLOSE));
    let out = '';
    let copied = 0;
    for (let amp = text.indexOf('&'); amp >= 0 && amp < end; amp = text.indexOf('&', amp + 1)) {
      // Too near the end to tell an entity from a bare `&`: decided with the next chunk.
      if (!last && amp > text.length - ENTITY_MAX) {
        end = amp;
        break;
      }
      BARE_AMPERSAND.lastIndex = amp;
      if (BARE_AMPERSAND.test(text) && !cdataAt(amp)) {
        out += `${text.slice(copied, amp)}&amp;`;
        copied = amp + 1;
      }
    }
    // The state where this chunk stops, from its last marker (read backwards: no walk through
    // the chunk's markers when it had no bare `&`).
    const open = end >= CDATA_OPEN.length ? text.lastIndexOf(CDATA_OPEN, end - CDATA_OPEN.length) : -1;
    const close = end >= CDATA_CLOSE.length ? text.lastIndexOf(CDATA_CLOSE, end - CDATA_CLOSE.length) : -1;
    if (open >= 0 || close >= 0) inCdata = open > close;
    held = text.slice(end);
    return copied ? out + text.slice(copied, end) : end < text.length ? text.slice(0, end) : text;
  };
}

/** How many characters at the end of `text` are the start of `marker` (not all of it). */
function cutMarker(text: string, marker: string): number {
  for (let k = marker.length - 1; k > 0; k--) if (text.endsWith(marker.slice(0, k))) return k;
  return 0;
}

type Parser = SaxesParser<{ xmlns: false; position: true }>;

/**
 * A part of a plain (not gzipped) file parsed on its own: a first pass split between two threads
 * (src/import/formats/wxr-check.ts). `before` is written ahead of it (the elements open where it
 * starts), `after` behind it (closing those open where it ends); lines are the part's own, from
 * 1 at its start (`before` holds no line break).
 */
export type XmlPart = {
  /** Byte offsets: from `start`, up to `end` (not included; null: the file's end). */
  readonly start: number;
  readonly end: number | null;
  readonly before: string;
  readonly after: string;
  /** Told the parser's line once the part is written, before `after` is. */
  readonly onEnd?: (line: number) => void;
};

/** Sets the parser's handlers: each container's opening and closing, each record whole, to `emit`. */
function listen(
  parser: Parser,
  role: (name: string, containers: readonly string[]) => XmlRole,
  emit: (e: XmlEvent) => void,
  keepTexts: boolean,
): void {
  const containers: string[] = [];
  // The record being read, and the elements open inside it (0 is the record itself): their
  // paths, texts and whether they hold elements, in arrays reused from record to record.
  let record: { name: string; line: number; values: Map<string, string>; children: string[] } | null = null;
  const paths: string[] = [];
  const texts: string[] = [];
  const holds: boolean[] = [];
  let depth = 0;
  // Elements open inside a skipped one: passed over until it closes.
  let skipping = 0;
  // The line a start tag begins on (the root's often spans several, one per namespace).
  let line = 1;
  parser.on('opentagstart', () => {
    line = parser.line;
  });

  const open = (path: string) => {
    paths[depth] = path;
    texts[depth] = '';
    holds[depth] = false;
    depth++;
  };
  parser.on('opentag', (tag: SaxesTagPlain) => {
    // A self-closing element gets its closetag too, right after: every open counts.
    if (skipping > 0) {
      skipping++;
      return;
    }
    if (record) {
      holds[depth - 1] = true;
      if (depth === 1 && !record.children.includes(tag.name)) record.children.push(tag.name);
      const path = depth === 1 ? tag.name : `${paths[depth - 1]}/${tag.name}`;
      for (const a in tag.attributes) {
        const key = `${path}@${a}`;
        if (!record.values.has(key)) record.values.set(key, tag.attributes[a]);
      }
      open(path);
      return;
    }
    const r = containers.length === 0 ? 'container' : role(tag.name, containers);
    if (r === 'container') {
      emit({ kind: 'open', name: tag.name, attrs: tag.attributes, line });
      containers.push(tag.name);
    } else if (r === 'record') {
      record = { name: tag.name, line, values: new Map(), children: [] };
      for (const a in tag.attributes) record.values.set(`@${a}`, tag.attributes[a]);
      open('');
    } else skipping = 1;
  });

  const addText = (text: string) => {
    if (depth > 0 && skipping === 0) texts[depth - 1] += text;
  };
  // Without a text handler saxes does not gather the text between tags at all.
  if (keepTexts) {
    parser.on('text', addText);
    parser.on('cdata', addText);
  }

  parser.on('closetag', () => {
    if (skipping > 0) {
      skipping--;
      return;
    }
    if (record) {
      depth--;
      // Whitespace between child elements is layout, not text.
      if (!holds[depth] && !record.values.has(paths[depth])) record.values.set(paths[depth], texts[depth]);
      texts[depth] = '';
      if (depth === 0) {
        emit({ kind: 'record', record });
        record = null;
      }
      return;
    }
    emit({ kind: 'close', name: containers.pop() as string, line: parser.line });
  });
}

/**
 * The document's events in order, a batch per chunk read (a loop over an array costs far less
 * than an await per event, at a million records). The root element is always given as 'open'
 * (whatever `role` says of it) so that a reader can refuse a file that is not its format before
 * reading on. Malformed XML, a file cut short or one that is not XML at all is an
 * ImportFormatError naming the line; the events read before it are given first.
 */
export async function* xmlEvents(
  path: string,
  /** The format as the refusal of a file that is not XML names it: "a WordPress export (WXR)". */
  format: string,
  role: (name: string, containers: readonly string[]) => XmlRole,
  /**
   * Mend what WordPress's export gets wrong: bare `&` (wordpressAmpersands), and characters XML
   * cannot hold that wxr_cdata() lets through (pasted control characters): saxes reads past
   * them when told to, and they are dropped from the record they were in.
   */
  mend = false,
  /**
   * False when `role` never asks for a record (a first pass that only counts and checks): the
   * text between tags is then not gathered, which is a part of the parser's work.
   */
  texts = true,
  part: XmlPart | null = null,
): AsyncGenerator<readonly XmlEvent[]> {
  const parser: Parser = new SaxesParser({ xmlns: false, position: true });
  const ampersands = mend ? wordpressAmpersands() : null;
  let pending: XmlEvent[] = [];
  let rooted = false;
  let unfit = false;
  if (mend)
    parser.on('error', (e) => {
      if (!e.message.endsWith('disallowed character.')) throw e;
      unfit = true;
    });
  listen(
    parser,
    role,
    (e) => {
      rooted = true;
      if (unfit && e.kind === 'record') {
        const values = e.record.values as Map<string, string>;
        for (const [k, v] of values) values.set(k, v.replace(NOT_XML, ''));
        unfit = false;
      }
      pending.push(e);
    },
    texts,
  );
  let failure: ImportFormatError | null = null;
  const fail = (e: unknown) => {
    // saxes's message starts with "line:column: "; the position goes in the error's own place.
    const message = (e instanceof Error ? e.message : String(e)).replace(/^[^:]*?\d+:\d+: /, '');
    failure = rooted
      ? new ImportFormatError(
          `not well-formed XML (${message}): the file is damaged or cut short`,
          `line ${parser.line}`,
        )
      : new ImportFormatError(`not ${format}: the file is not XML (${message})`, `line ${parser.line}`);
  };
  // Disqus sends its export gzipped (….xml.gz), and a WordPress export is often kept so.
  const stream = part
    ? createReadStream(path, { start: part.start, ...(part.end === null ? {} : { end: part.end - 1 }) })
    : await openMaybeGzipped(path);
  try {
    let first = true;
    // A part cut past the file's start has no declaration to read: only UTF-8 files are cut.
    const text = xmlText(
      unzipErrors(stream, () => parser.line),
      part && part.start > 0 ? 'utf-8' : null,
    );
    for await (const raw of text) {
      const chunk = first ? raw.replace(/^\uFEFF/, '') : raw;
      try {
        if (first && part) parser.write(part.before);
        first = false;
        parser.write(ampersands ? ampersands(chunk, false) : chunk);
      } catch (e) {
        fail(e);
      }
      const events = pending;
      pending = [];
      if (events.length) yield events;
      if (failure) throw failure;
    }
    try {
      if (first && part) parser.write(part.before);
      if (ampersands) parser.write(ampersands('', true));
      if (part) {
        part.onEnd?.(parser.line);
        parser.write(part.after);
      }
      parser.close();
    } catch (e) {
      fail(e);
    }
    if (pending.length) yield pending;
    if (failure) throw failure;
  } finally {
    stream.destroy();
  }
}

/** The stream's chunks; a gzip file that does not unpack (cut short, damaged) is an ImportFormatError. */
async function* unzipErrors(stream: Readable, line: () => number): AsyncGenerator<Buffer> {
  try {
    yield* stream as AsyncIterable<Buffer>;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_'))
      throw new ImportFormatError(
        `the gzip file does not unpack (${(e as Error).message}): it is damaged or cut short`,
        `line ${line()}`,
      );
    throw e;
  }
}

/** "true"/"false" as an XML export writes them (xsd:boolean also allows 1 and 0). */
export function xmlBoolean(v: string | undefined): boolean | null {
  const t = v?.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return null;
}
