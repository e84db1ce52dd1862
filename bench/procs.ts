// Processes the benchmark starts (Parley servers, the loopback balancer) and what it reads
// about processes from /proc: CPU time, resident memory, CPU pressure.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

export type Proc = {
  label: string;
  proc: ChildProcess;
  pid: number;
  url: string;
  env: Record<string, string>;
  stderr: () => string;
};
/** A Parley server process; env holds the PARLEY_* variables it was started with. */
export type Server = Proc & { backend: 'sqlite' | 'postgres' };

async function spawnReady(
  label: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  readyPath: string,
): Promise<Proc> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) => reject(new Error(`${label} exited early (code ${code}): ${err}`))),
  );
  exited.catch(() => {});
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) await exited;
    try {
      const res = await fetch(url + readyPath);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${label} did not become ready in 30 s: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { label, proc, pid: proc.pid!, url, env, stderr: () => err };
}

/** `node bin/parley.mjs serve --demo` on 127.0.0.1:PARLEY_PORT, ready when /readyz answers. */
export async function startServer(
  label: string,
  env: Record<string, string>,
  cpuProf?: { dir: string; name: string },
): Promise<Server> {
  const nodeArgs: string[] = [];
  if (cpuProf) {
    mkdirSync(cpuProf.dir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cpuProf.dir}`, `--cpu-prof-name=${cpuProf.name}.cpuprofile`);
  }
  const url = `http://127.0.0.1:${env.PARLEY_PORT}`;
  const p = await spawnReady(
    label,
    [...nodeArgs, join(ROOT, 'bin/parley.mjs'), 'serve', '--demo'],
    env,
    url,
    '/readyz',
  );
  return { ...p, backend: env.PARLEY_DATABASE_URL ? 'postgres' : 'sqlite' };
}

/** bench/balancer.ts on 127.0.0.1:port in front of the given servers. */
export async function startBalancer(port: number, upstreams: Server[]): Promise<Proc> {
  const url = `http://127.0.0.1:${port}`;
  const args = [
    join(ROOT, 'bench/balancer.ts'),
    '--port',
    String(port),
    '--upstream',
    upstreams.map((s) => s.url).join(','),
  ];
  return spawnReady('balancer', args, {}, url, '/readyz');
}

export async function stopProc(p: Proc | null | undefined): Promise<void> {
  if (!p || p.proc.exitCode !== null || p.proc.signalCode !== null) return;
  const done = new Promise<void>((r) => p.proc.once('exit', () => r()));
  p.proc.kill('SIGTERM');
  const timer = setTimeout(() => p.proc.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) the process has used so far. */
export function cpuSeconds(pid: number): number | null {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / CLK_TCK : null;
}

/** CPU seconds used so far by each running PostgreSQL process (server, backends, WAL writer…), by pid. */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const s = cpuSeconds(Number(d));
    if (s != null) out.set(Number(d), s);
  }
  return out;
}

/**
 * CPU seconds PostgreSQL used between two postgresCpu() samples (processes started in
 * between count whole): by the processes in `ours`, and by all the others.
 */
export function postgresCpuDelta(
  before: Map<number, number>,
  after: Map<number, number>,
  ours: Set<number>,
): { ours: number; others: number } | null {
  if (after.size === 0) return null;
  const delta = { ours: 0, others: 0 };
  for (const [pid, s] of after) delta[ours.has(pid) ? 'ours' : 'others'] += s - (before.get(pid) ?? 0);
  return delta;
}

/**
 * The PostgreSQL processes that work for one database: its backends, and the WAL writer,
 * checkpointer and background writer every database's writes go through. The PostgreSQL
 * server may be shared (other databases, other users): their backends are not ours.
 */
export async function postgresPidsOf(url: string): Promise<Set<number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()
         AND (datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer'))`,
    );
    return new Set(rows.map((r) => Number(r.pid)));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Share of time some runnable task waited for a CPU over the last 10 s (Linux PSI), in %. */
export function cpuPressure(): number | null {
  try {
    const m = /some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function rssKiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
