// Worker threads that compute what the spam checks need from a comment's text: the hashed
// feature vector (most of a check's cost) and the detected language. Checking runs on the
// thread that serves HTTP; on a machine with a second core the server answers more checks
// per second when that pure work runs beside it. The result is the same either way (the
// engine computes it inline when there is no pool or a worker fails).
import { Worker } from 'node:worker_threads';
import type { SparseVector, TextExtras } from './classifier/features.ts';
import { FAILED, REPLY_HEADER, REQUEST_STRIDE, type FeatureBatch, type FeatureReply } from './feature-wire.ts';

export type Analysis = { vector: SparseVector; language: string | null };
type Pending = { resolve: (a: Analysis | null) => void };
type Slot = { worker: Worker; pending: Map<number, Pending>; outbox: FeatureBatch };

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
  analyze(text: string, extras: TextExtras, languages: readonly string[] | null): Promise<Analysis | null> {
    if (this.#closed) return Promise.resolve(null);
    while (this.#workers.length < this.size) this.#workers.push(this.#spawn());
    const slot = this.#workers[this.#next++ % this.#workers.length];
    if (slot.pending.size >= MAX_IN_FLIGHT) return Promise.resolve(null);
    return this.#ask(slot, text, extras, languages);
  }

  #ask(slot: Slot, text: string, extras: TextExtras, languages: readonly string[] | null): Promise<Analysis | null> {
    // Ids travel as 32-bit numbers; one still pending after 2^32 more requests cannot happen.
    const id = this.#id;
    this.#id = (this.#id + 1) >>> 0;
    return new Promise((resolve) => {
      slot.pending.set(id, { resolve });
      if (slot.pending.size === 1) slot.worker.ref();
      slot.outbox.push(
        id,
        text,
        extras.authorUrl ?? null,
        extras.permalink ?? null,
        extras.context ?? null,
        languages ? languages.join(',') : null,
      );
      // Everything asked for in this turn of the event loop travels in one message: sent after
      // the poll phase, so it holds the bodies of every socket read in it (a microtask would send
      // each request alone, each socket's data being a callback of its own).
      if (slot.outbox.length === REQUEST_STRIDE) setImmediate(() => this.#flush(slot));
    });
  }

  #flush(slot: Slot): void {
    if (!slot.outbox.length) return;
    const batch = slot.outbox;
    slot.outbox = [];
    slot.worker.postMessage(batch);
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
    worker.on('message', ([buffer, languages]: FeatureReply) => {
      const u32 = new Uint32Array(buffer);
      const f32 = new Float32Array(buffer);
      let at = 0;
      for (let k = 0; k < languages.length; k++) {
        const id = u32[at];
        const n = u32[at + 1];
        at += REPLY_HEADER;
        let analysis: Analysis | null = null;
        if (n !== FAILED) {
          analysis = {
            vector: { indices: u32.subarray(at, at + n), values: f32.subarray(at + n, at + 2 * n) },
            language: languages[k],
          };
          at += 2 * n;
        }
        const p = slot.pending.get(id);
        if (!p) continue;
        slot.pending.delete(id);
        p.resolve(analysis);
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
