// Part of the storage behaviour suite: sites and their settings, listing threads, a thread's
// pins and its closing, and the store's own life (secrets, ping, close), on every backend.
import assert from 'node:assert/strict';
import { newId } from '../../src/core/ids.ts';
import { oneSite, storeSuite } from './harness.ts';

storeSuite('sites and threads', (s) => {
  s.it('a created site reads back whole, by id and in the id-ordered list', async () => {
    const a = await s.site({
      id: 'site-b',
      name: 'Bravo',
      origins: ['https://b.test'],
      lang: 'de',
      settings: { x: 1 },
      avatar_secret: 'sb',
      is_default: true,
      created_at: 20,
    });
    await s.site({ id: 'site-a', name: 'Alpha', created_at: 10 });
    assert.deepEqual(await s.store.getSite(a), {
      id: 'site-b',
      name: 'Bravo',
      origins: ['https://b.test'],
      lang: 'de',
      settings: { x: 1 },
      avatar_secret: 'sb',
      is_default: true,
      created_at: 20,
    });
    assert.equal(await s.store.getSite('no-such-site'), undefined);
    const listed = (await s.store.listSites()).filter((x) => x.id.startsWith('site-'));
    assert.deepEqual(
      listed.map((x) => [x.id, x.name, x.is_default, x.created_at]),
      [
        ['site-a', 'Alpha', false, 10],
        ['site-b', 'Bravo', true, 20],
      ],
    );
  });

  s.it('updating a site changes the given fields only', async () => {
    const id = await s.site({ name: 'Before', lang: 'en', avatar_secret: 'keep' });
    await s.store.updateSite(id, { name: 'After', settings: { premoderate: true }, is_default: true });
    const site = (await s.store.getSite(id))!;
    assert.deepEqual(
      [site.name, site.settings, site.is_default, site.lang, site.avatar_secret],
      ['After', { premoderate: true }, true, 'en', 'keep'],
    );
  });

  s.it("a site's threads list newest first, up to the limit, without other sites' threads", async () => {
    const site = await s.site();
    const other = await s.site();
    for (const key of ['one', 'two', 'three']) await s.post(site, key);
    await s.post(other, 'elsewhere');
    const threads = await s.store.listThreads(site, 10);
    assert.deepEqual(
      threads.map((t) => t.key),
      ['three', 'two', 'one'],
    );
    assert.deepEqual(
      [threads[0].site_id, threads[0].title, threads[0].comment_count, threads[0].closed],
      [site, 'Title of three', 1, false],
    );
    assert.deepEqual(
      (await s.store.listThreads(site, 2)).map((t) => t.key),
      ['three', 'two'],
    );
    assert.deepEqual(await s.store.listThreads(await s.site(), 10), []);
  });

  s.it('ping answers while the store is open; a closed store stops answering', async () => {
    await s.store.ping();
    const opened = (await s.backend.open())!;
    try {
      await opened.store.ping();
      await opened.store.close();
      await assert.rejects(opened.store.ping());
    } finally {
      await opened.cleanup();
    }
  });

  s.it('secrets are created once and then read back unchanged', async () => {
    const store = s.store;
    const first = await store.loadOrCreateSecrets(() => ({ a: 'one' }));
    const second = await store.loadOrCreateSecrets(() => ({ a: 'two' }));
    assert.equal(first.a, 'one');
    assert.equal(second.a, 'one');
  });

  s.it('a thread keeps its pins and, when reopened, the time; aged open threads close once', async () => {
    const { store, siteId, thread, row } = await oneSite(s);
    const key = `pins-${newId()}`;
    const { threadId } = (await store.insertComment({
      comment: row(siteId),
      thread: { ...thread(key), createdAt: 1_000 },
    })) as { threadId: string };
    const v0 = (await store.getThread(threadId))!.version;
    await store.setThreadPins(threadId, ['a', 'b']);
    const pinned = (await store.getThreadByKey(siteId, key))!;
    assert.deepEqual([pinned.pinned, pinned.version], [['a', 'b'], v0 + 1]);
    await store.setThreadPins(threadId, []);
    assert.deepEqual((await store.getThread(threadId))!.pinned, []);
    // Another thread, young: only the old one closes.
    const young = `young-${newId()}`;
    await store.insertComment({ comment: row(siteId), thread: { ...thread(young), createdAt: 9_000 } });
    const closed = await store.closeAgedThreads(siteId, 5_000);
    assert.deepEqual(
      closed.map((t) => t.key),
      [key],
    );
    assert.equal((await store.getThread(threadId))!.closed, true);
    assert.equal((await store.getThreadByKey(siteId, young))!.closed, false);
    assert.deepEqual(await store.closeAgedThreads(siteId, 5_000), [], 'closed threads are not closed again');
    await store.setThreadClosed(threadId, false, 6_000);
    const reopened = (await store.getThread(threadId))!;
    assert.deepEqual([reopened.closed, reopened.reopened_at], [false, 6_000]);
    assert.deepEqual(await store.closeAgedThreads(siteId, 5_000), [], 'reopened after the cut-off: left open');
    assert.deepEqual((await store.closeAgedThreads(siteId, 7_000)).map((t) => t.key).sort(), [key]);
  });
});
