// Section 2 of `npm run bench`: the same-sized thread on a site of --million comments and on a
// site of --small-site comments (threads of --site-thread comments, interleaved in time), each in
// its own database, read through its first page with the read cache off.
import { join } from 'node:path';
import { createPgDatabase, type PgDatabase } from './databases.ts';
import { startServer, stopProc } from './procs.ts';
import type { SeededThread, ThreadSpec } from './seed.ts';
import { checkThreads, direct, profile, read, seed, short, threadPath, want, type Run } from './run-context.ts';

export async function largeSitePhase(run: Run): Promise<void> {
  const { settings } = run;
  if (settings.million === 0) return;
  const sizes = [settings.smallSite, settings.million];
  const siteThread = settings.siteThread;
  const name = (backend: 'sqlite' | 'postgres', size: number) =>
    `${backend === 'postgres' ? 'pg-' : ''}site-${short(size)}-thread-cache-off`;
  const backends = [
    ...(settings.sqlite ? (['sqlite'] as const) : []),
    ...(settings.postgres ? (['postgres'] as const) : []),
  ].filter((b) => sizes.some((n) => want(run, name(b, n))));
  if (backends.length === 0) return;
  const sites: { size: number; dataDir: string; pg: PgDatabase | null; thread: SeededThread }[] = [];
  for (const size of sizes) {
    const threadCount = Math.max(1, Math.floor(size / siteThread));
    const specs: ThreadSpec[] = Array.from({ length: threadCount }, (_, i) => ({
      key: `${run.publicUrl}/site-${short(size)}/article-${i}`,
      title: `Article ${i}`,
      count: siteThread,
      label: `s${short(size)}-${i}`,
    }));
    const dataDir = join(run.dataDir, `site-${short(size)}`);
    const pg = backends.includes('postgres') ? await createPgDatabase(settings.pgUrl, `site${short(size)}`) : null;
    if (pg) run.databases.push(pg);
    const where = { pgUrl: pg?.url, sqlitePath: backends.includes('sqlite') ? join(dataDir, 'parley.db') : undefined };
    const threads = await seed(
      run,
      `site-${short(size)}`,
      { ...run.baseEnv, PARLEY_DATA_DIR: dataDir },
      where,
      specs,
      'interleaved',
      7 + size,
    );
    // A thread from the middle of the site's history: its rows are spread among everyone else's.
    sites.push({ size, dataDir, pg, thread: threads[Math.floor(threads.length / 2)] });
  }
  for (const backend of backends) {
    console.log(
      `${backend === 'postgres' ? 'PostgreSQL' : 'SQLite'}: a ${siteThread}-comment thread on sites of ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} comments, read cache off`,
    );
    for (const site of sites) {
      if (!want(run, name(backend, site.size))) continue;
      const env =
        backend === 'postgres'
          ? run.pgEnv(site.pg!, { PARLEY_READ_CACHE: 'off' })
          : { ...run.baseEnv, PARLEY_DATA_DIR: site.dataDir, PARLEY_READ_CACHE: 'off' };
      const server = await startServer('server', env, profile(run, name(backend, site.size)));
      try {
        await checkThreads(server, [site.thread]);
        await read(
          run,
          direct(server),
          name(backend, site.size),
          `${backend === 'postgres' ? 'PostgreSQL: ' : ''}first page of a ${siteThread}-comment thread on a site with ${site.size.toLocaleString('en')} comments (${Math.floor(site.size / siteThread)} threads, interleaved), read cache off`,
          threadPath(site.thread.key),
        );
      } finally {
        await stopProc(server);
      }
    }
  }
}
