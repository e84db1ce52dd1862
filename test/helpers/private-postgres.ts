// A PostgreSQL server of the test's own, for tests that stop, restart or break it: made with
// initdb in a temporary folder, on its own port, never the shared server other tests use at the
// same time. initdb refuses to run as root, so as root it runs as the `postgres` user.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process.ts';

const run = promisify(execFile);

export type PrivatePostgres = {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every connection is terminated (57P01), as in a deploy or failover. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
};

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const version of readdirSync(root).sort().reverse()) {
    const dir = join(root, version, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

/** A running private server, or null (with a notice) when PostgreSQL's programs are missing outside CI. */
export async function privatePostgres(): Promise<PrivatePostgres | null> {
  const bin = binDir();
  if (!bin) {
    if (process.env.CI === 'true')
      throw new Error(
        'PostgreSQL server programs (initdb, pg_ctl) not found under /usr/lib/postgresql (CI=true: failing instead of skipping)',
      );
    console.log('# notice: initdb/pg_ctl not found; tests that restart their own PostgreSQL are skipped');
    return null;
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = async (program: string, args: string[]) => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    return run(cmd, argv, { cwd: dir, timeout: 60_000 });
  };
  const port = await freePort();
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) =>
    as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', ...args]);
  await ctl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    restart: async () => void (await ctl('-m', 'fast', 'restart')),
    stop: async () => void (await ctl('-m', 'fast', 'stop')),
    start: async () => void (await ctl('start')),
    async destroy() {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
