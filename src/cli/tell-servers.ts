// After a command changes what readers see (an import, an erasure), the servers running on the
// same PostgreSQL database hear of it and drop their cached pages at once. On SQLite there is no
// channel between processes: a cached page ends within PARLEY_READ_CACHE_SECONDS.
import type { Store } from '../core/ports.ts';
import { announceOutsideChange } from '../store/dialects/postgres/coordinator.ts';
import type { PostgresStore } from '../store/dialects/postgres/open.ts';

export async function tellServers(store: Store, reason: string): Promise<void> {
  const pool = (store as Partial<PostgresStore>).pool;
  if (!pool) return;
  // The change is made: a server that misses this still drops the page when it ages out.
  await announceOutsideChange(pool, reason).catch(() => undefined);
}
