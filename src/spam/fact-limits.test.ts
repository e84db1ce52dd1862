import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpamFacts } from '../core/ports.ts';
import { DEFAULT_SETTINGS, type Premoderation, type SiteSettings } from '../core/sites/settings.ts';
import type { CheckContext } from './check.ts';
import { atLeast, factLimits } from './fact-limits.ts';
import { moderate } from './pipeline.ts';

function ctx(settings: SiteSettings, facts: SpamFacts, body = 'A thoughtful comment about the article.'): CheckContext {
  return {
    siteId: 'S',
    siteLang: 'en',
    name: 'Anne',
    email: 'anne@example.com',
    website: null,
    body,
    ipHash: 'net-1',
    userAgent: 'Mozilla/5.0',
    form: { honeypotFilled: false },
    formAgeMs: 60_000,
    page: { title: null, url: null },
    languages: [],
    facts,
    classifier: null,
    now: 0,
    settings,
  };
}

/** What the store answers under these limits: a fact not read is 0, a count stops at its limit. */
function capped(exact: SpamFacts, settings: SiteSettings): SpamFacts {
  const l = factLimits(settings);
  return {
    priorApproved: Math.min(exact.priorApproved, l.prior),
    repeats: Math.min(exact.repeats, l.repeats),
    recentByIp: Math.min(exact.recentByIp, l.recentByIp),
    recentByEmail: Math.min(exact.recentByEmail, l.recentByEmail),
  };
}

/** The same facts, exact where a check reads them (as before limits), 0 where none does. */
function uncapped(exact: SpamFacts, settings: SiteSettings): SpamFacts {
  const l = factLimits(settings);
  return {
    priorApproved: l.prior ? exact.priorApproved : 0,
    repeats: l.repeats ? exact.repeats : 0,
    recentByIp: l.recentByIp ? exact.recentByIp : 0,
    recentByEmail: l.recentByEmail ? exact.recentByEmail : 0,
  };
}

function* siteSettings(): Generator<SiteSettings> {
  const modes: Premoderation[] = ['none', 'first', 'links', 'all'];
  const off = [[], ['trust'], ['velocity', 'repeat'], ['trust', 'velocity', 'repeat']];
  for (const premoderation of modes)
    for (const autoApproveAfter of [0, 1, 3])
      for (const velocityPerHour of [1, 6])
        for (const repeatWindowHours of [0, 24])
          for (const disabledChecks of off)
            yield {
              ...DEFAULT_SETTINGS,
              premoderation,
              autoApproveAfter,
              velocityPerHour,
              repeatWindowHours,
              disabledChecks,
            };
}

test('velocity, trust, repeat and pre-moderation decide the same on facts counted only up to their limits', () => {
  const counts = [0, 1, 2, 3, 4, 5, 6, 7, 17, 18, 19, 40];
  let compared = 0;
  for (const settings of siteSettings()) {
    for (const prior of counts)
      for (const repeats of [0, 1, 2, 3, 4, 9])
        for (const [recentByIp, recentByEmail] of [
          [0, 0],
          [2, 1],
          [3, 3],
          [5, 5],
          [6, 6],
          [17, 7],
          [18, 0],
          [19, 19],
          [40, 40],
        ]) {
          const exact = { priorApproved: prior, repeats, recentByIp, recentByEmail };
          for (const body of ['A thoughtful comment about the article.', 'See http://a.example for more.']) {
            const a = moderate(ctx(settings, uncapped(exact, settings), body));
            const b = moderate(ctx(settings, capped(exact, settings), body));
            const what = JSON.stringify({ settings: { ...settings, holdKeywords: undefined }, exact, body });
            assert.equal(b.outcome, a.outcome, what);
            assert.equal(b.score, a.score, what);
            assert.deepEqual(
              b.reasons.map((r) => [r.check, r.score]),
              a.reasons.map((r) => [r.check, r.score]),
              what,
            );
            compared++;
          }
        }
  }
  assert.ok(compared > 100_000, `${compared} cases`);
});

test('a count at its limit reads "at least"; below it, the number', () => {
  assert.equal(atLeast(5, 5), 'at least 5');
  assert.equal(atLeast(4, 5), '4');
  assert.equal(atLeast(0, 0), '0');
  const settings = { ...DEFAULT_SETTINGS, premoderation: 'none' as const };
  const reasons = (facts: SpamFacts) => moderate(ctx(settings, facts)).reasons.map((r) => r.reason);
  assert.match(
    reasons({ priorApproved: 0, repeats: 3, recentByIp: 0, recentByEmail: 6 }).join('|'),
    /at least 6 comments in the last hour from this email address \(limit 6\)/,
  );
  assert.match(
    reasons({ priorApproved: 0, repeats: 3, recentByIp: 0, recentByEmail: 0 }).join('|'),
    /posted at least 3 times in other threads/,
  );
  assert.match(
    reasons({ priorApproved: 0, repeats: 2, recentByIp: 0, recentByEmail: 0 }).join('|'),
    /posted 2 times in other threads/,
  );
  assert.match(
    reasons({ priorApproved: 1, repeats: 0, recentByIp: 18, recentByEmail: 0 }).join('|'),
    /at least 18 comments in the last hour from this network \(limit 18\)/,
  );
  assert.match(
    reasons({ priorApproved: 1, repeats: 0, recentByIp: 0, recentByEmail: 0 }).join('|'),
    /at least 1 earlier approved comment/,
  );
  const autoApprove = { ...settings, premoderation: 'first' as const, autoApproveAfter: 3 };
  assert.match(
    moderate(ctx(autoApprove, { priorApproved: 2, repeats: 0, recentByIp: 0, recentByEmail: 0 }))
      .reasons.map((r) => r.reason)
      .join('|'),
    /(^|\|)2 earlier approved comment/,
  );
});
