// The read cache after lost events: when changes from other servers may have been missed (the
// link between servers was down), no page cached before is served again, even one whose load
// started before and is stored after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../../src/core/clock.ts';
import { ParleyEvents } from '../../src/core/events.ts';
import { ReadCache } from '../../src/server/read-cache.ts';

test('events.missed makes every cached page stale, including a load in flight', () => {
  const events = new ParleyEvents();
  const cache = new ReadCache(events, { enabled: true, maxEntries: 10, maxAgeMs: 60_000, clock: fakeClock() });
  cache.set('s', 'a', 'first', cache.version('s', 'a'), 'page a', 'etag-a');
  const inFlight = cache.version('s', 'b');
  assert.equal(cache.get('s', 'a', 'first')?.etag, 'etag-a');

  events.emit('events.missed', { reason: 'test' });
  assert.equal(cache.get('s', 'a', 'first'), undefined, 'cached before: stale');
  cache.set('s', 'b', 'first', inFlight, 'page b', 'etag-b');
  assert.equal(cache.get('s', 'b', 'first'), undefined, 'loaded before, stored after: stale');

  cache.set('s', 'a', 'first', cache.version('s', 'a'), 'page a2', 'etag-a2');
  assert.equal(cache.get('s', 'a', 'first')?.etag, 'etag-a2', 'loaded after: served');
  events.emit('thread.changed', { siteId: 's', threadId: 't', threadKey: 'a' });
  assert.equal(cache.get('s', 'a', 'first'), undefined, 'a thread change still invalidates its pages');
});

test('a page is served for at most its maximum age: a change no event announced shows after it', () => {
  const clock = fakeClock();
  const cache = new ReadCache(new ParleyEvents(), { enabled: true, maxEntries: 10, maxAgeMs: 60_000, clock });
  cache.set('s', 'a', 'first', cache.version('s', 'a'), 'page a', 'etag-a');
  clock.advance(59_999);
  assert.equal(cache.get('s', 'a', 'first')?.etag, 'etag-a');
  clock.advance(1);
  assert.equal(cache.get('s', 'a', 'first'), undefined);
});
