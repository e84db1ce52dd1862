// A Redis server of the test's own, for tests that kill and restart it: `redis-server` on a free
// port, started from a temporary folder, with nothing saved to disk. Never the shared Redis on
// 6379 that other tests use at the same time.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server-process.ts';

export type PrivateRedis = {
  url: string;
  port: number;
  /** SIGKILL, as in a crash: no goodbye to the clients. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections but stops answering (a hung host). */
  pause(): void;
  resume(): void;
  /** Starts it again on the same port (empty: nothing was saved). */
  start(): Promise<void>;
  /** Kills it and removes its folder. */
  destroy(): Promise<void>;
};

function installed(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether something answers PING on the port. */
async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.setTimeout(500);
    s.once('connect', () => s.write('PING\r\n'));
    // Any reply will do: a server with a password answers NOAUTH, which is an answer.
    s.once('data', (d) => {
      s.destroy();
      resolve(d.length > 0);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/**
 * A running private server, or null (with a notice) when redis-server is missing outside CI.
 * `port`: a given one (say, one a server was told to use before Redis existed); `args`: more
 * configuration, such as a user with a password.
 */
export async function privateRedis(opts: { port?: number; args?: string[] } = {}): Promise<PrivateRedis | null> {
  if (!installed()) {
    if (process.env.CI === 'true') throw new Error('redis-server not found (CI=true: failing instead of skipping)');
    console.log('# notice: redis-server not found; tests that stop their own Redis are skipped');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const own = opts.port ?? (await freePort());
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(
      'redis-server',
      [
        '--port',
        String(own),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...(opts.args ?? []),
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await answers(own))) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with code ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${own}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const p = proc as ChildProcess | null;
    // A stopped process takes SIGKILL too, but resume it so nothing is left half-dead.
    p?.kill('SIGCONT');
    proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${own}`,
    port: own,
    kill,
    pause: () => (proc as ChildProcess | null)?.kill('SIGSTOP'),
    resume: () => (proc as ChildProcess | null)?.kill('SIGCONT'),
    start,
    destroy: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
