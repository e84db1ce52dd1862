// Starts a real Parley server process (`node bin/parley.mjs serve --demo`) on a free loopback
// port with a fresh data folder, and waits until /readyz answers. For end-to-end tests that
// must see what a reader's browser or an HTTP client sees, not what inject() sees.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type ServerProcess = {
  /** Base URL, e.g. http://127.0.0.1:43123 (also the server's PARLEY_PUBLIC_URL). */
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, wait for the exit (SIGKILL after a grace period), remove the data folder (if ours). */
  stop(): Promise<void>;
  /** Sends a signal and resolves with the exit code and signal once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type StartOptions = {
  /** Extra or overriding environment variables (PARLEY_FLOOD_SECONDS, PARLEY_PAGE_SIZE…). */
  env?: Record<string, string>;
  /** How long to wait for /readyz before failing (ms). */
  readyTimeoutMs?: number;
  /** A data folder of the caller's (a small file system, say); left in place by stop(). */
  dataDir?: string;
};

/** A port that was free a moment ago: listen on 0, read the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

function exited(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null)
    return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((res) => proc.once('exit', (code, signal) => res({ code, signal })));
}

export async function startServer(opts: StartOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'parley-e2e-')));
  const removeDataDir = () => (ownDataDir ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());
  const env: Record<string, string | undefined> = {
    ...process.env,
    // Tests post many comments from 127.0.0.1: velocity and repeat checks would hold them.
    PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_PORT: String(port),
    PARLEY_DATA_DIR: dataDir,
    PARLEY_FLOOD_SECONDS: '0',
    PARLEY_LOG_LEVEL: 'warn',
    PARLEY_PUBLIC_URL: url,
    ...opts.env,
  };
  const proc = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--demo'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => chunks.push(s));
  const output = () => chunks.join('');
  const done = exited(proc);

  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return done;
  };
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const grace = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(grace);
    }
    await removeDataDir();
  };

  // Poll /readyz until it answers 200, the process dies, or the deadline passes.
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  const state: { exit: { code: number | null; signal: NodeJS.Signals | null } | null } = { exit: null };
  void done.then((r) => (state.exit = r));
  for (;;) {
    const early = state.exit;
    if (early) {
      await removeDataDir();
      throw new Error(`parley exited before it was ready (code ${early.code}, signal ${early.signal}):\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`parley did not become ready within ${opts.readyTimeoutMs ?? 20_000} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, port, dataDir, proc, output, stop, kill };
}
