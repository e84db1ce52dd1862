// Keys for the machine-facing APIs: the Akismet-compatible API (one key per integration of a
// site) and the moderation API. Only a hash is stored; the key is shown once, at creation.
//
// Akismet keys are 12 characters (the WordPress plugin refuses any other length) of lower-case
// letters and digits, since clients also send them as the first label of a host name, where
// case is lost. 36^12 ≈ 4.7 × 10^18 keys; lookups are by hash, so guessing costs a request each.
import { createHash, randomInt } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { ApiKeyRow, ApiKeyStore } from '../ports.ts';

export type KeyScope = ApiKeyRow['scope'];
const AKISMET_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MODERATION_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** How long a lookup is remembered: a revocation reaches every server within this time. */
const CACHE_MS = 10_000;
const FLUSH_MS = 10_000;

function randomString(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

export function normalizeKey(key: string, scope: KeyScope): string {
  return scope === 'akismet' ? key.trim().toLowerCase() : key.trim();
}

export function hashApiKey(key: string, scope: KeyScope): string {
  return createHash('sha256')
    .update(`${scope}:${normalizeKey(key, scope)}`)
    .digest('hex');
}

export const isAkismetKeyShape = (key: string) => /^[a-z0-9]{12}$/i.test(key.trim());

let cachedMonth = { from: 0, to: 0, value: '' };
/** "YYYY-MM" (UTC) of a time; remembered for the rest of the month, as every call is counted. */
export function month(ms: number): string {
  if (ms >= cachedMonth.from && ms < cachedMonth.to) return cachedMonth.value;
  const d = new Date(ms);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  cachedMonth = { from, to, value: d.toISOString().slice(0, 7) };
  return cachedMonth.value;
}

export class ApiKeys {
  readonly #store: ApiKeyStore;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { row: ApiKeyRow | null; at: number }>();
  /** Calls counted since the last flush, by "month:keyHash". */
  readonly #pending = new Map<string, { keyHash: string; month: string; calls: number }>();
  #timer: NodeJS.Timeout | null = null;

  constructor(store: ApiKeyStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async create(siteId: string, scope: KeyScope, label: string | null = null): Promise<{ key: string; row: ApiKeyRow }> {
    // The prefix says what a key opens (pm_: moderation, pa_: admin), for whoever finds one in a config file.
    const key =
      scope === 'akismet'
        ? randomString(AKISMET_ALPHABET, 12)
        : `${scope === 'admin' ? 'pa_' : 'pm_'}${randomString(MODERATION_ALPHABET, 32)}`;
    const row: ApiKeyRow = {
      key_hash: hashApiKey(key, scope),
      prefix: key.slice(0, scope === 'akismet' ? 4 : 7),
      site_id: siteId,
      scope,
      label,
      created_at: this.#clock.now(),
      revoked_at: null,
    };
    await this.#store.createApiKey(row);
    return { key, row };
  }

  /** The live key row for a presented key, or null (unknown, revoked or malformed). */
  async resolve(key: string | undefined | null, scope: KeyScope): Promise<ApiKeyRow | null> {
    if (!key || key.length > 200) return null;
    // Remembered by the key as presented, so a hit costs no hashing (keys arrive on every request).
    const cacheKey = `${scope}:${key}`;
    const now = this.#clock.now();
    const hit = this.#cache.get(cacheKey);
    if (hit && now - hit.at < CACHE_MS) return hit.row;
    const row = (await this.#store.findApiKey(hashApiKey(key, scope))) ?? null;
    const live = row && row.scope === scope && row.revoked_at === null ? row : null;
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(cacheKey, { row: live, at: now });
    return live;
  }

  list(scope: KeyScope): Promise<ApiKeyRow[]> {
    return this.#store.listApiKeys(scope);
  }

  /** Revokes by the full key or by its listed prefix (when that names exactly one live key). */
  async revoke(keyOrPrefix: string, scope: KeyScope): Promise<ApiKeyRow | null> {
    const rows = (await this.#store.listApiKeys(scope)).filter((r) => r.revoked_at === null);
    const hash = hashApiKey(keyOrPrefix, scope);
    const byPrefix = rows.filter((r) => r.prefix === normalizeKey(keyOrPrefix, scope));
    const row = rows.find((r) => r.key_hash === hash) ?? (byPrefix.length === 1 ? byPrefix[0] : null);
    if (!row) return null;
    await this.#store.revokeApiKey(row.key_hash, this.#clock.now());
    this.#cache.clear();
    return row;
  }

  /** Counts a call; counts are written in batches, not on every request. */
  count(keyHash: string): void {
    const m = month(this.#clock.now());
    const id = `${m}:${keyHash}`;
    const e = this.#pending.get(id);
    if (e) e.calls++;
    else this.#pending.set(id, { keyHash, month: m, calls: 1 });
    this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), FLUSH_MS).unref();
  }

  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const entries = [...this.#pending.values()];
    this.#pending.clear();
    await this.#store.addApiUsage(entries);
  }

  /** Calls this month, counted by every server (pending counts of this one included). */
  async usage(keyHash: string): Promise<number> {
    await this.flush();
    return this.#store.apiUsage(keyHash, month(this.#clock.now()));
  }

  async close(): Promise<void> {
    await this.flush().catch(() => {});
  }
}
