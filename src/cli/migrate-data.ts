// `parley migrate-data`: copies a SQLite install into PostgreSQL, then proves the copy.
// The source is read inside one SQLite read transaction (a single consistent snapshot);
// the target gets batches of `INSERT … ON CONFLICT (key) DO NOTHING`, each in its own
// transaction, so a second run, or a run after an interruption, adds only what is missing.
// Verification reads both sides in key order and hashes a canonical form of every row.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { openSqlite } from '../store/dialects/sqlite/open.ts';
import { openPostgres } from '../store/dialects/postgres/open.ts';
import { sqliteMigrations } from '../store/migrations/sqlite/index.ts';

// This command copies tables by name at the SQL level, whatever their columns: no static schema
// describes that, so the database is untyped here (as in migrations).
// biome-ignore lint/suspicious/noExplicitAny: tables are chosen by name at run time
type AnyDb = Kysely<any>;

// Dependency order: threads need sites, comments need threads and (replies) older comments.
// Ids sort by creation time, so key order puts every parent comment before its replies.
// Every table the migrations create is listed (test/migrate-data.test.ts checks it).
export const TABLES: readonly { name: string; key: string | readonly string[] }[] = [
  { name: 'secrets', key: 'name' },
  { name: 'sites', key: 'id' },
  { name: 'threads', key: 'id' },
  { name: 'comments', key: 'id' },
  { name: 'spam_discards', key: 'id' },
  { name: 'spam_corrections', key: 'id' },
  { name: 'spam_layers', key: 'site_id' },
  { name: 'api_keys', key: 'key_hash' },
  { name: 'api_usage', key: 'id' },
  { name: 'users', key: 'id' },
  { name: 'memberships', key: 'id' },
  { name: 'invitations', key: 'id' },
  { name: 'sessions', key: 'id' },
  { name: 'audit_log', key: 'id' },
  { name: 'reports', key: 'id' },
  { name: 'bans', key: 'id' },
  { name: 'mail_addresses', key: 'id' },
  { name: 'mail_subscriptions', key: 'id' },
  { name: 'mail_outbox', key: 'id' },
  { name: 'mail_reply_pending', key: 'comment_id' },
  { name: 'mail_suppressions', key: 'id' },
  { name: 'webhook_endpoints', key: 'id' },
  { name: 'webhook_deliveries', key: 'id' },
  { name: 'moderator_alerts', key: 'id' },
  { name: 'import_keys', key: ['site_id', 'format', 'kind', 'source_key'] },
];
const PG_MAX_PARAMS = 65_535;

export type Progress = { table: string; done: number; total: number };
export type TableReport = {
  table: string;
  sourceRows: number;
  targetRows: number;
  copied: number;
  sourceChecksum: string;
  targetChecksum: string;
  /** KEPT TARGET: differs only by secrets the target already had (reported as warnings). */
  status: 'OK' | 'MISMATCH' | 'KEPT TARGET';
};
export type Report = { ok: boolean; tables: TableReport[]; warnings: string[]; ms: number };
export type MigrateOptions = { from: string; to: string; batchSize?: number; progress?: (p: Progress) => void };

type Column = { name: string; numeric: boolean };
type Row = Record<string, unknown>;

/** One line per row, the same on both sides: BIGINT arrives as a string from pg, a number from SQLite. */
function canonical(columns: Column[], row: Row): string {
  return JSON.stringify(
    columns.map((c) => (row[c.name] == null ? null : c.numeric ? Number(row[c.name]) : row[c.name])),
  );
}

const keyColumns = (key: string | readonly string[]): readonly string[] => (typeof key === 'string' ? [key] : key);

/**
 * Rows in byte order of the key, a column or several (PostgreSQL's text uses the database
 * collation: force "C"); pages continue after the last row's key, compared as a row value.
 */
async function* pages(
  db: AnyDb,
  table: string,
  key: string | readonly string[],
  size: number,
  postgres: boolean,
): AsyncGenerator<Row[]> {
  const names = keyColumns(key);
  const refs = names.map((n) => (postgres ? sql`${sql.ref(n)} collate "C"` : sql`${sql.ref(n)}`));
  let last: unknown[] | null = null;
  for (;;) {
    let q = db.selectFrom(table).selectAll().limit(size);
    for (const r of refs) q = q.orderBy(r);
    if (last !== null) q = q.where(sql<boolean>`(${sql.join(refs)}) > (${sql.join(last)})`);
    const rows = (await q.execute()) as Row[];
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const end = rows[rows.length - 1];
    last = names.map((n) => end[n]);
  }
}

