// The server's own read cache: serialized public thread pages, keyed by site, thread and
// paging parameters. Any change to a thread bumps its version, so no stale page is served
// after a write acknowledged by this process. (Across servers, the cluster work forwards
// thread.changed events.) Views with a view token never go through it. A change made outside
// any server (the command line's import or privacy erase on SQLite) sends no event: a page is
// served for at most `maxAgeMs`, which bounds how long such a change stays unseen.
import type { Clock } from '../core/clock.ts';
import type { ParleyEvents } from '../core/events.ts';

// Bodies are kept as bytes: converting a 40 KB string to UTF-8 on every hit would cost more
// than the rest of the hit.
type Entry = { version: number; body: Buffer; etag: string; storedAt: number };

export class ReadCache {
  readonly #entries = new Map<string, Entry>();
  readonly #versions = new Map<string, number>();
  /** Added to every thread's version: bumped when changes from other servers may have been missed. */
  #epoch = 0;
  readonly #max: number;
  readonly #maxAgeMs: number;
  readonly #clock: Clock;
  readonly enabled: boolean;

  constructor(events: ParleyEvents, opts: { enabled: boolean; maxEntries: number; maxAgeMs: number; clock: Clock }) {
    this.enabled = opts.enabled;
    this.#max = opts.maxEntries;
    this.#maxAgeMs = opts.maxAgeMs;
    this.#clock = opts.clock;
    events.on('thread.changed', ({ siteId, threadKey }) => this.invalidate(siteId, threadKey));
    events.on('events.missed', () => this.invalidateAll());
  }

  invalidate(siteId: string, threadKey: string): void {
    const k = `${siteId}|${threadKey}`;
    this.#versions.set(k, (this.#versions.get(k) ?? 0) + 1);
  }

  /** Every page is stale: both parts of a version only grow, so no stored entry matches again. */
  invalidateAll(): void {
    this.#epoch++;
    this.#entries.clear();
  }

  get(siteId: string, threadKey: string, variant: string): Entry | undefined {
    if (!this.enabled) return undefined;
    const e = this.#entries.get(`${siteId}|${threadKey}|${variant}`);
    if (!e || e.version !== this.version(siteId, threadKey)) return undefined;
    if (this.#clock.now() - e.storedAt >= this.#maxAgeMs) return undefined;
    return e;
  }

  /** Call with the version read *before* the data was loaded, so a racing write wins. */
  version(siteId: string, threadKey: string): number {
    return (this.#versions.get(`${siteId}|${threadKey}`) ?? 0) + this.#epoch;
  }

  set(siteId: string, threadKey: string, variant: string, version: number, text: string, tag: string): Entry {
    const body = Buffer.from(text);
    const entry = { version, body, etag: tag, storedAt: this.#clock.now() };
    if (!this.enabled) return entry;
    const key = `${siteId}|${threadKey}|${variant}`;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return entry;
  }
}
