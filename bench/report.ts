// The benchmark's printed tables, ratios and target checks.
import type { ScenarioResult } from './measure.ts';
import { round } from './measure.ts';

export type Check = { target: string; scenario: string; measured: string; pass: boolean | null };

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

const twoxx = (r: ScenarioResult) =>
  Object.entries(r.statusCodes)
    .filter(([k]) => k.startsWith('2'))
    .reduce((n, [, v]) => n + v, 0);
const s = (v: unknown) => (v == null ? '?' : String(v));

/** The main table: one row per scenario (the columns of earlier runs, then backend, servers and PostgreSQL CPU). */
export function printScenarios(results: ScenarioResult[]): void {
  const header = [
    'scenario',
    'backend',
    'cache',
    'sync',
    'req/s mean',
    'req/s median',
    'p50 ms',
    'p97.5 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'RSS peak MiB',
    'stored/s',
    'srv CPU µs/resp',
    'pg CPU µs/resp',
    'pg others cores',
    'PSI cpu %',
  ];
  const rows = results.map((r) => [
    r.name,
    r.backend + (r.viaBalancer ? ` ×${r.servers}+lb` : ''),
    r.settings.readCache,
    r.settings.synchronous === 'n/a' ? '-' : r.settings.synchronous,
    String(r.requestsPerSecond.mean),
    String(r.requestsPerSecond.median),
    String(r.latencyMs.p50),
    String(r.latencyMs.p97_5),
    String(r.latencyMs.p99),
    String(r.non2xx),
    String(r.errors),
    s(r.serverRssMiB.peak),
    r.stored ? String(r.stored.perSecond) : '',
    s(r.serverCpu.usPerResponse),
    r.postgresCpu ? s(r.postgresCpu.usPerResponse) : '',
    r.postgresOtherCpu ? s(r.postgresOtherCpu.coresBusy) : '',
    `${s(r.cpuPressureAvg10.before)}→${s(r.cpuPressureAvg10.after)}`,
  ]);
  printTable(header, rows);
  console.log(
    'srv CPU µs/resp: Parley server CPU time (all threads; all servers behind a balancer) per response during the run;',
  );
  console.log(
    'pg CPU µs/resp: the same for PostgreSQL (the backends of the benchmark database, WAL writer, checkpointer, background writer);',
  );
  console.log(
    'pg others cores: CPU of the other PostgreSQL processes (other databases on the shared server), in cores; PSI cpu %: /proc/pressure/cpu "some avg10"',
  );
  console.log(
    'before→after the run (time runnable tasks waited for a CPU: high values mean the machine was contended).',
  );
}

/** Per-process CPU of the runs behind the balancer. */
export function printProcessCpu(results: ScenarioResult[]): void {
  const rows: string[][] = [];
  for (const r of results) {
    for (const p of r.processCpu) rows.push([r.name, p.label, s(p.coresBusy), s(p.usPerResponse)]);
    const total = r.processCpu.reduce((n, p) => n + (p.coresBusy ?? 0), 0);
    rows.push([r.name, 'all of the above', String(round(total, 2)), '']);
  }
  printTable(['scenario', 'process', 'cores busy', 'CPU µs/resp'], rows);
}

export function postRowsCheck(results: ScenarioResult[]): Check {
  const posts = results.filter((r) => r.stored);
  return {
    target: 'rows in the database ≥ 2xx responses after the POST runs',
    scenario: 'every POST scenario',
    measured: posts.map((r) => `${r.name}: ${r.stored!.rowsInDatabase} rows / ${twoxx(r)} 2xx`).join('; ') || 'not run',
    pass: posts.length ? posts.every((r) => r.stored!.rowsAtLeastAcknowledged) : null,
  };
}

export function twoxxCount(r: ScenarioResult): number {
  return twoxx(r);
}

export function printChecks(checks: Check[]): void {
  for (const c of checks)
    console.log(`  ${c.pass === null ? 'SKIP' : c.pass ? 'PASS' : 'MISS'}  ${c.target} — ${c.scenario}: ${c.measured}`);
}
