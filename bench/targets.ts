// What `npm run bench` judges its results by: the ratios between scenarios and the targets it
// checks (PASS, MISS, or SKIP when a scenario did not run). bench/run.ts prints and writes them.
import { round, type ScenarioResult } from './measure.ts';
import { postRowsCheck, type Check } from './report.ts';
import { short, type Run } from './run-context.ts';

export type Ratios = Record<string, number | null>;

function lookups(results: ScenarioResult[]) {
  const by = (n: string) => results.find((r) => r.name === n);
  const rps = (n: string) => by(n)?.requestsPerSecond.mean;
  return { by, rps };
}
const ratio = (a: number | undefined, b: number | undefined, d = 2) => (a && b ? round(a / b, d) : null);
/** CPU per response of the server and (for PostgreSQL) the database together. */
const cpuPerResponse = (r: ScenarioResult | undefined) =>
  r?.serverCpu.usPerResponse == null ? null : r.serverCpu.usPerResponse + (r.postgresCpu?.usPerResponse ?? 0);

export function ratiosOf(run: Run): Ratios {
  const { by, rps } = lookups(run.results);
  const { flood } = run;
  const ratios: Ratios = {};
  const r1k = rps('thread-1k-cache-off');
  const r100k = rps('thread-100k-cache-off');
  ratios.thread1kOverThread100k_cacheOff = ratio(r1k, r100k);
  ratios.cacheOnOverOff_1k = ratio(rps('thread-1k-cache-on'), r1k);
  ratios.cacheOnOverOff_100k = ratio(rps('thread-100k-cache-on'), r100k);
  ratios.postNormalOverFull = ratio(
    by('post-comments-sync-normal')?.stored?.perSecond,
    by('post-comments-sync-full')?.stored?.perSecond,
  );
  ratios.pgOverSqlite_thread1k_cacheOff = ratio(rps('pg-thread-1k-cache-off'), r1k);
  ratios.pgOverSqlite_thread100k_cacheOff = ratio(rps('pg-thread-100k-cache-off'), r100k);
  ratios.pgOverSqlite_postStoredPerSecond = ratio(
    by('pg-post-comments')?.stored?.perSecond,
    by('post-comments-sync-full')?.stored?.perSecond,
  );
  const large = short(run.settings.million);
  const small = short(run.settings.smallSite);
  for (const p of ['', 'pg-'])
    ratios[`${p ? 'pg_' : 'sqlite_'}site${small}OverSite${large}_thread`] = ratio(
      rps(`${p}site-${small}-thread-cache-off`),
      rps(`${p}site-${large}-thread-cache-off`),
    );
  ratios.cluster2OverCluster1_thread1k_cacheOff = ratio(
    rps('cluster-2-thread-1k-cache-off'),
    rps('cluster-1-thread-1k-cache-off'),
  );
  ratios.cluster2OverCluster1_postStoredPerSecond = ratio(
    by('cluster-2-post-comments')?.stored?.perSecond,
    by('cluster-1-post-comments')?.stored?.perSecond,
  );
  ratios.directOverCluster1_pgThread1k = ratio(rps('pg-thread-1k-cache-off'), rps('cluster-1-thread-1k-cache-off'));
  ratios.floodLastOverFirstSlice_postsPerSecond = flood?.median.ratioLastFirst ?? null;
  ratios.floodLastOverFirstSlice_p99 = flood?.median.p99RatioLastFirst ?? null;
  ratios.floodLastOverFirstSlice_serverCpuPerPost = flood?.median.cpuRatioLastFirst ?? null;
  ratios.mailOverNone_cpuPerApprovedReply = run.mailPostCost?.reply.ratio ?? null;
  ratios.mailOverNone_cpuPerQuietComment = run.mailPostCost?.quiet?.ratio ?? null;
  ratios.mailOverNone_cpuPerHeldComment = run.mailPostCost?.held.ratio ?? null;
  return ratios;
}

