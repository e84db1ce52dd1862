// The storage implementations the behaviour suite runs against. SQLite always; PostgreSQL
// when reachable (always in CI, where a missing server fails the run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports.ts';
import { openSqlite } from '../../src/store/dialects/sqlite/open.ts';
import { openPostgres } from '../../src/store/dialects/postgres/open.ts';
import { freshPostgres } from '../helpers/postgres.ts';

export type Backend = { name: string; open(): Promise<{ store: Store; cleanup(): Promise<void> } | null> };

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'parley-contract-'));
      const store = await openSqlite({ path: join(dir, 'p.db') });
      return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await freshPostgres();
      if (!db) return null;
      const store = await openPostgres({ url: db.url });
      return { store, cleanup: () => db.drop() };
    },
  },
];
