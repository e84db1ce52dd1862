// Akismet clients send application/x-www-form-urlencoded in UTF-8 or in the blog's declared
// charset (WordPress sends `; charset=` + its blog_charset, sometimes ISO-8859-1). Unlike our
// own comment form (strict: a comment must never be silently altered), this decodes leniently:
// a third-party site's bytes get a verdict, not a 400, and a broken byte becomes U+FFFD.
import { parse } from 'node:querystring';
import type { AkismetFields } from '../../../core/akismet/akismet-service.ts';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;
const decoders = new Map<string, TextDecoder | null>();

/** A decoder for a declared charset other than UTF-8, or null for UTF-8 (and for names we do not know). */
function decoderFor(contentType: string | undefined): TextDecoder | null {
  const label = contentType ? CHARSET.exec(contentType)?.[1]?.toLowerCase() : undefined;
  if (!label || label === 'utf-8' || label === 'utf8') return null;
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label);
      if (d.encoding === 'utf-8') d = null;
    } catch {
      d = null;
    }
    if (decoders.size < 50) decoders.set(label, d);
  }
  return d;
}

export function parseAkismetForm(body: Buffer, contentType: string | undefined): AkismetFields {
  const decoder = decoderFor(contentType);
  return decoder ? parseBytes(body, decoder) : lastValues(parse(body.toString('utf8'), '&', '=', { maxKeys: 2000 }));
}

/** querystring gives arrays for repeated names: keep the last value. Its objects have no prototype. */
function lastValues(q: Record<string, string | string[] | undefined>): AkismetFields {
  for (const k in q) {
    const v = q[k];
    if (Array.isArray(v)) q[k] = v[v.length - 1];
  }
  return q as AkismetFields;
}

/** For single-byte and other charsets: percent-escapes are bytes of that charset, as are raw bytes. */
function parseBytes(body: Buffer, decoder: TextDecoder): AkismetFields {
  const out: Record<string, string> = Object.create(null);
  const text = body.toString('latin1');
  let n = 0;
  for (const pair of text.split('&')) {
    if (!pair || ++n > 2000) continue;
    const eq = pair.indexOf('=');
    const name = decodeBytes(eq < 0 ? pair : pair.slice(0, eq), decoder);
    out[name] = decodeBytes(eq < 0 ? '' : pair.slice(eq + 1), decoder);
  }
  return out;
}

function decodeBytes(s: string, decoder: TextDecoder): string {
  const bytes = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) bytes[n++] = 0x20;
    else if (c === 0x25 && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      bytes[n++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else bytes[n++] = c;
  }
  return decoder.decode(bytes.subarray(0, n));
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