async function digest(
  db: AnyDb,
  table: string,
  key: string | readonly string[],
  columns: Column[],
  postgres: boolean,
  patch = (r: Row) => r,
) {
  const hash = createHash('sha256');
  let rows = 0;
  for await (const page of pages(db, table, key, 2000, postgres)) {
    for (const r of page) hash.update(`${canonical(columns, patch(r))}\n`);
    rows += page.length;
  }
  return { rows, checksum: hash.digest('hex') };
}

async function countRows(db: AnyDb, table: string): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Read-only look before openSqlite (which would switch any file it opens to WAL mode). */
function checkSource(path: string): void {
  const raw = new DatabaseSync(path, { readOnly: true });
  try {
    const names = new Set(
      (raw.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    // The tables of the first release say "this is Parley"; later ones come with migrations.
    const missing = TABLES.slice(0, 4)
      .filter((t) => !names.has(t.name))
      .map((t) => t.name);
    if (missing.length) throw new Error(`${path} is not a Parley database (no ${missing.join(', ')} table)`);
    const done = names.has('kysely_migration')
      ? (raw.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)
      : [];
    const pending = Object.keys(sqliteMigrations).filter((m) => !done.includes(m));
    if (pending.length)
      throw new Error(`${path} has pending migrations (${pending.join(', ')}): run \`parley migrate\` on it first`);
  } finally {
    raw.close();
  }
}

export async function migrateData(opts: MigrateOptions): Promise<Report> {
  const started = Date.now();
  if (!existsSync(opts.from))
    throw new Error(`source database ${opts.from} does not exist (check --from; nothing was created)`);
  checkSource(opts.from);
  const source = await openSqlite({ path: opts.from, migrate: false });
  let target: Awaited<ReturnType<typeof openPostgres>> | undefined;
  try {
    try {
      target = await openPostgres({ url: opts.to, poolSize: 2 });
    } catch (err) {
      throw new Error(`cannot open the PostgreSQL database: ${(err as Error).message}`, { cause: err });
    }
    const to = target.db as AnyDb;
    return await (source.db as AnyDb).transaction().execute(async (from) => {
      const warnings: string[] = [];
      const conflicts = new Map<string, unknown>(); // secret name -> the source's value
      const reports: TableReport[] = [];
      for (const t of TABLES) {
        const info = await sql<{
          name: string;
          type: string;
        }>`select name, type from pragma_table_info(${t.name}) order by cid`.execute(from);
        const columns = info.rows.map((c) => ({ name: c.name, numeric: /INT/i.test(c.type) }));
        const pgInfo = await sql<{ column_name: string }>`select column_name from information_schema.columns
          where table_schema = current_schema() and table_name = ${t.name}`.execute(to);
        const pgColumns = new Set(pgInfo.rows.map((c) => c.column_name));
        const absent = columns.filter((c) => !pgColumns.has(c.name)).map((c) => c.name);
        if (absent.length)
          throw new Error(
            `the PostgreSQL ${t.name} table has no ${absent.join(', ')} column: are both on the same Parley version?`,
          );
        if (t.name === 'secrets') {
          const theirs = new Map((await to.selectFrom('secrets').selectAll().execute()).map((r) => [r.name, r.value]));
          for (const r of await from.selectFrom('secrets').selectAll().execute()) {
            if (!theirs.has(r.name) || theirs.get(r.name) === r.value) continue;
            conflicts.set(r.name, r.value);
            warnings.push(
              `secret "${r.name}" already exists in PostgreSQL with a different value; the target's was kept (links and tokens made by the SQLite install with it will not verify)`,
            );
          }
        }
        const total = await countRows(from, t.name);
        const size = Math.max(1, Math.min(opts.batchSize ?? 500, Math.floor(PG_MAX_PARAMS / columns.length)));
        let copied = 0;
        let doneRows = 0;
        opts.progress?.({ table: t.name, done: 0, total });
        for await (const rows of pages(from, t.name, t.key, size, false)) {
          const result = await to.transaction().execute((trx) =>
            trx
              .insertInto(t.name)
              .values(rows)
              .onConflict((oc) => oc.columns(keyColumns(t.key)).doNothing())
              .executeTakeFirst(),
          );
          copied += Number(result.numInsertedOrUpdatedRows ?? 0n);
          doneRows += rows.length;
          opts.progress?.({ table: t.name, done: doneRows, total });
        }
        const a = await digest(from, t.name, t.key, columns, false);
        const b = await digest(to, t.name, t.key, columns, true);
        let status: TableReport['status'] = a.rows === b.rows && a.checksum === b.checksum ? 'OK' : 'MISMATCH';
        if (status === 'MISMATCH' && t.name === 'secrets' && conflicts.size && a.rows === b.rows) {
          const patched = await digest(to, t.name, t.key, columns, true, (r) =>
            conflicts.has(r.name as string) ? { ...r, value: conflicts.get(r.name as string) } : r,
          );
          if (patched.checksum === a.checksum) status = 'KEPT TARGET';
        }
        reports.push({
          table: t.name,
          sourceRows: a.rows,
          targetRows: b.rows,
          copied,
          sourceChecksum: a.checksum,
          targetChecksum: b.checksum,
          status,
        });
      }
      return { ok: reports.every((r) => r.status !== 'MISMATCH'), tables: reports, warnings, ms: Date.now() - started };
    });
  } finally {
    await source.close();
    await target?.close();
  }
}

/** A one-line `\r` bar per table on a terminal; a plain line every few seconds otherwise. */
export function progressPrinter(out: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; end(): void } {
  let table = '';
  let since = 0;
  let lastLine = 0;
  let open = false;
  return {
    update(p) {
      const now = Date.now();
      if (p.table !== table) [table, since, lastLine] = [p.table, now, now];
      const seconds = Math.max((now - since) / 1000, 0.001);
      const rate = `${Math.round(p.done / seconds)} rows/s`;
      const finished = p.done >= p.total;
      if (out.isTTY) {
        if (!finished && p.done > 0 && now - lastLine < 100) return;
        lastLine = now;
        const filled = p.total ? Math.round((24 * p.done) / p.total) : 24;
        out.write(
          `\r${p.table.padEnd(9)}[${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${p.done}/${p.total}  ${rate}\x1b[K`,
        );
        open = !finished;
        if (finished) out.write('\n');
      } else if (finished || (p.done > 0 && now - lastLine >= 2000)) {
        lastLine = now;
        out.write(`migrate-data: ${p.table} ${p.done}/${p.total} (${rate})\n`);
      }
    },
    end() {
      if (open) out.write('\n');
      open = false;
    },
  };
}

export function formatReport(report: Report): string {
  const head = ['table', 'source', 'target', 'copied', 'source sha256', 'target sha256', 'status'];
  const rows = report.tables.map((t) => [
    t.table,
    `${t.sourceRows}`,
    `${t.targetRows}`,
    `${t.copied}`,
    t.sourceChecksum.slice(0, 16),
    t.targetChecksum.slice(0, 16),
    t.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const verdict = report.ok
    ? 'verified: every table matches'
    : `MISMATCH: ${report.tables
        .filter((t) => t.status === 'MISMATCH')
        .map((t) => t.table)
        .join(', ')} differ`;
  return `${[line(head), ...rows.map(line)].join('\n')}\n${verdict} (${(report.ms / 1000).toFixed(1)} s)\n`;
}

function fail(message: string, code = 2): never {
  process.stderr.write(`parley: migrate-data: ${message}\n`);
  process.exit(code);
}

export async function runMigrateData(argv: string[]): Promise<void> {
  let values: { from?: string; to?: string; batch?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' } },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const to = values.to || process.env.PARLEY_DATABASE_URL || process.env.DATABASE_URL;
  if (!values.from) fail('--from is required: the SQLite file to copy, e.g. --from ./data/parley.db');
  if (!to) fail('--to is required (or set PARLEY_DATABASE_URL): the postgres://… database to copy into');
  if (!/^postgres(ql)?:\/\//.test(to)) fail('--to must be a postgres:// URL');
  const batchSize = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    fail('--batch must be an integer from 1 to 10000');
  const bar = progressPrinter(process.stderr);
  let report: Report;
  try {
    report = await migrateData({ from: values.from, to, batchSize, progress: bar.update });
  } catch (err) {
    bar.end();
    fail((err as Error).message, 1);
  }
  bar.end();
  for (const w of report.warnings) process.stderr.write(`parley: migrate-data: warning: ${w}\n`);
  process.stdout.write(formatReport(report));
  if (!report.ok) process.exitCode = 1;
}
