// Signed links in notification emails. They carry the address's id, never the address itself
// (a link ends up in logs and browser histories), and a MAC under a key derived from the
// install's secret. Unsubscribe links never expire: RFC 8058 clients may POST them any time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CONFIRM_TOKEN_MS = 48 * 3_600_000;

function mac(key: string, payload: string): string {
  return createHmac('sha256', key).update(`mail\u0000${payload}`).digest('base64url').slice(0, 32);
}

function open(key: string, token: unknown, kind: string, parts: number): string[] | null {
  if (typeof token !== 'string' || token.length > 300) return null;
  const f = token.split('.');
  if (f.length !== parts + 2 || f[0] !== kind) return null;
  const got = Buffer.from(f.pop()!);
  const want = Buffer.from(mac(key, f.join('.')));
  return got.length === want.length && timingSafeEqual(got, want) ? f.slice(1) : null;
}

function seal(key: string, ...fields: string[]): string {
  const payload = fields.join('.');
  return `${payload}.${mac(key, payload)}`;
}

export function confirmToken(key: string, addressId: string, now: number): string {
  return seal(key, 'mc1', addressId, (now + CONFIRM_TOKEN_MS).toString(36));
}

export function readConfirmToken(key: string, token: unknown, now: number): { addressId: string } | null {
  const f = open(key, token, 'mc1', 2);
  if (!f) return null;
  return now < parseInt(f[1], 36) ? { addressId: f[0] } : null;
}

/** Unsubscribes the address from one thread, or from everything (threadId null). */
export function unsubscribeToken(key: string, addressId: string, threadId: string | null): string {
  return seal(key, 'mu1', addressId, threadId ?? '-');
}

export function readUnsubscribeToken(
  key: string,
  token: unknown,
): { addressId: string; threadId: string | null } | null {
  const f = open(key, token, 'mu1', 2);
  return f && { addressId: f[0], threadId: f[1] === '-' ? null : f[1] };
}

export function manageToken(key: string, addressId: string): string {
  return seal(key, 'mm1', addressId);
}

export function readManageToken(key: string, token: unknown): { addressId: string } | null {
  const f = open(key, token, 'mm1', 1);
  return f && { addressId: f[0] };
}

// Moderators' alert links. An action link names the account, the comment and the action, and
// expires: it stands in for a signed-in session, so a mail forwarded or read late must not
// keep that power. The link that turns alerts off never expires (RFC 8058, as above).
export const MODERATE_TOKEN_MS = 7 * 86_400_000;
export type MailedAction = 'approve' | 'spam' | 'delete';
const MAILED_ACTIONS: readonly string[] = ['approve', 'spam', 'delete'];
export type AlertKind = 'held' | 'report';

export function moderateToken(key: string, userId: string, commentId: string, action: MailedAction, now: number) {
  return seal(key, 'ma1', userId, commentId, action, (now + MODERATE_TOKEN_MS).toString(36));
}

/** The link's parts, or null when it was not made by us; `expired` when it was, but too long ago. */
export function readModerateToken(
  key: string,
  token: unknown,
  now: number,
): { userId: string; commentId: string; action: MailedAction; expired: boolean } | null {
  const f = open(key, token, 'ma1', 4);
  if (!f || !MAILED_ACTIONS.includes(f[2])) return null;
  return { userId: f[0], commentId: f[1], action: f[2] as MailedAction, expired: now >= parseInt(f[3], 36) };
}

/** Turns the named kinds of a moderator's alerts on a site to never. */
export function alertsOffToken(key: string, userId: string, siteId: string, kinds: AlertKind[]): string {
  return seal(key, 'mo1', userId, siteId, [...new Set(kinds)].sort().join('+'));
}

export function readAlertsOffToken(
  key: string,
  token: unknown,
): { userId: string; siteId: string; kinds: AlertKind[] } | null {
  const f = open(key, token, 'mo1', 3);
  const kinds = f?.[2].split('+') ?? [];
  if (!f || !kinds.length || !kinds.every((k) => k === 'held' || k === 'report')) return null;
  return { userId: f[0], siteId: f[1], kinds: kinds as AlertKind[] };
}
