// Section 1 of `npm run bench`, its data: the main threads (100,000 and 1,000 comments and the
// demo article's 200) seeded into a SQLite file and/or a fresh PostgreSQL database, then read
// (bench/phase-reads.ts) and posted to (bench/phase-posting.ts).
import { join } from 'node:path';
import { ARTICLES } from '../demo/articles.ts';
import { createPgDatabase, type PgDatabase } from './databases.ts';
import type { SeededThread, ThreadSpec } from './seed.ts';
import { ARTICLE_COMMENTS, seed, smallSpec, wantAny, type Run } from './run-context.ts';

export const MAIN_SQLITE = [
  'thread-1k-cache-off',
  'thread-100k-cache-off',
  'thread-1k-cache-off-limit50',
  'article-page',
  'thread-1k-cache-on',
  'thread-100k-cache-on',
  'post-comments-sync-full',
  'post-comments-sync-normal',
];
export const MAIN_PG = [
  'pg-thread-1k-cache-off',
  'pg-thread-100k-cache-off',
  'pg-post-comments',
  'pg-post-comments-64-threads',
];

/** The seeded main threads and where they are. */
export type MainData = {
  /** The SQLite scenarios run (the file is $dataDir/parley.db). */
  runSqlite: boolean;
  /** The PostgreSQL database holding the same threads, when PostgreSQL scenarios run. */
  pg: PgDatabase | null;
  big: SeededThread;
  small: SeededThread;
  article: SeededThread;
  articlePath: string;
};

/** Seeds the main threads, or returns null when none of section 1's scenarios runs. */
export async function seedMainThreads(run: Run): Promise<MainData | null> {
  const { settings } = run;
  const runSqlite = settings.sqlite && wantAny(run, MAIN_SQLITE);
  const runPg = settings.postgres && wantAny(run, MAIN_PG);
  if (!runSqlite && !runPg) return null;
  const pg = runPg ? await createPgDatabase(settings.pgUrl, 'main') : null;
  if (pg) run.databases.push(pg);
  const article = ARTICLES.find((a) => a.slug === 'france-russia-syria')!;
  const specs: ThreadSpec[] = [
    {
      key: `${run.publicUrl}/bench/big-thread-${settings.big}`,
      title: 'Benchmark: a very long thread',
      count: settings.big,
      label: 'big',
    },
    smallSpec(run.publicUrl),
    { key: `${run.publicUrl}/news/${article.slug}`, title: article.title, count: ARTICLE_COMMENTS, label: 'article' },
  ];
  const [big, small, articleThread] = await seed(
    run,
    'main',
    run.baseEnv,
    { pgUrl: pg?.url, sqlitePath: runSqlite ? join(run.dataDir, 'parley.db') : undefined },
    specs,
    'sequential',
    20261130,
  );
  run.mainThreads = { big, small, article: articleThread };
  return { runSqlite, pg, big, small, article: articleThread, articlePath: `/news/${article.slug}` };
}
