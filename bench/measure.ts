// One measured scenario: autocannon against a server (or the balancer in front of servers),
// with the CPU time of every process involved: the servers, the balancer, PostgreSQL and the
// benchmark process itself (autocannon runs in it), all sharing the machine's cores.
import { createRequire } from 'node:module';
import os from 'node:os';
import {
  cpuPressure,
  cpuSeconds,
  postgresCpu,
  postgresCpuDelta,
  postgresPidsOf,
  rssKiB,
  type Proc,
  type Server,
} from './procs.ts';
import { commentBody, mulberry32 } from './seed-text.ts';

// ---------------------------------------------------------------------------------------
// autocannon (CommonJS, no bundled types): the small part of its API used here.

type Histogram = {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
};
type AutocannonResult = {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
};
export type AutocannonRequest = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
};
type AutocannonOptions = {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
};
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: AutocannonOptions,
) => Promise<AutocannonResult>;

// ---------------------------------------------------------------------------------------

export type LoadSettings = {
  connections: number;
  pipelining: number;
  warmupS: number;
  waitQuietS: number;
  quietPsiBelow: number;
};

/** Where the load goes: one server directly, or the balancer in front of one or more. */
export type Target = { url: string; servers: Server[]; balancer?: Proc };

type CpuShare = { seconds: number | null; coresBusy: number | null; usPerResponse: number | null };

export type ScenarioResult = {
  name: string;
  description: string;
  backend: 'sqlite' | 'postgres';
  servers: number;
  viaBalancer: boolean;
  method: string;
  path: string;
  settings: {
    connections: number;
    pipelining: number;
    durationS: number;
    warmupS: number;
    readCache: 'on' | 'off';
    synchronous: 'full' | 'normal' | 'n/a';
    floodSeconds: number;
    logLevel: string;
  };
  requestsPerSecond: { mean: number; median: number; stddev: number; min: number; max: number };
  latencyMs: { mean: number; p50: number; p97_5: number; p99: number; max: number };
  totalResponses: number;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerSecond: number;
  measuredDurationS: number;
  /** The largest server process (of several behind the balancer). */
  serverRssMiB: { before: number | null; peak: number | null; after: number | null };
  /** CPU time of the Parley server process(es) during the measured run: less sensitive to a noisy machine than req/s. */
  serverCpu: CpuShare & { impliedResponsesPerCoreSecond: number | null };
  /** PostgreSQL's share of the work: the backends of the benchmark's database, the WAL writer, checkpointer and background writer. */
  postgresCpu?: CpuShare;
  /** The other PostgreSQL processes (other databases on a shared server): a measure of outside noise. */
  postgresOtherCpu?: CpuShare;
  /** Each process separately: every server, the balancer, PostgreSQL, the benchmark process (autocannon). */
  processCpu: ({ label: string } & CpuShare)[];
  benchProcessCpuSeconds: number;
  loadAverage1mBefore: number;
  cpuPressureAvg10: { before: number | null; after: number | null };
  waitedForQuietS: number;
  stored?: { count: number; perSecond: number; rowsInDatabase: number; rowsAtLeastAcknowledged: boolean };
};

const mib = (kib: number | null) => (kib == null ? null : Math.round((kib / 1024) * 10) / 10);
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function share(seconds: number | null, durationS: number, responses: number): CpuShare {
  return {
    seconds: seconds == null ? null : round(seconds, 2),
    coresBusy: seconds == null ? null : round(seconds / durationS, 2),
    usPerResponse: seconds == null || responses === 0 ? null : Math.round((seconds * 1e6) / responses),
  };
}

