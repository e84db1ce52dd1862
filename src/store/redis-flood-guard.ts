// Flood control counters in Redis, for sites that want them off the database: one key per
// network and per email, set only if absent, expiring after the flood interval. SET NX is
// atomic, so two servers receiving the same commenter at the same instant cannot both pass.
import { createClient } from 'redis';
import type { FloodGuard } from '../core/ports.ts';

export class RedisFloodGuard implements FloodGuard {
  readonly kind = 'redis';
  readonly #client: ReturnType<typeof createClient>;

  constructor(url: string) {
    this.#client = createClient({ url, socket: { connectTimeout: 3000 } });
    // Errors surface on the command that meets them; the client reconnects by itself.
    this.#client.on('error', () => undefined);
  }

  async connect(): Promise<this> {
    await this.#client.connect();
    return this;
  }

  async hit(keys: string[], windowMs: number, now: number): Promise<number | null> {
    const multi = this.#client.multi();
    for (const k of keys)
      multi.set(`parley:flood:${k}`, String(now), { condition: 'NX', expiration: { type: 'PX', value: windowMs } });
    for (const k of keys) multi.pTTL(`parley:flood:${k}`);
    const replies = (await multi.exec()) as unknown[];
    const set = replies.slice(0, keys.length);
    const ttls = replies.slice(keys.length).map(Number);
    // Blocked when any key already existed; wait for the longest-lived of those.
    const waits = set.map((r, i) => (r === 'OK' ? 0 : Math.max(ttls[i], 1))).filter((w) => w > 0);
    return waits.length ? Math.max(...waits) : null;
  }

  async close(): Promise<void> {
    await this.#client.quit().catch(() => undefined);
  }
}
