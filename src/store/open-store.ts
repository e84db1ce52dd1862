// Opens the install's database as its configuration says: PostgreSQL when a URL is given, the
// embedded SQLite file otherwise. The server and every CLI command open it here, so the CLI
// needs nothing of the server's.
import type { Secrets } from '../core/comments/comment-service.ts';
import type { Store } from '../core/ports.ts';
import { newSecret } from '../core/tokens.ts';
import { openPostgres } from './dialects/postgres/open.ts';
import { openSqlite } from './dialects/sqlite/open.ts';
import { checkSqlitePath, postgresOpenError, sqliteOpenError } from './startup-errors.ts';

export { StartupError } from './startup-errors.ts';

/** The configuration's database fields (src/config has them); declared here so storage does not import the configuration. */
export type StoreConfig = {
  readonly databaseUrl: string;
  readonly databasePool: number;
  readonly dbPath: string;
  readonly sqliteSynchronous: 'full' | 'normal';
};

/** Opens (and migrates) the database; a problem the operator must fix is a StartupError naming it. */
export async function openStore(
  config: StoreConfig,
  options: { bulkWrites?: boolean } = {},
): Promise<Store & { applied?: string[] }> {
  if (config.databaseUrl) {
    try {
      return await openPostgres({ url: config.databaseUrl, poolSize: config.databasePool });
    } catch (err) {
      throw postgresOpenError(config.databaseUrl, err);
    }
  }
  checkSqlitePath(config.dbPath);
  try {
    return await openSqlite({
      path: config.dbPath,
      synchronous: config.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL',
      // An import writes a whole site: its writer keeps the growing indexes' recent pages in
      // memory (8 MB: 16 gained no speed, and an import must stay under 300 MB in all).
      writerCacheKiB: options.bulkWrites ? 8192 : undefined,
      importing: options.bulkWrites,
    });
  } catch (err) {
    throw sqliteOpenError(config.dbPath, err);
  }
}

/** The install's keys, made on first start and shared by every server of a cluster. */
export async function loadSecrets(store: Store): Promise<Secrets> {
  const s = await store.loadOrCreateSecrets(() => ({
    ip: newSecret(),
    form: newSecret(),
    edit: newSecret(),
    view: newSecret(),
  }));
  return { ip: s.ip, form: s.form, edit: s.edit, view: s.view };
}