/** The targets of section 1 (reads, cache, posting, PostgreSQL against SQLite) and section 2 (site size). */
function readAndPostChecks(run: Run, ratios: Ratios, note64: string): Check[] {
  const { by } = lookups(run.results);
  const { million, smallSite, siteThread } = run.settings;
  const checks: Check[] = [];
  for (const n of ['thread-1k-cache-off', 'thread-100k-cache-off']) {
    const r = by(n);
    checks.push({
      target: `cache off: ≥ 2,500 req/s and p99 ≤ 50 ms at 64 connections${note64}`,
      scenario: n,
      measured: r ? `${r.requestsPerSecond.mean} req/s, p99 ${r.latencyMs.p99} ms` : 'not run',
      pass: r ? r.requestsPerSecond.mean >= 2500 && r.latencyMs.p99 <= 50 && r.non2xx === 0 : null,
    });
  }
  checks.push({
    target: '100k-comment thread within 1.5× of the 1k-comment thread (cache off, req/s)',
    scenario: 'thread-100k-cache-off vs thread-1k-cache-off',
    measured:
      ratios.thread1kOverThread100k_cacheOff != null
        ? `1k/100k = ${ratios.thread1kOverThread100k_cacheOff}×`
        : 'not run',
    pass: ratios.thread1kOverThread100k_cacheOff != null ? ratios.thread1kOverThread100k_cacheOff <= 1.5 : null,
  });
  for (const n of ['thread-1k-cache-on', 'thread-100k-cache-on']) {
    const r = by(n);
    checks.push({
      target: `cache on: ≥ 5,000 req/s and p99 ≤ 25 ms${note64}`,
      scenario: n,
      measured: r ? `${r.requestsPerSecond.mean} req/s, p99 ${r.latencyMs.p99} ms` : 'not run',
      pass: r ? r.requestsPerSecond.mean >= 5000 && r.latencyMs.p99 <= 25 && r.non2xx === 0 : null,
    });
  }
  const post = by('post-comments-sync-full');
  checks.push({
    target: '≥ 2,000 stored comments/s (synchronous=full, durable acknowledgement)',
    scenario: 'post-comments-sync-full',
    measured: post?.stored ? `${post.stored.perSecond} stored/s` : 'not run',
    pass: post?.stored ? post.stored.perSecond >= 2000 : null,
  });
  for (const t of ['1k', '100k'] as const) {
    const pgName = `pg-thread-${t}-cache-off`;
    const sq = by(`thread-${t}-cache-off`);
    const pgr = by(pgName);
    const v = ratios[`pgOverSqlite_thread${t}_cacheOff`];
    checks.push({
      target: 'PostgreSQL first-page read ≥ 60 % of SQLite’s (cache off, req/s)',
      scenario: `${pgName} vs thread-${t}-cache-off`,
      measured:
        v != null
          ? `${Math.round(v * 100)} % (${pgr!.requestsPerSecond.mean} vs ${sq!.requestsPerSecond.mean} req/s; CPU per response, server + database: ${cpuPerResponse(pgr)} vs ${cpuPerResponse(sq)} µs)`
          : 'not run',
      pass: v != null ? v >= 0.6 && pgr!.non2xx === 0 : null,
    });
  }
  const large = short(million);
  const small = short(smallSite);
  for (const p of ['', 'pg-']) {
    const v = ratios[`${p ? 'pg_' : 'sqlite_'}site${small}OverSite${large}_thread`];
    const a = by(`${p}site-${small}-thread-cache-off`);
    const b = by(`${p}site-${large}-thread-cache-off`);
    checks.push({
      target: `${p ? 'PostgreSQL' : 'SQLite'}: a site with ${million.toLocaleString('en')} comments reads a ${siteThread}-comment thread within 1.5× of a site with ${smallSite.toLocaleString('en')} (cache off, req/s)`,
      scenario: `${p}site-${large}-thread-cache-off vs ${p}site-${small}-thread-cache-off`,
      measured:
        v != null
          ? `${small}/${large} = ${v}× (${a!.requestsPerSecond.mean} vs ${b!.requestsPerSecond.mean} req/s; CPU per response, server + database: ${cpuPerResponse(a)} vs ${cpuPerResponse(b)} µs)`
          : 'not run',
      pass: v != null ? v <= 1.5 && b!.non2xx === 0 : null,
    });
  }
  return checks;
}

/**
 * A post must not cost more the more its sender has posted. Judged on the server's CPU time per
 * post, which a busy shared machine disturbs far less than posts/s and p99 (both reported).
 */
