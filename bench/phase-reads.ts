// Section 1 of `npm run bench`, reads: first pages of the main threads on SQLite with the read
// cache off and on, the server-rendered article page, and the same first pages on PostgreSQL.
import type { MainData } from './phase-main-threads.ts';
import { MAIN_PG } from './phase-main-threads.ts';
import { startServer, stopProc, type Server } from './procs.ts';
import {
  ARTICLE_COMMENTS,
  checkThreads,
  direct,
  profile,
  read,
  SMALL,
  threadPath,
  wantAny,
  type Run,
} from './run-context.ts';

export async function readsPhase(run: Run, main: MainData): Promise<void> {
  const { big, small, articlePath, pg } = main;
  const { settings } = run;
  let server: Server | null = null;
  try {
    if (main.runSqlite) {
      server = await startServer('server', { ...run.baseEnv, PARLEY_READ_CACHE: 'off' }, profile(run, 'cache-off'));
      await checkThreads(server, [small, big]);
      const art = await fetch(`${server.url}${articlePath}`);
      const html = await art.text();
      if (art.status !== 200 || !html.includes('parley-comment')) throw new Error(`article page: HTTP ${art.status}`);
      console.log(`  check: ${articlePath} → ${Math.round(html.length / 1024)} KiB of HTML`);
      console.log('SQLite, read cache OFF');
      await read(
        run,
        direct(server),
        'thread-1k-cache-off',
        `first page of the ${SMALL}-comment thread, read cache off`,
        threadPath(small.key),
      );
      await read(
        run,
        direct(server),
        'thread-100k-cache-off',
        `first page of the ${settings.big}-comment thread, read cache off`,
        threadPath(big.key),
      );
      // For comparison with WordPress-sized pages: the same first page with 50 top-level comments.
      await read(
        run,
        direct(server),
        'thread-1k-cache-off-limit50',
        `first page of the ${SMALL}-comment thread with limit=50, read cache off`,
        `${threadPath(small.key)}&limit=50`,
      );
      await read(
        run,
        direct(server),
        'article-page',
        `server-rendered demo article with its ${ARTICLE_COMMENTS}-comment section (no read cache on this route)`,
        articlePath,
      );
      await stopProc(server);
    }
    // Right after SQLite's, so that both backends' first pages are measured under similar machine noise.
    if (pg && wantAny(run, MAIN_PG.slice(0, 2))) {
      console.log('PostgreSQL, read cache OFF');
      server = await startServer('server', run.pgEnv(pg, { PARLEY_READ_CACHE: 'off' }), profile(run, 'pg-cache-off'));
      await checkThreads(server, [small, big]);
      await read(
        run,
        direct(server),
        'pg-thread-1k-cache-off',
        `PostgreSQL: first page of the ${SMALL}-comment thread, read cache off`,
        threadPath(small.key),
      );
      await read(
        run,
        direct(server),
        'pg-thread-100k-cache-off',
        `PostgreSQL: first page of the ${settings.big}-comment thread, read cache off`,
        threadPath(big.key),
      );
      await stopProc(server);
    }
    if (main.runSqlite && wantAny(run, ['thread-1k-cache-on', 'thread-100k-cache-on'])) {
      console.log('SQLite, read cache ON');
      server = await startServer('server', { ...run.baseEnv, PARLEY_READ_CACHE: 'on' }, profile(run, 'cache-on'));
      await read(
        run,
        direct(server),
        'thread-1k-cache-on',
        `first page of the ${SMALL}-comment thread, read cache on`,
        threadPath(small.key),
      );
      await read(
        run,
        direct(server),
        'thread-100k-cache-on',
        `first page of the ${settings.big}-comment thread, read cache on`,
        threadPath(big.key),
      );
      await stopProc(server);
    }
  } finally {
    await stopProc(server);
  }
}
