// What the JSON-based readers (Remark42, Commento, Comentario) share: opening a file that may be
// gzipped (Remark42's automatic backups and Commento's exports are), and reading the loosely typed
// values of a parsed record without trusting them.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

/** True when the file starts with gzip's two magic bytes, whatever its name. */
export async function isGzipped(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
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
