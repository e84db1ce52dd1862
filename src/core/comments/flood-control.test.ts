// Flood control with a shared guard that fails: the database answers instead, and only when it
// fails too does a post go through (on this server's memory), logged once per episode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloodGuard } from '../ports.ts';
import { DEFAULT_SETTINGS } from '../sites/settings.ts';
import { FloodControl, type FloodLog } from './flood-control.ts';

const settings = { ...DEFAULT_SETTINGS, floodSeconds: 30 };
const WINDOW = 30_000;

/** A guard with its own memory, that can be switched off like a Redis going away. */
function fakeGuard(): FloodGuard & { down: boolean } {
  const seen = new Map<string, number>();
  return {
    kind: 'fake',
    down: false,
    get unavailable() {
      return this.down ? 'fake away' : null;
    },
    async hit(keys, windowMs, now) {
      if (this.down) throw new Error('fake away');
      const waits = keys.map((k) => {
        const at = seen.get(k);
        if (at !== undefined && now - at < windowMs) return at + windowMs - now;
        seen.set(k, now);
        return 0;
      });
      return Math.max(...waits) || null;
    },
    async close() {},
  };
}

/** The database's answer: the latest post it was told of, or a failure when `failing`. */
function fakeStore() {
  const posts: { ipHash: string | null; email: string; at: number }[] = [];
  return {
    posts,
    failing: false,
    async lastPostTime(_site: string, ipHash: string | null, email: string, since: number) {
      if (this.failing) throw new Error('database away');
      const times = posts.filter((p) => p.at >= since && (p.email === email || (ipHash && p.ipHash === ipHash)));
      return times.length ? Math.max(...times.map((p) => p.at)) : null;
    },
  };
}

const refused = (p: Promise<void>) => assert.rejects(p, { code: 'RATE_LIMITED' });

test('with the guard away, the database decides, then the guard again', async () => {
  const guard = fakeGuard();
  const store = fakeStore();
  const flood = new FloodControl(store, guard, 'secret');
  const t0 = 1_000_000;
  // Known to the database from before the outage (another server took it, say).
  store.posts.push({ ipHash: 'net-a', email: 'a@example.com', at: t0 });
  guard.down = true;
  await refused(flood.check('s', settings, 'net-a', 'other@example.com', t0 + 1000));
  await flood.check('s', settings, 'net-b', 'b@example.com', t0 + 1000);
  store.posts.push({ ipHash: 'net-b', email: 'b@example.com', at: t0 + 1000 });
  // Back: the guard never saw net-b's post, but within a window of the outage the database is asked.
  guard.down = false;
  await refused(flood.check('s', settings, 'net-b', 'b2@example.com', t0 + 2000));
  await flood.check('s', settings, 'net-c', 'c@example.com', t0 + 3000);
  await refused(flood.check('s', settings, 'net-c', 'c2@example.com', t0 + 4000));
  // A window later the guard alone answers: the database, failing now, is not asked.
  store.failing = true;
  await flood.check('s', settings, 'net-d', 'd@example.com', t0 + 1000 + WINDOW);
});

test('with the guard and the database away, posts go through on this server’s memory, logged once', async () => {
  const guard = fakeGuard();
  const store = fakeStore();
  const lines: string[] = [];
  const log: FloodLog = { warn: (_o, msg) => lines.push(msg) };
  const flood = new FloodControl(store, guard, 'secret', log);
  guard.down = true;
  store.failing = true;
  const t0 = 2_000_000;
  await flood.check('s', settings, 'net-a', 'a@example.com', t0);
  flood.remember('s', 'net-a', 'a@example.com', t0);
  await flood.check('s', settings, 'net-b', 'b@example.com', t0 + 10);
  // This server's own memory still refuses its own recent poster.
  await refused(flood.check('s', settings, 'net-a', 'a2@example.com', t0 + 20));
  assert.deepEqual(lines, ['flood control: fallback failed, failing open']);
  store.failing = false;
  await flood.check('s', settings, 'net-c', 'c@example.com', t0 + 30);
  assert.deepEqual(lines.slice(1), ['flood control: the database fallback answers again']);
});
