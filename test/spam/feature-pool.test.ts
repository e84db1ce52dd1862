// With a feature pool the engine reaches the same verdicts as without: the worker computes
// exactly the vector and language the serving thread would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../../src/core/clock.ts';
import { DEFAULT_SETTINGS, type SiteSettings } from '../../src/core/sites/settings.ts';
import { shippedModel } from '../../src/spam/classifier/model.ts';
import { vectorize } from '../../src/spam/classifier/features.ts';
import { SpamEngine } from '../../src/spam/engine.ts';
import { FeaturePool } from '../../src/spam/feature-pool.ts';

const settings: SiteSettings = { ...DEFAULT_SETTINGS, floodSeconds: 0 };
const TEXTS = [
  'The figures in the third paragraph do not match the ones the ministry published last week.',
  'Check out my channel!!! http://bit.ly/x subscribe, free gift card',
  'El gobierno francés anunció ayer una nueva cooperación militar con Rusia en Siria, según el ministerio.',
  'Both agencies reported it: https://a.example/report and https://b.example/story, worth comparing.',
  '𝒻𝓇𝑒𝑒 m𝐨ney 😀😀 at http://x.y/ré',
  'ok',
];

test('the feature pool gives the verdicts the serving thread would', async () => {
  const store = { spamLayer: async () => undefined, spamCorrections: async () => [] } as never;
  const clock = fakeClock(0);
  const pool = new FeaturePool(2);
  const pooled = new SpamEngine({ model: shippedModel(), store, clock, pool });
  const inline = new SpamEngine({ model: shippedModel(), store, clock });
  try {
    for (const body of TEXTS) {
      const ctx = {
        siteId: 'S',
        siteLang: 'en',
        languages: ['en'],
        name: 'A',
        email: 'a@example.com',
        website: 'https://a.example',
        body,
        ipHash: null,
        userAgent: null,
        form: null,
        formAgeMs: null,
        page: { title: 'France Russia', url: 'https://news.example/a' },
        settings,
        facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
        now: 0,
      };
      const extras = { permalink: 'https://news.example/a', context: 'France Russia' };
      assert.deepEqual(await pooled.moderate(ctx), await inline.moderate(ctx), body);
      const a = await pool.analyze(body, { authorUrl: 'https://a.example', ...extras }, ['eng']);
      assert.ok(a);
      const v = vectorize(body, { authorUrl: 'https://a.example', ...extras });
      assert.deepEqual([...a.vector.indices], [...v.indices]);
      assert.deepEqual([...a.vector.values], [...v.values]);
    }
    const spanish = await pooled.moderate(
      {
        siteId: 'S',
        siteLang: 'en',
        languages: ['en'],
        name: 'A',
        email: 'a@example.com',
        website: null,
        body: TEXTS[2],
        ipHash: null,
        userAgent: null,
        form: null,
        formAgeMs: null,
        page: { title: null, url: null },
        settings,
        facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
        now: 0,
      },
      {},
    );
    assert.ok(spanish.reasons.some((r) => r.check === 'language' && /Spanish/.test(r.reason)));
  } finally {
    await pool.close();
  }
  // A closed pool answers null and the engine computes inline.
  assert.equal(await pool.analyze('text', {}, null), null);
});
