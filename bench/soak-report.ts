// The soak's verdict: drift of RSS and p99 from the start of the steady span to its end, each
// end the median of a minute of samples (one 10-s sample alone is too noisy to judge by), fds,
// errors in and out of the outages, acknowledged comments against those in the database.
import { printTable } from './report.ts';
import type { BackendResult, Sample } from './soak-backend.ts';
import { ERROR_KINDS, type Counts } from './soak-load.ts';

export const TARGETS = { rss: 1.1, p99: 1.5 };

export type Verdict = { backend: string; pass: boolean; reasons: string[] };

/** The span judged: from minute 2 to the end (scaled down for short runs), and the width of its two ends. */
export function spanOf(minutes: number): { fromS: number; toS: number; edgeS: number } {
  const fromS = Math.min(120, minutes * 12);
  return { fromS, toS: minutes * 60, edgeS: Math.min(60, minutes * 6) };
}

function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x != null).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const fmt = (n: number | null | undefined, d = 1) => (n == null ? '?' : String(Math.round(n * 10 ** d) / 10 ** d));
const countsText = (c: Counts) =>
  ERROR_KINDS.filter((k) => c[k] > 0)
    .map((k) => `${k} ${c[k]}`)
    .join(', ') || 'none';

/** Samples at the two ends of the span; samples taken during an outage are left out. */
function ends(samples: Sample[], minutes: number): { first: Sample[]; last: Sample[] } {
  const { fromS, toS, edgeS } = spanOf(minutes);
  const steady = samples.filter((s) => !s.outage);
  return {
    first: steady.filter((s) => s.t > fromS && s.t <= fromS + edgeS),
    last: steady.filter((s) => s.t > toS - edgeS && s.t <= toS),
  };
}

export function printBackend(r: BackendResult, minutes: number, streams: number): Verdict {
  const { fromS, toS, edgeS } = spanOf(minutes);
  const { first, last } = ends(r.samples, minutes);
  const rssA = median(first.map((s) => s.rssMiB));
  const rssB = median(last.map((s) => s.rssMiB));
  const p99A = median(first.map((s) => s.p99));
  const p99B = median(last.map((s) => s.p99));
  const rssRatio = rssA && rssB != null ? rssB / rssA : null;
  const p99Ratio = p99A && p99B != null ? p99B / p99A : null;
  const fdsA = median(first.map((s) => s.fds));
  const fdsB = median(last.map((s) => s.fds));
  const fdMax = Math.max(...r.samples.map((s) => s.fds ?? 0));
  const streamsA = median(first.map((s) => s.streamsOpen));
  const streamsB = median(last.map((s) => s.streamsOpen));
  const accounted = r.present + r.discarded;
  const checks = {
    rss: rssRatio != null && rssRatio <= TARGETS.rss,
    p99: p99Ratio != null && p99Ratio <= TARGETS.p99,
    acked: r.missing.length === 0 && accounted === r.acknowledged,
  };
  const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
  const label = (s: number) => `${fmt(s / 60)}`;
  const firstCol = `min ${label(fromS)}–${label(fromS + edgeS)}`;
  const lastCol = `min ${label(toS - edgeS)}–${label(toS)}`;
  const outageText = r.outages
    .map(
      (o) =>
        `${o.name} at ${o.atS} s (down ${(o.downMs / 1000).toFixed(1)} s): ${countsText(r.outageErrors.get(o.name) ?? zeroCounts())}`,
    )
    .join('; ');
  console.log('');
  console.log(`${r.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${minutes} min, ${streams} streams`);
  printTable(
    ['measure', firstCol, lastCol, 'drift / total', 'target', 'result'],
    [
      [
        'RSS MiB (median of samples)',
        fmt(rssA),
        fmt(rssB),
        `×${fmt(rssRatio, 2)}`,
        `≤ ×${TARGETS.rss}`,
        ok(checks.rss),
      ],
      [
        'p99 ms (10-s windows, median)',
        fmt(p99A),
        fmt(p99B),
        `×${fmt(p99Ratio, 2)}`,
        `≤ ×${TARGETS.p99}`,
        ok(checks.p99),
      ],
      ['p50 ms', fmt(median(first.map((s) => s.p50))), fmt(median(last.map((s) => s.p50))), '', '', ''],
      ['open fds', fmt(fdsA, 0), fmt(fdsB, 0), `max ${fdMax}`, '', ''],
      [
        'CPU pressure % (PSI avg10, median)',
        fmt(median(first.map((s) => s.psi))),
        fmt(median(last.map((s) => s.psi))),
        'machine noise',
        '',
        '',
      ],
      ['streams open', fmt(streamsA, 0), fmt(streamsB, 0), `of ${streams}`, '', ''],
      ['acknowledged vs present', '', '', `${accounted} / ${r.acknowledged}`, 'all', ok(checks.acked)],
    ],
  );
  const perS = r.samples.length ? r.totalResponses / (r.samples[r.samples.length - 1].t || 1) : 0;
  console.log(
    `  traffic: ${r.totalResponses.toLocaleString('en')} responses (${fmt(perS, 0)}/s), ${r.skipped} paced requests skipped (too many in flight); ` +
      `${r.acknowledged} comments acknowledged (${r.held} held), ${r.present} in comments` +
      (r.discarded ? `, ${r.discarded} in the spam discard log` : '') +
      (r.missing.length ? `, MISSING ${r.missing.length}: ${r.missing.slice(0, 5).join(', ')}` : ''),
  );
  console.log(
    `  streams: ${r.streamEvents.toLocaleString('en')} comment events received, ${r.streamDrops} dropped by the server and reopened, ${r.streamRefusals} refused`,
  );
  console.log(`  errors outside outages: ${countsText(r.steadyErrors)}`);
  console.log(`  outages (errors until ${r.outages[0]?.graceS ?? 10} s after recovery): ${outageText || 'none'}`);
  console.log(
    `  server processes: ${r.serverPids.join(' → ')} (kill -9 restarts the process: the RSS of the last minute is the new one's)`,
  );
  const psiB = median(last.map((s) => s.psi));
  const psiA = median(first.map((s) => s.psi));
  // p99 on a shared 2-core machine follows the neighbours' load: say so next to the verdict.
  if (Math.max(psiA ?? 0, psiB ?? 0) > 20)
    console.log(
      `  note: CPU pressure ${fmt(psiA)} % → ${fmt(psiB)} %: other work on the machine, p99 drift may be theirs`,
    );
  const reasons: string[] = [];
  if (!checks.rss) reasons.push(`RSS ×${fmt(rssRatio, 2)} > ×${TARGETS.rss}`);
  if (!checks.p99) reasons.push(`p99 ×${fmt(p99Ratio, 2)} > ×${TARGETS.p99}`);
  if (!checks.acked) reasons.push(`${r.missing.length} acknowledged comments missing`);
  return { backend: r.backend, pass: reasons.length === 0, reasons };
}

function zeroCounts(): Counts {
  return { '5xx': 0, '503': 0, '429': 0, '4xx': 0, network: 0, timeout: 0 };
}
