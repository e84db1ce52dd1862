// Moderators' passwords, hashed with scrypt from node:crypto. The stored form names its own
// parameters, so they can be raised later without invalidating older hashes:
//   scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<hash, base64url>
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// N = 2^15, r = 8: 32 MiB and roughly 50–100 ms per hash on a 2-core server, cheap for a
// login and expensive for an offline guesser.
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Long passphrases are welcome; beyond this, hashing costs grow with no security to gain. */
export const PASSWORD_MAX = 1024;
export const PASSWORD_MIN = 12;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, R, P);
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 4)
    return false;
  const expected = Buffer.from(parts[5], 'base64url');
  const key = await derive(password, Buffer.from(parts[4], 'base64url'), logN, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Why a new password is refused, or null. */
export function passwordProblem(password: string): string | null {
  const n = [...password].length;
  if (n < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (n > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  return null;
}
