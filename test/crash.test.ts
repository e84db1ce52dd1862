// Crash safety: a comment acknowledged with 201 survives the server being killed.
//
// A real server process takes concurrent posts from 16 keep-alive writers; at a random
// moment 300–800 ms later it is killed with SIGKILL (no shutdown handler runs). Then:
// the SQLite file, opened read-only as the crash left it, must pass integrity_check and
// hold every acknowledged id; and the server, restarted on the same data folder, must serve
// every acknowledged id through the public API. Repeated for at least 5 iterations.
//
// SIGKILL tests process crashes, which synchronous=normal would also survive; power loss
// (what synchronous=full adds) cannot be simulated here.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newId } from '../src/core/ids.ts';
import { freePort } from './helpers/server-process.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WRITERS = 16;
const MIN_ITERATIONS = 5;
const MAX_ITERATIONS = 10;
/** Extra iterations (beyond the minimum) only start while the test is younger than this. */
const TIME_BUDGET_MS = 25_000;

type Server = {
  proc: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

async function startServer(dataDir: string, port: number): Promise<Server> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/parley.mjs'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_PORT: String(port),
      PARLEY_HOST: '127.0.0.1',
      PARLEY_FLOOD_SECONDS: '0',
      PARLEY_SPAM_DISABLED_CHECKS: 'velocity,repeat', // one address posts everything here
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_SQLITE_SYNCHRONOUS: 'full',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (d: Buffer) => {
    out = (out + d.toString()).slice(-8000);
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.once('exit', (code, signal) => res({ code, signal })),
  );
  const server: Server = { proc, base: `http://127.0.0.1:${port}`, output: () => out, exited };
  // Poll /readyz (the database answers) until ready; fail fast if the process dies.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited during start-up:\n${out}`);
    try {
      const res = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        return server;
      }
      await res.arrayBuffer();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server not ready after 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

type WriteRun = {
  acked: string[];
  held: number;
  cut: number;
  otherStatus: Record<number, number>;
  errorsBeforeKill: number;
  killedAfterMs: number;
};

/** Posts from WRITERS concurrent loops until the server is SIGKILLed after killAfterMs. */
async function writeUntilKilled(server: Server, thread: string, tag: string, killAfterMs: number): Promise<WriteRun> {
  const acked: string[] = [];
  const otherStatus: Record<number, number> = {};
  let held = 0;
  let cut = 0;
  let errorsBeforeKill = 0;
  let killed = false;
  let killedAfterMs = 0;
  const started = Date.now();
  // The kill comes `killAfterMs` after the first acknowledgement (or after 15 s without one), so
  // every iteration has acknowledged comments to look for, however slow the machine is today.
  let firstAck: () => void = () => {};
  const acknowledged = new Promise<void>((res) => (firstAck = res));
  const killer = Promise.race([acknowledged, new Promise<void>((res) => setTimeout(res, 15_000))]).then(
    () =>
      new Promise<void>((res) =>
        setTimeout(() => {
          killed = true;
          killedAfterMs = Date.now() - started;
          server.proc.kill('SIGKILL');
          res();
        }, killAfterMs),
      ),
  );
  const writer = async (w: number) => {
    for (let n = 0; !killed; n++) {
      let res: Response;
      try {
        res = await fetch(`${server.base}/api/v1/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            thread,
            name: `Writer ${w}`,
            email: `writer${w}@example.org`,
            body: `Crash test ${tag}, writer ${w}, comment ${n}: is this one kept?`,
          }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        if (killed) return;
        errorsBeforeKill++;
        continue;
      }
      let body: { id?: unknown } | null = null;
      try {
        body = (await res.json()) as { id?: unknown };
      } catch {
        // The response was cut by the kill: not an acknowledgement we can name.
      }
      if (res.status === 201 && typeof body?.id === 'string') {
        acked.push(body.id);
        firstAck();
      } else if (res.status === 201 && killed) cut++;
      else if (res.status === 202) held++;
      else otherStatus[res.status] = (otherStatus[res.status] ?? 0) + 1;
    }
  };
  await Promise.all([killer, ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);
  const exit = await server.exited;
  assert.equal(exit.signal, 'SIGKILL', `the server should have died of SIGKILL, got ${JSON.stringify(exit)}`);
  return { acked, held, cut, otherStatus, errorsBeforeKill, killedAfterMs };
}

/** Opens the database file as the crash left it: integrity, and which of `ids` it lacks. */
function checkDatabase(
  dbPath: string,
  ids: string[],
  threadKey?: string,
): { integrity: string; missing: string[]; rowsInThread: number | null } {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const has = db.prepare('SELECT 1 AS found FROM comments WHERE id = ?');
    const missing = ids.filter((id) => has.get(id) === undefined);
    const rowsInThread = threadKey
      ? Number(
          (
            db
              .prepare('SELECT count(*) AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.key = ?')
              .get(threadKey) as { n: number }
          ).n,
        )
      : null;
    return { integrity, missing, rowsInThread };
  } finally {
    db.close();
  }
}

type ApiComment = { id: string; replies: ApiComment[] };

/** Reads every page of the thread through the public API; returns which of `ids` it lacks. */
async function missingViaApi(
  base: string,
  thread: string,
  ids: string[],
): Promise<{ missing: string[]; served: number }> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const url: string = `${base}/api/v1/threads?thread=${encodeURIComponent(thread)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: Response = await fetch(url);
    assert.equal(res.status, 200, `GET ${url}`);
    const page = (await res.json()) as { comments: ApiComment[]; nextCursor: string | null };
    const stack = [...page.comments];
    while (stack.length) {
      const c = stack.pop()!;
      seen.add(c.id);
      stack.push(...c.replies);
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { missing: ids.filter((id) => !seen.has(id)), served: seen.size };
}

test('every comment acknowledged with 201 survives SIGKILL of the server', { timeout: 90_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  const dbPath = join(dataDir, 'parley.db');
  const port = await freePort();
  const startedAt = Date.now();
  const allAcked: string[] = [];
  let server = await startServer(dataDir, port);
  try {
    for (let i = 1; i <= MAX_ITERATIONS; i++) {
      if (i > MIN_ITERATIONS && Date.now() - startedAt > TIME_BUDGET_MS) break;
      const thread = `crash-test-${i}`;
      const killAfterMs = 300 + Math.floor(Math.random() * 501);
      const run = await writeUntilKilled(server, thread, `#${i}`, killAfterMs);
      assert.ok(
        run.acked.length > 0,
        `iteration ${i}: no comment was acknowledged before the kill (errors: ${run.errorsBeforeKill}, other statuses: ${JSON.stringify(run.otherStatus)}); the check would be vacuous`,
      );
      assert.deepEqual(run.otherStatus, {}, `iteration ${i}: unexpected statuses`);
      allAcked.push(...run.acked);

      // 1. The file as the crash left it (WAL not yet checkpointed), before any restart.
      const db = checkDatabase(dbPath, run.acked, thread);
      assert.equal(db.integrity, 'ok', `iteration ${i}: integrity_check`);
      assert.deepEqual(db.missing, [], `iteration ${i}: acknowledged ids missing from the database after SIGKILL`);
      assert.ok(db.rowsInThread! >= run.acked.length);

      // 2. Restart on the same data folder; the API serves every acknowledged comment.
      server = await startServer(dataDir, port);
      const api = await missingViaApi(server.base, thread, run.acked);
      assert.deepEqual(api.missing, [], `iteration ${i}: acknowledged ids missing from the API after restart`);

      t.diagnostic(
        `iteration ${i}: SIGKILL ${run.killedAfterMs} ms after the writers started (${killAfterMs} ms after the first acknowledgement); ${run.acked.length} acknowledged ids checked — ` +
          `all in the file (${db.rowsInThread} rows in the thread, integrity ok) and all served after restart (${api.served} served)` +
          (run.errorsBeforeKill ? `; ${run.errorsBeforeKill} request errors before the kill` : ''),
      );
    }

    // Negative control: the same checks report an id that was never stored as missing,
    // so a lost acknowledgement cannot pass unnoticed.
    const fabricated = newId();
    const control = checkDatabase(dbPath, [...allAcked.slice(0, 50), fabricated]);
    assert.deepEqual(control.missing, [fabricated], 'the database check must report a fabricated id as missing');
    const apiControl = await missingViaApi(server.base, 'crash-test-1', [fabricated]);
    assert.deepEqual(apiControl.missing, [fabricated], 'the API check must report a fabricated id as missing');

    // Finally, after all the crashes, every acknowledged comment of every iteration is still there.
    const final = checkDatabase(dbPath, allAcked);
    assert.deepEqual(final.missing, []);
    t.diagnostic(
      `total: ${allAcked.length} acknowledged comments over the iterations, all present; negative control detected the fabricated id`,
    );
  } catch (err) {
    t.diagnostic(`server output (tail):\n${server.output()}`);
    throw err;
  } finally {
    if (server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill('SIGTERM');
      const timer = setTimeout(() => server.proc.kill('SIGKILL'), 10_000);
      await server.exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