export async function measure(
  load: LoadSettings,
  target: Target,
  name: string,
  description: string,
  opts: {
    path: string;
    method?: 'GET' | 'POST';
    duration: number;
    requests?: AutocannonRequest[];
    warmupRequests?: AutocannonRequest[];
    headers?: Record<string, string>;
  },
): Promise<ScenarioResult> {
  const common = {
    url: target.url + opts.path,
    connections: load.connections,
    pipelining: load.pipelining,
    timeout: 30,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    requests: opts.requests,
  };
  let waitedS = 0;
  if (load.waitQuietS > 0) {
    const until = Date.now() + load.waitQuietS * 1000;
    const t0 = Date.now();
    while (Date.now() < until && (cpuPressure() ?? 0) >= load.quietPsiBelow)
      await new Promise((r) => setTimeout(r, 2000));
    waitedS = Math.round((Date.now() - t0) / 1000);
  }
  if (load.warmupS > 0)
    await autocannon({ ...common, requests: opts.warmupRequests ?? opts.requests, duration: load.warmupS });

  const watched: Proc[] = [...target.servers, ...(target.balancer ? [target.balancer] : [])];
  const first = target.servers[0];
  const pg = first.backend === 'postgres';
  const loadBefore = os.loadavg()[0];
  const pressureBefore = cpuPressure();
  const rssBefore = rssKiB(first.pid);
  const cpuBefore = watched.map((p) => cpuSeconds(p.pid));
  // The servers' pool connections exist after the warm-up; sampled again at the end for any opened later.
  const pgPids = pg ? await postgresPidsOf(first.env.PARLEY_DATABASE_URL) : null;
  const pgBefore = pg ? postgresCpu() : null;
  const ownBefore = process.cpuUsage();
  let peak = 0;
  const poll = setInterval(() => {
    for (const s of target.servers) peak = Math.max(peak, rssKiB(s.pid) ?? 0);
  }, 250);
  process.stdout.write(`  ${name}: ${opts.duration}s … `);
  const r = await autocannon({ ...common, duration: opts.duration });
  clearInterval(poll);
  const own = process.cpuUsage(ownBefore);
  const cpuAfter = watched.map((p) => cpuSeconds(p.pid));
  const pgAfter = pgBefore ? postgresCpu() : null;
  if (pgPids) for (const pid of await postgresPidsOf(first.env.PARLEY_DATABASE_URL)) pgPids.add(pid);
  const pgCpu = pgBefore && pgAfter && pgPids ? postgresCpuDelta(pgBefore, pgAfter, pgPids) : null;
  const rssAfter = rssKiB(first.pid);
  for (const s of target.servers) peak = Math.max(peak, rssKiB(s.pid) ?? 0);

  const n = r.requests.total;
  const cpuOf = watched.map((_, i) =>
    cpuBefore[i] != null && cpuAfter[i] != null ? cpuAfter[i]! - cpuBefore[i]! : null,
  );
  const serverCpus = cpuOf.slice(0, target.servers.length);
  const serverCpu = serverCpus.some((c) => c == null) ? null : serverCpus.reduce((a, b) => a! + b!, 0);
  const benchCpu = (own.user + own.system) / 1e6;
  const processCpu = [
    ...watched.map((p, i) => ({ label: p.label, ...share(cpuOf[i], r.duration, n) })),
    ...(pg ? [{ label: 'postgres (this database)', ...share(pgCpu?.ours ?? null, r.duration, n) }] : []),
    { label: 'bench process (autocannon)', ...share(benchCpu, r.duration, n) },
  ];
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, Number(v.count)]));
  const result: ScenarioResult = {
    name,
    description,
    backend: first.backend,
    servers: target.servers.length,
    viaBalancer: !!target.balancer,
    method: common.method,
    path: opts.path.length > 120 ? `${opts.path.slice(0, 117)}…` : opts.path,
    settings: {
      connections: load.connections,
      pipelining: load.pipelining,
      durationS: opts.duration,
      warmupS: load.warmupS,
      readCache: first.env.PARLEY_READ_CACHE as 'on' | 'off',
      synchronous: pg ? 'n/a' : (first.env.PARLEY_SQLITE_SYNCHRONOUS as 'full' | 'normal'),
      floodSeconds: Number(first.env.PARLEY_FLOOD_SECONDS),
      logLevel: first.env.PARLEY_LOG_LEVEL,
    },
    requestsPerSecond: {
      mean: round(r.requests.mean),
      median: r.requests.p50,
      stddev: round(r.requests.stddev),
      min: r.requests.min,
      max: r.requests.max,
    },
    latencyMs: {
      mean: round(r.latency.mean, 2),
      p50: r.latency.p50,
      p97_5: r.latency.p97_5,
      p99: r.latency.p99,
      max: r.latency.max,
    },
    totalResponses: n,
    statusCodes,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    bytesPerSecond: Math.round(r.throughput.mean),
    measuredDurationS: r.duration,
    serverRssMiB: { before: mib(rssBefore), peak: mib(peak || null), after: mib(rssAfter) },
    serverCpu: {
      ...share(serverCpu, r.duration, n),
      impliedResponsesPerCoreSecond: serverCpu == null || serverCpu === 0 ? null : Math.round(n / serverCpu),
    },
    ...(pg
      ? {
          postgresCpu: share(pgCpu?.ours ?? null, r.duration, n),
          postgresOtherCpu: share(pgCpu?.others ?? null, r.duration, n),
        }
      : {}),
    processCpu,
    benchProcessCpuSeconds: round(benchCpu, 2),
    loadAverage1mBefore: round(loadBefore, 2),
    cpuPressureAvg10: { before: pressureBefore, after: cpuPressure() },
    waitedForQuietS: waitedS,
  };
  console.log(
    `${result.requestsPerSecond.mean} req/s, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}; ` +
      `server CPU ${result.serverCpu.usPerResponse} µs/response (${result.serverCpu.coresBusy} cores busy)` +
      (result.postgresCpu
        ? `, PostgreSQL ${result.postgresCpu.usPerResponse} µs/response (${result.postgresCpu.coresBusy} cores; other databases ${result.postgresOtherCpu?.coresBusy} cores)`
        : '') +
      `; CPU pressure ${result.cpuPressureAvg10.before}→${result.cpuPressureAvg10.after} %`,
  );
  return result;
}

/** POST bodies: each request gets a fresh, distinct comment; with several threads, they take turns. */
export function postRequests(threads: string | string[], tag: string): AutocannonRequest[] {
  const list = typeof threads === 'string' ? [threads] : threads;
  let n = 0;
  const rng = mulberry32(tag.length * 7919 + 17);
  return [
    {
      method: 'POST',
      path: '/api/v1/comments',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        n++;
        const user = n % 997;
        return {
          ...req,
          body: JSON.stringify({
            thread: list[n % list.length],
            name: `Bench writer ${user}`,
            email: `writer${user}@example.org`,
            body: commentBody(rng, `${tag}-${n}`),
          }),
        };
      },
    },
  ];
}
