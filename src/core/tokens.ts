// Signed, time-stamped tokens: the form token (issued with the form; the spam checks read
// its age), the view token (lets an author see their own held comment for 10 minutes),
// and edit tokens (random; only their hash is stored).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 32);
}

function verify(secret: string, token: string, parts: number): string[] | null {
  if (typeof token !== 'string' || token.length > 300) return null;
  const fields = token.split('.');
  if (fields.length !== parts + 1) return null;
  const mac = fields.pop()!;
  const expected = sign(secret, fields.join('.'));
  const a = Buffer.from(mac);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? fields : null;
}

export function issueFormToken(secret: string, siteId: string, now: number): string {
  const payload = `f1.${siteId}.${now.toString(36)}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** Returns when the form was issued, or null when the token is not ours or for another site. */
export function readFormToken(secret: string, token: string, siteId: string): { issuedAt: number } | null {
  const f = verify(secret, token, 3);
  if (f?.[0] !== 'f1' || f[1] !== siteId) return null;
  const issuedAt = parseInt(f[2], 36);
  return Number.isFinite(issuedAt) ? { issuedAt } : null;
}

export const VIEW_TOKEN_MS = 10 * 60 * 1000;

export function issueViewToken(secret: string, commentId: string, now: number): string {
  const payload = `v1.${commentId}.${(now + VIEW_TOKEN_MS).toString(36)}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function readViewToken(secret: string, token: string, now: number): { commentId: string } | null {
  const f = verify(secret, token, 3);
  if (f?.[0] !== 'v1') return null;
  const expires = parseInt(f[2], 36);
  return Number.isFinite(expires) && now < expires ? { commentId: f[1] } : null;
}

export function newEditToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashEditToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function editTokenMatches(token: unknown, storedHash: string | null): boolean {
  if (typeof token !== 'string' || !storedHash || token.length > 100) return false;
  const a = Buffer.from(hashEditToken(token));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function keyedHash(secret: string, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
