// The text of an XML export in the encoding the file says it is in. XML's default is UTF-8, and
// every current exporter writes it, but WordPress writes the blog's own charset into the
// declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>` on an old blog kept in Latin-1), and
// a file saved by a Windows editor may be UTF-16 with a byte-order mark. Read as UTF-8, such a
// file imports without an error and every accented letter turned into U+FFFD: the encoding is
// found first, from the byte-order mark or the declaration, and the bytes decoded with it.
import { StringDecoder } from 'node:string_decoder';

/** How many bytes at the start of a file are enough to hold a byte-order mark and the declaration. */
export const HEAD_BYTES = 256;

// The declaration's encoding, read from the head as Latin-1 (the declaration itself is ASCII).
// Anchored and bounded by HEAD_BYTES: no backtracking over a long input.
const DECLARED = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]{0,39})["']/;

/** The encoding the file's first bytes name, by its WHATWG name: 'utf-8' unless they say otherwise. */
export function xmlEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a mark still starts with "<?" (XML 1.0, appendix F).
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return 'utf-16be';
  const declared = DECLARED.exec(head.subarray(0, HEAD_BYTES).toString('latin1'))?.[1];
  if (!declared) return 'utf-8';
  // The encoding's own name ("latin1" is windows-1252); a label that names none (WordPress once
  // let the charset be typed in by hand: "utf8mb4", "UTF-8N") is read as UTF-8, as every file
  // was before labels were read.
  // A declaration readable as ASCII is not in UTF-16, whatever it says.
  try {
    const name = new TextDecoder(declared).encoding;
    return name.startsWith('utf-16') ? 'utf-8' : name;
  } catch {
    return 'utf-8';
  }
}

/** Whether a label names UTF-8 (the encodings a first pass may cut at any byte offset). */
export const isUtf8 = (label: string): boolean => label === 'utf-8';

type Decoder = { write(chunk: Buffer): string; end(): string };

/** A decoder for an encoding's name (as xmlEncoding gives it). */
function decoderFor(label: string): Decoder {
  // The decoder stream.setEncoding('utf8') uses: UTF-8 files, nearly all of them, cost what
  // they cost before.
  if (isUtf8(label)) return new StringDecoder('utf8');
  const d = new TextDecoder(label);
  return { write: (c) => d.decode(c, { stream: true }), end: () => d.decode() };
}

/**
 * The file's bytes as text. `known` skips the sniffing (a part of a file cut at a byte offset has
 * no declaration of its own).
 */
export async function* xmlText(bytes: AsyncIterable<Buffer>, known: string | null = null): AsyncGenerator<string> {
  let decoder = known === null ? null : decoderFor(known);
  let head: Buffer = Buffer.alloc(0);
  for await (const chunk of bytes) {
    if (decoder) {
      yield decoder.write(chunk);
      continue;
    }
    head = head.length ? Buffer.concat([head, chunk]) : chunk;
    if (head.length < HEAD_BYTES) continue;
    decoder = decoderFor(xmlEncoding(head));
    yield decoder.write(head);
  }
  // A file shorter than HEAD_BYTES.
  if (!decoder) {
    decoder = decoderFor(xmlEncoding(head));
    if (head.length) yield decoder.write(head);
  }
  const tail = decoder.end();
  if (tail) yield tail;
}
