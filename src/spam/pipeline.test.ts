import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, type SiteSettings } from '../core/sites/settings.ts';
import type { CheckContext } from './check.ts';
import { moderate } from './pipeline.ts';

const settings: SiteSettings = {
  ...DEFAULT_SETTINGS,
};

function ctx(over: Partial<Omit<CheckContext, 'settings'>> & { settings?: Partial<SiteSettings> } = {}): CheckContext {
  const { settings: s, ...rest } = over;
  return {
    siteId: 'S',
    siteLang: 'en',
    name: 'Anne',
    email: 'anne@example.com',
    website: null,
    body: 'A thoughtful comment about the article.',
    ipHash: 'net-1',
    userAgent: 'Mozilla/5.0',
    form: { honeypotFilled: false },
    formAgeMs: 60_000,
    page: { title: null, url: null },
    languages: [],
    facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
    classifier: null,
    now: 0,
    ...rest,
    settings: { ...settings, ...s },
  };
}

test('an ordinary comment from the form is approved with no reasons', () => {
  const v = moderate(ctx());
  assert.deepEqual([v.outcome, v.score, v.reasons], ['approve', 0, []]);
});

test('a filled honeypot is discarded', () => {
  assert.equal(moderate(ctx({ form: { honeypotFilled: true } })).outcome, 'discard');
});

test('blocked emails, domains and networks are spam, with the reason named', () => {
  const byDomain = moderate(ctx({ email: 'x@mail.spam.example', settings: { blockedEmails: ['@spam.example'] } }));
  assert.equal(byDomain.outcome, 'spam');
  assert.match(byDomain.reasons[0].reason, /spam\.example/);
  assert.equal(moderate(ctx({ settings: { blockedEmails: ['anne@example.com'] } })).outcome, 'spam');
  assert.equal(moderate(ctx({ settings: { blockedEmails: ['other@example.com'] } })).outcome, 'approve');
  assert.equal(moderate(ctx({ settings: { blockedIpHashes: ['net-1'] } })).outcome, 'spam');
});

test('keyword lists: block sends to spam, hold holds, across every field', () => {
  assert.equal(moderate(ctx({ body: 'cheap CASINO bonus', settings: { blockKeywords: ['casino'] } })).outcome, 'spam');
  assert.equal(
    moderate(ctx({ website: 'https://pills.example', settings: { holdKeywords: ['pills*'] } })).outcome,
    'hold',
  );
  assert.equal(moderate(ctx({ userAgent: 'EvilBot/1.0', settings: { blockKeywords: ['evilbot'] } })).outcome, 'spam');
});

test('signals add up: a script without a form token posting the same text again is held', () => {
  const v = moderate(
    ctx({ form: null, formAgeMs: null, facts: { priorApproved: 0, repeats: 1, recentByIp: 0, recentByEmail: 0 } }),
  );
  assert.equal(v.outcome, 'hold');
  assert.deepEqual(
    v.reasons.map((r) => r.check),
    ['form-timing', 'repeat'],
  );
  // No token alone is never enough.
  assert.equal(moderate(ctx({ form: null, formAgeMs: null })).outcome, 'approve');
  // A form sent back in under 3 s alone is not enough either.
  assert.equal(moderate(ctx({ formAgeMs: 1200 })).outcome, 'approve');
});

test('velocity: per email at the limit, per network at three times it', () => {
  assert.equal(
    moderate(ctx({ formAgeMs: 1000, facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 6 } }))
      .outcome,
    'hold',
  );
  assert.equal(
    moderate(ctx({ formAgeMs: 1000, facts: { priorApproved: 0, repeats: 0, recentByIp: 17, recentByEmail: 0 } }))
      .outcome,
    'approve',
  );
  assert.equal(
    moderate(ctx({ formAgeMs: 1000, facts: { priorApproved: 0, repeats: 0, recentByIp: 18, recentByEmail: 0 } }))
      .outcome,
    'hold',
  );
});

test('trust lowers the score but never lifts a hold a rule demanded', () => {
  const trusted = { priorApproved: 3, repeats: 1, recentByIp: 0, recentByEmail: 0 };
  assert.equal(moderate(ctx({ form: null, formAgeMs: null, facts: trusted })).outcome, 'approve');
  assert.equal(moderate(ctx({ body: 'http://a.example http://b.example', facts: trusted })).outcome, 'hold');
});

test('disabled checks do not run; thresholds are per site', () => {
  assert.equal(
    moderate(ctx({ body: 'casino', settings: { blockKeywords: ['casino'], disabledChecks: ['keywords'] } })).outcome,
    'approve',
  );
  assert.equal(moderate(ctx({ form: null, formAgeMs: null, settings: { holdScore: 1 } })).outcome, 'hold');
});

test('content signals: contact bait, look-alike letters and padding add up with the rest', () => {
  const scam = moderate(ctx({ body: 'Wallet locked? Call Coinbase customer support +1 (888) 555-0142 now' }));
  assert.equal(scam.outcome, 'hold');
  assert.deepEqual(
    scam.reasons.map((r) => [r.check, r.score]),
    [['contact', 5]],
  );
  // Letters for digits on top: written to dodge filters, spam on its own.
  assert.equal(moderate(ctx({ body: 'For tech support dial 1-8OO-555-O199 right now' })).outcome, 'spam');
  const disguised = moderate(ctx({ body: 'Пpивeт! Зapaбoтoк oт 800$ в нeдeлю, пишитe @job_x в телеграм' }));
  assert.equal(disguised.outcome, 'spam');
  assert.deepEqual(
    disguised.reasons.map((r) => r.check),
    ['contact', 'confusables'],
  );
  // A reader giving the council's number, or their address, is not held for it.
  assert.equal(moderate(ctx({ body: 'Call the council at 808-555-0142 and complain, I did.' })).outcome, 'approve');
  assert.equal(moderate(ctx({ body: 'Happy to share the data, email me at anne@example.com.' })).outcome, 'approve');
});
