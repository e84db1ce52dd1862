// Akismet clients send application/x-www-form-urlencoded in UTF-8 or in the blog's declared
// charset (WordPress sends `; charset=` + its blog_charset, sometimes ISO-8859-1). Unlike our
// own comment form (strict: a comment must never be silently altered), this decodes leniently:
// a third-party site's bytes get a verdict, not a 400, and a broken byte becomes U+FFFD.
import { unescape as unescapeQuery } from 'node:querystring';
import type { AkismetFields } from '../../../core/akismet/akismet-service.ts';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;
const decoders = new Map<string, TextDecoder | null>();

/** A decoder for a declared charset other than UTF-8, or null for UTF-8 (and for names we do not know). */
function decoderFor(contentType: string | undefined): TextDecoder | null {
  // A client sends the same content type on every call.
  if (contentType === lastType.contentType) return lastType.decoder;
  const label = contentType ? CHARSET.exec(contentType)?.[1]?.toLowerCase() : undefined;
  let d: TextDecoder | null | undefined = null;
  if (label && label !== 'utf-8' && label !== 'utf8') {
    d = decoders.get(label);
    if (d === undefined) {
      try {
        d = new TextDecoder(label);
        if (d.encoding === 'utf-8') d = null;
      } catch {
        d = null;
      }
      if (decoders.size < 50) decoders.set(label, d);
    }
  }
  lastType = { contentType, decoder: d };
  return d;
}
let lastType: { contentType: string | undefined; decoder: TextDecoder | null } = {
  contentType: undefined,
  decoder: null,
};

export function parseAkismetForm(body: Buffer, contentType: string | undefined): AkismetFields {
  const decoder = decoderFor(contentType);
  return decoder ? parseBytes(body, decoder) : parseUtf8(body);
}

const MAX_PAIRS = 2000;
const AMP = 0x26;
const EQ = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

/**
 * What `querystring.parse(body.toString('utf8'), '&', '=', { maxKeys: 2000 })` gives, keeping
 * the last value of a repeated name, read straight from the bytes: this runs on every request,
 * and decoding the whole body to a string, scanning that string and then decodeURIComponent on
 * most values cost more than the rest of a request's form handling. The rules are querystring's:
 * a pair without "=" is a name with an empty value, only the first "=" splits, "+" is a space,
 * empty pairs count towards the limit. test/http/akismet-form.test.ts compares the two on
 * random bytes.
 */
function parseUtf8(body: Buffer): AkismetFields {
  const out: Record<string, string> = Object.create(null);
  const len = body.length;
  let pairs = MAX_PAIRS;
  let start = 0;
  while (start <= len) {
    let eq = -1;
    let high = 0;
    let end = start;
    for (; end < len; end++) {
      const c = body[end];
      if (c === AMP) break;
      if (c === EQ && eq < 0) eq = end;
      high |= c;
    }
    if (end > start) {
      if (high & 0x80) exactPair(out, body, start, end);
      else if (eq < 0) out[asciiPart(body, start, end)] = '';
      else out[asciiPart(body, start, eq)] = asciiPart(body, eq + 1, end);
    } else if (end === len) break;
    if (--pairs === 0) break;
    start = end + 1;
  }
  return out;
}

let scratch = Buffer.allocUnsafe(4096);

/**
 * A name or value of ASCII bytes. querystring gives, there, the bytes with "+" as a space and
 * every "%" followed by two hex digits as that byte, decoded as UTF-8 with U+FFFD for what is not
 * UTF-8: decodeURIComponent when that succeeds, and its fallback (unescapeBuffer, then a lenient
 * decode) when it throws, come to the same for ASCII input. Its test of whether to decode at
 * all only ever skips parts that decoding would leave as they are.
 */
function asciiPart(body: Buffer, from: number, to: number): string {
  let i = from;
  while (i < to && body[i] !== PLUS && body[i] !== PERCENT) i++;
  if (i === to) return body.toString('latin1', from, to);
  if (scratch.length < to - from) scratch = Buffer.allocUnsafe(Math.max(to - from, scratch.length * 2));
  const out = scratch;
  let n = body.copy(out, 0, from, i);
  for (; i < to; i++) {
    const c = body[i];
    if (c === PLUS) out[n++] = SPACE;
    else if (c === PERCENT && i + 2 < to && isHex(body[i + 1]) && isHex(body[i + 2])) {
      out[n++] = (hexValue(body[i + 1]) << 4) | hexValue(body[i + 2]);
      i += 2;
    } else out[n++] = c;
  }
  return out.toString('utf8', 0, n);
}

/**
 * A pair holding raw bytes ≥ 0x80 (a client that did not percent-encode): querystring's own
 * steps on its own decoding of the bytes, quirks included. Its test of whether a part needs
 * decoding (a "%" and two hex digits, with a name's bytes counted towards the value's test once
 * the name qualifies) matters here, as its fallback decoder mangles characters above U+00FF.
 */
function exactPair(out: Record<string, string>, body: Buffer, start: number, end: number): void {
  let eq = -1;
  let nameEncoded = false;
  let valueEncoded = false;
  let check = 0;
  for (let i = start; i < end; i++) {
    const c = body[i];
    if (eq < 0) {
      if (c === EQ) {
        eq = i;
        check = 0;
        continue;
      }
      if (!nameEncoded) {
        if (c === PERCENT) {
          check = 1;
          continue;
        }
        if (check > 0) {
          if (isHex(c)) {
            if (++check === 3) nameEncoded = true;
            continue;
          }
          check = 0;
        }
      }
      if (c === PLUS) continue;
    } else if (c === PLUS) continue;
    if (!valueEncoded) {
      if (c === PERCENT) check = 1;
      else if (check > 0) {
        if (isHex(c)) {
          if (++check === 3) valueEncoded = true;
        } else check = 0;
      }
    }
  }
  const part = (from: number, to: number, encoded: boolean) => {
    if (from === to) return '';
    const s = body.toString('utf8', from, to).replaceAll('+', ' ');
    return encoded ? unescapeQuery(s) : s;
  };
  if (eq < 0) out[part(start, end, nameEncoded)] = '';
  else out[part(start, eq, nameEncoded)] = part(eq + 1, end, valueEncoded);
}

function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
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
