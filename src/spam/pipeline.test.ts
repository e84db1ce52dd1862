import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, type SiteSettings } from '../core/sites/settings.ts';
import type { Check, CheckContext } from './check.ts';
import { honeypot } from './checks/honeypot.ts';
import { repeat } from './checks/repeat.ts';
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

// A check that always fires with these points, judging the wording or not.
const fires = (name: string, score: number, wording: boolean): Check => ({
  name,
  explained: name,
  ...(wording ? { wording: true as const } : {}),
  run: () => ({ score, reason: name }),
});

test('wording alone never reaches the discard line, however many checks fire; the site spam line moves the cap', () => {
  for (const n of [3, 10, 40]) {
    const many = Array.from({ length: n }, (_, i) => fires(`words-${i}`, 5, true));
    const v = moderate(ctx(), many);
    assert.equal(v.outcome, 'spam', `${n} wording checks`);
    assert.equal(v.score, settings.spamScore + 2, `${n} wording checks`);
  }
  // The cap is 2 past the site's own spam line.
  const v = moderate(ctx({ settings: { spamScore: 4, discardScore: 7 } }), [fires('a', 5, true), fires('b', 5, true)]);
  assert.deepEqual([v.outcome, v.score], ['spam', 6]);
  // The real checks: a comment full of every kind of spam wording, sure classifier and all.
  const worst = moderate(
    ctx({
      name: 'cheap flights online',
      website: 'https://cheapdeals.example.com',
      body:
        'Grеаt pоst, I will bооkmаrk your blog!!! Wаllet locked? Call Coinbase customer support +1 (888) 555-0142 now. ' +
        'We offer the best prices, 50% off, book now at cheapdeals.example.com. ' +
        'Check out my channel https://youtube.example.com/c/mine subscribe',
      classifier: { p: 0.999, layerMargin: 0, thresholds: { hold: 0.5, spam: 0.9 }, explain: () => [] },
    }),
  );
  const wordingPoints = worst.reasons.reduce((sum, r) => sum + r.score, 0);
  assert.ok(wordingPoints >= 2 * settings.discardScore, `${wordingPoints} points of wording`);
  assert.deepEqual([worst.outcome, worst.score], ['spam', settings.spamScore + 2]);
});

test('a sign of how the comment was posted takes capped wording on to discard', () => {
  const wording = [fires('a', 5, true), fires('b', 5, true), fires('c', 5, true)];
  const reposted = { priorApproved: 0, repeats: 2, recentByIp: 0, recentByEmail: 0 };
  // The repeat alone holds; with the wording it is past the discard line (8 + 4).
  assert.equal(moderate(ctx({ facts: reposted })).outcome, 'hold');
  const v = moderate(ctx({ facts: reposted }), [...wording, repeat]);
  assert.deepEqual([v.outcome, v.score], ['discard', settings.spamScore + 2 + 4]);
  // Any sign that is not wording counts in full beside the capped wording.
  assert.equal(moderate(ctx(), [...wording, fires('sign', 2, false)]).outcome, 'discard');
  assert.equal(moderate(ctx({ form: { honeypotFilled: true } }), [...wording, honeypot]).outcome, 'discard');
});