function floodCheck(run: Run): Check {
  const m = run.flood?.median;
  const firstRun = run.flood?.runs[0];
  const [first, last] = m ? [m.slices[0], m.slices[m.slices.length - 1]] : [];
  return {
    target:
      'flood from one address: server CPU per post in the last slice ≤ 1.25× the first (up to 50,000 posts, 60 s at most)',
    scenario: 'flood-one-address',
    measured:
      first && last && firstRun
        ? `${first.from}–${first.to}: ${first.postsPerSecond} posts/s, p99 ${first.p99Ms} ms, ${first.serverCpuUsPerPost} µs CPU/post; ${last.from}–${last.to}: ${last.postsPerSecond} posts/s, p99 ${last.p99Ms} ms, ${last.serverCpuUsPerPost} µs CPU/post (${firstRun.posted.toLocaleString('en')} posted in ${firstRun.seconds} s${firstRun.complete ? '' : ', stopped at the time bound'})`
        : 'not run',
    pass: m?.cpuRatioLastFirst != null ? m.cpuRatioLastFirst <= 1.25 : null,
  };
}

/** Section 6: the outbox sender's rate, and what notifications add to a post's CPU. */
function mailChecks(run: Run): Check[] {
  const send = run.mailSend;
  const cost = run.mailPostCost;
  const reply = cost?.reply;
  const held = cost?.held;
  const quiet = cost?.quiet;
  return [
    {
      target: 'mail sender: ≥ 200 emails/s to an SMTP server on the same machine (median of 3 runs)',
      scenario: 'mail-send',
      measured: send
        ? `median ${send.median} emails/s (runs: ${send.runs.map((r) => r.emailsPerSecond).join(', ')}; ${send.runs.map((r) => r.cpuMsPerEmail).join(', ')} ms CPU per email)`
        : 'not run',
      pass: send ? send.median >= 200 : null,
    },
    {
      target:
        'notifications add ≤ 50 µs of CPU per post (an approved reply to a followed comment, mail configured vs not)',
      scenario: 'mail-post-cost',
      measured:
        reply && held
          ? `medians ${reply.mailMedianUs} vs ${reply.noneMedianUs} µs/post: +${reply.addedUs} µs (×${reply.ratio}); a held comment with its alert sent: +${held.addedUs} µs (×${held.ratio}); ${cost.rounds} rounds each, ${cost.concurrency} posts at a time`
          : 'not run',
      pass: reply ? reply.addedUs <= 50 : null,
    },
    {
      target:
        'notifications add ≤ 50 µs of CPU per post (an approved comment in a thread nobody follows, mail configured vs not)',
      scenario: 'mail-post-cost',
      measured: quiet
        ? `medians ${quiet.mailMedianUs} vs ${quiet.noneMedianUs} µs/post: +${quiet.addedUs} µs (×${quiet.ratio}; paired rounds: median +${quiet.pairedAddedMedianUs} µs)`
        : 'not run',
      pass: quiet ? quiet.addedUs <= 50 : null,
    },
  ];
}

/** Every target, in the order printed and written. */
export function targetChecks(run: Run, ratios: Ratios): Check[] {
  const { spamChecks, akismet } = run;
  const { connections } = run.settings.load;
  const note64 = connections === 64 ? '' : ` (targets are defined at 64 connections; this run used ${connections})`;
  const checks = readAndPostChecks(run, ratios, note64);
  checks.push(postRowsCheck(run.results));
  checks.push({
    target: 'spam checks in process: p50 ≤ 0.1 ms and p99 ≤ 1 ms per comment',
    scenario: 'spam-checks',
    measured: spamChecks
      ? `p50 ${spamChecks.p50Ms} ms, p90 ${spamChecks.p90Ms} ms, p99 ${spamChecks.p99Ms} ms over ${spamChecks.comments} comments × ${spamChecks.rounds}`
      : 'not run',
    pass: spamChecks ? spamChecks.p50Ms <= 0.1 && spamChecks.p99Ms <= 1 : null,
  });
  checks.push({
    target: `Akismet-compatible comment-check over HTTP: ≥ 5,000 req/s at 64 connections${note64}`,
    scenario: 'akismet-comment-check',
    measured: akismet
      ? `median of ${akismet.runs}: ${akismet.requestsPerSecondMedian} req/s, p99 ${akismet.p99MsMedian} ms, server CPU ${akismet.serverCpuUsPerRequestMedian} µs/request (runs: ${akismet.perRun.map((r) => r.rps).join(', ')} req/s)`
      : 'not run',
    pass: akismet ? akismet.requestsPerSecondMedian >= 5000 && akismet.errors === 0 : null,
  });
  checks.push(floodCheck(run));
  checks.push(...mailChecks(run));
  return checks;
}
