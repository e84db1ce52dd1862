// The signature receivers check: HMAC-SHA256 over "<unix seconds>.<body>" with the endpoint's
// secret, sent as `Parley-Signature: t=<seconds>,v1=<hex>`. The time inside the signed text lets
// a receiver refuse a replayed old delivery; during a rotation's overlap a second v1 is signed
// with the previous secret, so a receiver holding either secret accepts the delivery.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'parley-signature';

/** A new endpoint secret: 32 random bytes, prefixed so that one found lying around says what it is. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function sign(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

/** The header's value for a body sent at `t` (seconds), signed with each of `secrets`. */
export function signatureHeader(secrets: readonly string[], t: number, body: string): string {
  return [`t=${t}`, ...secrets.map((s) => `v1=${sign(s, t, body)}`)].join(',');
}

/**
 * Whether a header signs `body` with `secret` and its time is within `toleranceS` of `nowS`.
 * What a receiver does; the server's tests use it, docs/webhooks.md shows the same in a few lines.
 */
export function verifySignature(header: string, body: string, secret: string, nowS: number, toleranceS = 300): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(sign(secret, t, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v) return false;
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
