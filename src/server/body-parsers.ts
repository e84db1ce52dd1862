// Strict body parsers. Fastify's defaults turn invalid UTF-8 into U+FFFD without a word and
// accept text/plain: a comment must never be silently altered, so bad bytes are a 400 here.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch (cause) {
    throw new AppError('BAD_JSON', { params: { reason: 'invalid UTF-8' }, cause });
  }
}

export function strictJson(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      const text = decodeUtf8(body as Buffer);
      if (text.trim() === '') return done(new AppError('BAD_JSON', { params: { reason: 'empty body' } }));
      // JSON.parse never produces __proto__ setters on plain parse; reviver not needed.
      done(null, JSON.parse(text));
    } catch (err) {
      done(
        err instanceof AppError ? err : new AppError('BAD_JSON', { params: { reason: 'malformed JSON' }, cause: err }),
      );
    }
  });
}

/** application/x-www-form-urlencoded with percent-escapes decoded strictly as UTF-8. */
export function parseForm(body: Buffer): Record<string, string> {
  const text = decodeUtf8(body);
  const out: Record<string, string> = Object.create(null);
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    out[percentDecode(rawKey)] = percentDecode(rawValue);
  }
  return out;
}

function percentDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  if (!plus.includes('%')) return plus;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < plus.length; i++) {
    const ch = plus[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(plus.slice(i + 1, i + 3))) {
      bytes.push(parseInt(plus.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const cp = plus.codePointAt(i)!;
      if (cp > 0xffff) i++;
      bytes.push(...enc.encode(String.fromCodePoint(cp)));
    }
  }
  return decodeUtf8(Buffer.from(bytes));
}

export function formParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as Buffer));
    } catch (err) {
      done(err as Error);
    }
  });
}
