// Worker threads that compute what the spam checks need from a comment's text: the hashed
// feature vector (most of a check's cost) and the detected language. Checking runs on the
// thread that serves HTTP; on a machine with a second core the server answers more checks
// per second when that pure work runs beside it. The result is the same either way (the
// engine computes it inline when there is no pool or a worker fails).
import { Worker } from 'node:worker_threads';
import type { SparseVector, TextExtras } from './classifier/features.ts';
import type { FeatureReply, FeatureRequest } from './feature-worker.ts';

export type Analysis = { vector: SparseVector; language: string | null };
type Pending = { resolve: (a: Analysis | null) => void };
type Slot = { worker: Worker; pending: Map<number, Pending>; outbox: FeatureRequest[] };

/** Beyond this many requests in flight per worker, the caller computes inline instead of queueing. */
const MAX_IN_FLIGHT = 256;

export class FeaturePool {
  readonly size: number;
  readonly #workers: Slot[] = [];
  #next = 0;
  #id = 1;
  #closed = false;

  constructor(size: number) {
    this.size = Math.max(1, size);
  }

  /** The text's vector and language, or null (the caller then computes them itself). */
  analyze(text: string, extras: TextExtras, languages: string[] | null): Promise<Analysis | null> {
    if (this.#closed) return Promise.resolve(null);
    while (this.#workers.length < this.size) this.#workers.push(this.#spawn());
    const slot = this.#workers[this.#next++ % this.#workers.length];
    if (slot.pending.size >= MAX_IN_FLIGHT) return Promise.resolve(null);
    return this.#ask(slot, text, extras, languages);
  }

  #ask(slot: Slot, text: string, extras: TextExtras, languages: string[] | null): Promise<Analysis | null> {
    const id = this.#id++;
    return new Promise((resolve) => {
      slot.pending.set(id, { resolve });
      if (slot.pending.size === 1) slot.worker.ref();
      slot.outbox.push({ id, text, extras: { authorUrl: extras.authorUrl ?? null, permalink: extras.permalink ?? null, context: extras.context ?? null }, languages });
      // Everything asked for in this turn of the event loop travels in one message.
      if (slot.outbox.length === 1) queueMicrotask(() => this.#flush(slot));
    });
  }

  #flush(slot: Slot): void {
    const batch = slot.outbox.splice(0);
    if (batch.length) slot.worker.postMessage(batch);
  }

  /** Starts the workers and waits until each has answered once, so no reader waits for it. */
  async warm(): Promise<void> {
    while (this.#workers.length < this.size) this.#workers.push(this.#spawn());
    await Promise.all(this.#workers.map((slot, i) => this.#ask(slot, `warm-up ${i}`, {}, ['eng'])));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const slot of this.#workers.splice(0)) {
      for (const p of slot.pending.values()) p.resolve(null);
      await slot.worker.terminate();
    }
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./feature-worker.ts', import.meta.url));
    const slot: Slot = { worker, pending: new Map<number, Pending>(), outbox: [] };
    worker.unref();
    worker.on('message', (replies: FeatureReply[]) => {
      for (const r of replies) {
        const p = slot.pending.get(r.id);
        if (!p) continue;
        slot.pending.delete(r.id);
        p.resolve(r.error ? null : { vector: { indices: r.indices, values: r.values }, language: r.language });
      }
      if (slot.pending.size === 0) worker.unref();
    });
    // A worker that dies answers null to what it held and is replaced on the next request.
    const fail = () => {
      for (const p of slot.pending.values()) p.resolve(null);
      slot.pending.clear();
      slot.outbox.length = 0;
      const at = this.#workers.indexOf(slot);
      if (at >= 0) this.#workers.splice(at, 1);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return slot;
  }
}
