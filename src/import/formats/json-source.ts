// What the JSON-based readers (Remark42, Commento, Comentario) share: opening a file that may be
// gzipped (Remark42's automatic backups and Commento's exports are), and reading the loosely typed
// values of a parsed record without trusting them.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImportFormatError } from '../../core/import/source.ts';

const GZIP_MAGIC = [0x1f, 0x8b];

/** True when the file starts with gzip's two magic bytes, whatever its name. A file that cannot be read is refused here. */
export async function isGzipped(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    // No file, a folder, no permission: said plainly rather than as a stack trace.
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new ImportFormatError(`cannot read the file (${code})`, 'file');
    throw e;
  }
}

/** The file's bytes, gunzipped on the way when it is gzipped: one stream, never the whole file. */
export async function openMaybeGzipped(path: string): Promise<Readable> {
  const gzipped = await isGzipped(path);
  const raw = createReadStream(path);
  if (!gzipped) return raw;
  const gunzip = createGunzip();
  // A read error (the file vanished) reaches the consumer through the stream it reads.
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/**
 * The lines of a text stream, numbered from 1, without their line ends. Unlike readline, a line
 * longer than maxChars is refused instead of held: a file of another format (one huge JSON
 * document) cannot make a line reader load it whole.
 */
export async function* boundedLines(input: Readable, maxChars: number): AsyncGenerator<{ n: number; line: string }> {
  input.setEncoding('utf8');
  let pending = '';
  let n = 0;
  const tooLong = () =>
    new ImportFormatError(`a line longer than ${maxChars} characters: not one record a line`, `line ${n + 1}`);
  for await (const chunk of input as AsyncIterable<string>) {
    // What came before this chunk holds no line end: only the new text is searched.
    const from = pending.length;
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n', from); end !== -1; end = pending.indexOf('\n', start)) {
      if (end - start > maxChars) throw tooLong();
      yield { n: ++n, line: pending.slice(start, pending[end - 1] === '\r' ? end - 1 : end) };
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxChars) throw tooLong();
  }
  if (pending) yield { n: ++n, line: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}

/** A value as a message shows it: JSON, cut short, so that a broken record cannot flood the report. */
export function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** An id as a message shows it, cut short likewise. */
export const clip = (id: string): string => (id.length > 60 ? `${id.slice(0, 60)}…` : id);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string, or null. */
export const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

// RFC 3339 as Go writes time.Time (fractions of up to nine digits, "Z" or an offset). Date.parse
// alone would also take "March 7" or "2020": a date the file does not really state is refused.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** Milliseconds since the epoch of an RFC 3339 date, or null when it is not one. */
export function rfc3339(v: unknown): number | null {
  if (typeof v !== 'string' || !RFC3339.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}
