// The spam engine's memory on real databases: a site's learned layer survives a restart, is
// the same on two servers sharing the database, is rebuilt when corrections arrive out of
// order, and keeps what it learned when old corrections are folded into the snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { shippedModel } from '../../src/spam/classifier/model.ts';
import { SpamEngine } from '../../src/spam/engine.ts';
import { BACKENDS } from '../store-contract/backends.ts';

// A ham-looking text the base model lets through; a moderator says it is spam on this site.
const SITE_SPAM = 'Mabel’s bakery on Rue Colbert sells the best lemon cake in town, ask for the Gazette discount';
const RELATED = 'The Gazette discount at Mabel’s bakery on Rue Colbert works for the lemon cake too';
const UNRELATED = 'The minister’s answer on the airbase question was evasive, as the article says.';

for (const backend of BACKENDS) {
  test(`spam engine memory (${backend.name})`, async (t) => {
    const opened = await backend.open();
    if (!opened) {
      if (process.env.CI === 'true') throw new Error(`${backend.name} unreachable (CI=true)`);
      return t.skip(`${backend.name} unreachable`);
    }
    const { store, cleanup } = opened;
    try {
      const site = newId();
      await store.createSite({
        id: site,
        name: 'Gazette',
        origins: [],
        lang: 'en',
        settings: {},
        avatar_secret: 's',
        is_default: true,
        created_at: 0,
      });
      const clock = fakeClock(Date.UTC(2026, 10, 30));
      const model = shippedModel();
      const a = new SpamEngine({ model, store, clock, syncEveryMs: 1000 });
      const b = new SpamEngine({ model, store, clock, syncEveryMs: 1000 });
      const p = async (e: SpamEngine, text: string) => e.view(await e.layer(site), text, {}).p;

      const base = await p(a, SITE_SPAM);
      assert.ok(base < model.thresholds.hold, `base model lets it through (${base})`);
      const unrelatedBefore = await p(b, UNRELATED);
      const relatedBefore = await p(a, RELATED);

      const learned = await a.learn(site, 1, { text: SITE_SPAM }, { source: 'test', authorEmail: 'mod@example.com' });
      assert.ok(
        learned.after >= model.thresholds.spam,
        `after one correction it is spam on server A (${learned.after})`,
      );
      const related = await p(a, RELATED);
      assert.ok(related > relatedBefore + 0.2, `a related text moves towards spam (${relatedBefore} → ${related})`);

      // Server B had already loaded the site: it sees the correction after its sync interval.
      clock.advance(1500);
      assert.ok((await p(b, SITE_SPAM)) >= model.thresholds.spam, 'server B learned it from the shared log');
      assert.equal((await a.layer(site)).size, (await b.layer(site)).size);
      const unrelated = await p(b, UNRELATED);
      assert.ok(
        unrelated < model.thresholds.hold && Math.abs(unrelated - unrelatedBefore) < 0.1,
        `an unrelated text barely moves (${unrelatedBefore} → ${unrelated})`,
      );

      // A restart (a fresh engine) rebuilds the same layer from the database.
      const c = new SpamEngine({ model, store, clock });
      assert.equal((await p(c, SITE_SPAM)).toFixed(6), (await p(a, SITE_SPAM)).toFixed(6));

      // A correction written by another server with an older id (clock skew) arrives late:
      // the layer is rebuilt in id order, so every server ends with the same weights.
      const late = {
        id: newId(clock.now() - 5000),
        site_id: site,
        label: 0 as const,
        text: UNRELATED,
        extras: {},
        source: 'test',
        comment_id: null,
        author_email: null,
        created_at: clock.now() - 5000,
      };
      await store.addSpamCorrection(late);
      clock.advance(1500);
      const fresh = new SpamEngine({ model, store, clock });
      for (const e of [a, b]) assert.equal((await p(e, UNRELATED)).toFixed(6), (await p(fresh, UNRELATED)).toFixed(6));

      // Retention: corrections older than the cut-off are folded into the snapshot and their
      // texts deleted; what was learned stays.
      clock.advance(31 * 86_400_000);
      const folded = await a.compact(site, clock.now() - 30 * 86_400_000);
      assert.equal(folded, 2);
      assert.deepEqual(await store.spamCorrections(site, null), []);
      const afterRestart = new SpamEngine({ model, store, clock });
      assert.ok((await p(afterRestart, SITE_SPAM)) >= model.thresholds.spam, 'still spam after the texts are gone');
      assert.ok(
        Math.abs((await p(afterRestart, SITE_SPAM)) - (await p(b, SITE_SPAM))) < 0.01,
        'the snapshot matches the replayed layer',
      );
    } finally {
      await store.close();
      await cleanup();
    }
  });
}
