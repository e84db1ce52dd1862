// Section 1 of `npm run bench`, posting: distinct comments POSTed to SQLite with durable
// (synchronous=full) and, for comparison, normal commits, then to PostgreSQL, on one thread and
// spread over 64; after each run the rows stored are counted. measurePosts is also section 3's.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createPgDatabase, pgQuery } from './databases.ts';
import { measure, postRequests, round, type Target } from './measure.ts';
import type { MainData } from './phase-main-threads.ts';
import { startServer, stopProc, type Server } from './procs.ts';
import { twoxxCount } from './report.ts';
import { direct, profile, want, type Run } from './run-context.ts';

async function countRows(server: Server, threadKeys: string[]): Promise<number> {
  const sql = 'SELECT count(*) AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.key ';
  if (server.backend === 'postgres')
    return Number((await pgQuery<{ n: string }>(server.env.PARLEY_DATABASE_URL, `${sql}= ANY($1)`, [threadKeys]))[0].n);
  const db = new DatabaseSync(join(server.env.PARLEY_DATA_DIR, 'parley.db'), { readOnly: true });
  try {
    return Number(
      (db.prepare(`${sql}IN (${threadKeys.map(() => '?').join(', ')})`).get(...threadKeys) as { n: number }).n,
    );
  } finally {
    db.close();
  }
}

/**
 * A POST scenario: distinct comments to a thread of its own (or, with `spread`, to that many
 * threads in turn); afterwards, the rows stored are counted.
 */
export async function measurePosts(
  run: Run,
  target: Target,
  name: string,
  description: string,
  thread: string,
  duration: number,
  spread = 1,
): Promise<void> {
  const threads = spread === 1 ? [thread] : Array.from({ length: spread }, (_, i) => `${thread}-${i}`);
  // The warm-up posts go to other threads, so the measured threads hold only measured posts.
  const r = await measure(run.settings.load, target, name, description, {
    path: '/api/v1/comments',
    method: 'POST',
    duration,
    requests: postRequests(threads, name),
    warmupRequests: postRequests(
      threads.map((t) => `${t}-warmup`),
      `${name}-warmup`,
    ),
  });
  const stored = (r.statusCodes['201'] ?? 0) + (r.statusCodes['202'] ?? 0);
  const rows = await countRows(target.servers[0], threads);
  const acknowledged = twoxxCount(r);
  r.stored = {
    count: stored,
    perSecond: round(stored / r.measuredDurationS),
    rowsInDatabase: rows,
    rowsAtLeastAcknowledged: rows >= acknowledged,
  };
  run.results.push(r);
  console.log(
    `    stored ${stored} (${r.stored.perSecond}/s); rows in the database for the thread: ${rows} ≥ ${acknowledged} 2xx: ${r.stored.rowsAtLeastAcknowledged}`,
  );
}

export async function postingPhase(run: Run, main: MainData): Promise<void> {
  const { settings } = run;
  let server: Server | null = null;
  try {
    for (const sync of ['full', 'normal'] as const) {
      const name = `post-comments-sync-${sync}`;
      if (!main.runSqlite || !want(run, name)) continue;
      console.log(
        `SQLite, POST, synchronous=${sync}${sync === 'normal' ? ' (comparison only: not durable against power loss)' : ''}`,
      );
      server = await startServer(
        'server',
        { ...run.baseEnv, PARLEY_SQLITE_SYNCHRONOUS: sync },
        profile(run, `post-${sync}`),
      );
      const description = `POST /api/v1/comments, distinct top-level comments, synchronous=${sync}${sync === 'normal' ? ' (comparison)' : ''}`;
      await measurePosts(
        run,
        direct(server),
        name,
        description,
        `${run.publicUrl}/bench/posts-${sync}`,
        sync === 'full' ? settings.duration : settings.normalDuration,
      );
      await stopProc(server);
    }
    if (main.pg && want(run, 'pg-post-comments')) {
      console.log('PostgreSQL, POST (synchronous_commit as the server is configured)');
      server = await startServer('server', run.pgEnv(main.pg), profile(run, 'pg-post'));
      await measurePosts(
        run,
        direct(server),
        'pg-post-comments',
        'PostgreSQL: POST /api/v1/comments, distinct top-level comments',
        `${run.publicUrl}/bench/posts-pg`,
        settings.duration,
      );
      await stopProc(server);
    }
    // Diagnostic: every post to one thread updates that thread's row (count, version) and
    // waits for the row lock of the post before it; spread over 64 threads, posts do not
    // queue on one row. In a database of its own, so that it does not start where the
    // single-thread run left the database (PostgreSQL's CPU per post rose from run to run
    // within one database in our tests).
    if (settings.postgres && want(run, 'pg-post-comments-64-threads')) {
      const fresh = await createPgDatabase(settings.pgUrl, 'posts');
      run.databases.push(fresh);
      server = await startServer('server', run.pgEnv(fresh), profile(run, 'pg-post-64'));
      await measurePosts(
        run,
        direct(server),
        'pg-post-comments-64-threads',
        'PostgreSQL (empty database): POST /api/v1/comments, distinct top-level comments, 64 threads in turn',
        `${run.publicUrl}/bench/posts-pg-spread`,
        settings.duration,
        64,
      );
      await stopProc(server);
    }
  } finally {
    await stopProc(server);
  }
}
