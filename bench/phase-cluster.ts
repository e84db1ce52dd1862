// Section 3 of `npm run bench` (PostgreSQL): bench/balancer.ts, a round-robin loopback proxy, in
// front of one server, then of two servers sharing one database: first-page reads and POST.
import { createPgDatabase } from './databases.ts';
import type { Target } from './measure.ts';
import { measurePosts } from './phase-posting.ts';
import { freePort, startBalancer, startServer, stopProc, type Proc, type Server } from './procs.ts';
import { profile, read, SMALL, seed, smallSpec, threadPath, want, wantAny, type Run } from './run-context.ts';

export const CLUSTER_NAMES = [
  'cluster-1-thread-1k-cache-off',
  'cluster-1-post-comments',
  'cluster-2-thread-1k-cache-off',
  'cluster-2-post-comments',
];

/**
 * One, then two PostgreSQL-backed servers behind bench/balancer.ts. Each setup gets a database
 * of its own holding the 1,000-comment thread, so that both start from the same state
 * (PostgreSQL's CPU per post rose from run to run within one database in our tests).
 */
export async function clusterPhase(run: Run): Promise<void> {
  if (!wantAny(run, CLUSTER_NAMES)) return;
  for (const n of [1, 2]) {
    if (
      !wantAny(
        run,
        CLUSTER_NAMES.filter((c) => c.startsWith(`cluster-${n}-`)),
      )
    )
      continue;
    const pg = await createPgDatabase(run.settings.pgUrl, `cluster${n}`);
    run.databases.push(pg);
    const [small] = await seed(
      run,
      `cluster-${n}`,
      run.baseEnv,
      { pgUrl: pg.url },
      [smallSpec(run.publicUrl)],
      'sequential',
      20261130,
    );
    const procs: Proc[] = [];
    try {
      // One after the other: the first creates (here: finds) the schema, secrets and site.
      const servers: Server[] = [];
      for (const label of ['server A', 'server B'].slice(0, n)) {
        const env = run.pgEnv(pg, { PARLEY_PORT: String(await freePort()), PARLEY_READ_CACHE: 'off' });
        servers.push(await startServer(label, env, profile(run, `cluster-${n}-${label.replace(/\W+/g, '-')}`)));
        procs.push(servers[servers.length - 1]);
      }
      const balancer = await startBalancer(await freePort(), servers);
      procs.push(balancer);
      const target: Target = { url: balancer.url, servers, balancer };
      console.log(`Cluster: ${n} PostgreSQL-backed server(s) behind the balancer (read cache off)`);
      await read(
        run,
        target,
        `cluster-${n}-thread-1k-cache-off`,
        `PostgreSQL, ${n} server(s) behind bench/balancer.ts: first page of the ${SMALL}-comment thread, read cache off`,
        threadPath(small.key),
      );
      if (want(run, `cluster-${n}-post-comments`)) {
        await measurePosts(
          run,
          target,
          `cluster-${n}-post-comments`,
          `PostgreSQL, ${n} server(s) behind bench/balancer.ts: POST /api/v1/comments, distinct top-level comments`,
          `${run.publicUrl}/bench/posts-cluster-${n}`,
          run.settings.duration,
        );
      }
    } finally {
      for (const p of procs.reverse()) await stopProc(p);
    }
  }
}
