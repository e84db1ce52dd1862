// One id scheme for every table and every database: 26-character, lexicographically
// time-ordered ids (48-bit millisecond time + 80 random bits, Crockford base32).
// Sorting by id is sorting by creation time, so one keyset cursor works everywhere,
// and ids made on different servers of a cluster never collide.
import { randomFillSync } from 'node:crypto';

// Random bytes drawn 4 KiB at a time: one system call per ~400 ids instead of one each.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
function randomBytes(n: number): Uint8Array {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.slice(poolAt - n, poolAt);
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom = new Uint8Array(10);

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** An id for a given time, not monotonic: for seeding and imports of past comments. */
export function idAt(ms: number): string {
  return encodeTime(ms) + encodeRandom(new Uint8Array(randomBytes(10)));
}

/**
 * Ids for given past times (an import's) that keep the order they were made in when a time
 * repeats: comments of one millisecond still sort as their file lists them.
 */
export function idSequence(): (ms: number) => string {
  let last = -1;
  let random = new Uint8Array(10);
  return (ms) => {
    if (ms === last) {
      for (let i = random.length - 1; i >= 0; i--) {
        if (random[i] === 255) random[i] = 0;
        else {
          random[i]++;
          break;
        }
      }
    } else {
      last = ms;
      random = new Uint8Array(randomBytes(10));
      // Room to count up: a run of ids in one millisecond never wraps past the next one's.
      random[0] &= 0x7f;
    }
    return encodeTime(ms) + encodeRandom(random);
  };
}

/** Monotonic within one process: ids made in the same millisecond still sort in creation order. */
export function newId(now: number = Date.now()): string {
  if (now <= lastTime) {
    // Increment the random part so the order within one millisecond is kept.
    const next = new Uint8Array(lastRandom);
    for (let i = next.length - 1; i >= 0; i--) {
      if (next[i] === 255) next[i] = 0;
      else {
        next[i]++;
        break;
      }
    }
    lastRandom = next;
    return encodeTime(lastTime) + encodeRandom(next);
  }
  lastTime = now;
  lastRandom = new Uint8Array(randomBytes(10));
  return encodeTime(now) + encodeRandom(lastRandom);
}

/** The creation time encoded in an id's first ten characters. */
export function idTime(id: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + ALPHABET.indexOf(id[i]);
  return t;
}

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** `n` random bytes as hex, from the same pool: no system call each (a reply email's Message-ID). */
export function randomHex(n: number): string {
  return Buffer.from(randomBytes(n)).toString('hex');
}
