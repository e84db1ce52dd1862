// In-process cost of the spam checks per comment (a script, not a test):
//   node bench/spam-check.ts [--rounds 3] [--json]
// Every comment of the shipped corpora (training/spam: YouTube, SMS, Instagram, Telegram,
// WordPress blog spam and news readers' comments, duplicates removed) goes through SpamEngine.moderate() as a new comment from the
// no-JavaScript form would: every check of the default policy, with the classifier, the
// language check and a site layer that has learned 50 corrections. The history facts are
// given (the database query that gathers them is measured by the HTTP benchmarks). Timing
// is per call with performance.now(); the first round warms the JIT and is not reported.
// Target (issue 4): p50 ≤ 0.1 ms and p99 ≤ 1 ms per comment.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.ts';
import { newId } from '../src/core/ids.ts';
import { DEFAULT_SETTINGS, type SiteSettings } from '../src/core/sites/settings.ts';
import { CORPORA } from '../src/spam/classifier/corpora.ts';
import type { Example } from '../src/spam/classifier/data.ts';
import { shippedModel } from '../src/spam/classifier/model.ts';
import { SpamEngine } from '../src/spam/engine.ts';
import { openSqlite } from '../src/store/dialects/sqlite/open.ts';

export type SpamCheckFigures = {
  comments: number;
  rounds: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  outcomes: Record<string, number>;
};

const SETTINGS: SiteSettings = {
  ...DEFAULT_SETTINGS,
};

export async function measureSpamChecks(rounds = 3): Promise<SpamCheckFigures> {
  const dir = mkdtempSync(join(os.tmpdir(), 'parley-spam-bench-'));
  const store = await openSqlite({ path: join(dir, 'p.db') });
  try {
    const site = newId();
    await store.createSite({
      id: site,
      name: 'Bench',
      origins: [],
      lang: 'en',
      settings: {},
      avatar_secret: 's',
      is_default: true,
      created_at: 0,
    });
    const engine = new SpamEngine({ model: shippedModel(), store, clock: systemClock, syncEveryMs: 3_600_000 });
    const examples: Example[] = CORPORA.flatMap((c) => c.load());
    for (let i = 0; i < 50; i++) {
      const e = examples[(i * 97) % examples.length];
      await engine.learn(site, e.label === 1 ? 1 : 0, { text: e.text }, { source: 'bench' });
    }
    const times: number[] = [];
    const outcomes: Record<string, number> = {};
    for (let r = 0; r <= rounds; r++) {
      for (const [i, e] of examples.entries()) {
        const ctx = {
          siteId: site,
          siteLang: 'en',
          languages: ['en'],
          name: `Reader ${i}`,
          email: `reader${i}@example.com`,
          website: null,
          body: e.text,
          ipHash: 'net',
          userAgent: 'Mozilla/5.0',
          form: { honeypotFilled: false },
          formAgeMs: 30_000,
          page: { title: 'France, Russia team on Syrian fight', url: 'https://news.example.com/a' },
          settings: SETTINGS,
          facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
          now: Date.now(),
        };
        const t0 = performance.now();
        const v = await engine.moderate(ctx);
        const dt = performance.now() - t0;
        if (r > 0) {
          times.push(dt);
          outcomes[v.outcome] = (outcomes[v.outcome] ?? 0) + 1;
        }
      }
    }
    times.sort((a, b) => a - b);
    const q = (p: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(times.length * p))] * 10000) / 10000;
    return {
      comments: examples.length,
      rounds,
      p50Ms: q(0.5),
      p90Ms: q(0.9),
      p99Ms: q(0.99),
      maxMs: q(1),
      meanMs: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10000) / 10000,
      outcomes,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } },
  });
  const f = await measureSpamChecks(Number(values.rounds));
  if (values.json) console.log(JSON.stringify(f));
  else {
    console.log(
      `spam checks in-process, ${f.comments} comments × ${f.rounds} rounds (${os.cpus().length} cores, Node ${process.version})`,
    );
    console.log(
      `  p50 ${f.p50Ms} ms   p90 ${f.p90Ms} ms   p99 ${f.p99Ms} ms   max ${f.maxMs} ms   mean ${f.meanMs} ms`,
    );
    console.log(
      `  targets p50 ≤ 0.1 ms: ${f.p50Ms <= 0.1 ? 'PASS' : 'MISS'}   p99 ≤ 1 ms: ${f.p99Ms <= 1 ? 'PASS' : 'MISS'}`,
    );
    console.log(`  outcomes: ${JSON.stringify(f.outcomes)}`);
  }
}
