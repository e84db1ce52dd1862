// Main-thread side of the writer thread: units submitted while a batch is being committed
// wait and go together in the next batch. A caller's promise resolves only after the
// COMMIT that contains its unit has returned, i.e. after the data is durable.
import { Worker } from 'node:worker_threads';
import type { BatchReply, UnitResult, WriteUnit } from './writer-protocol.ts';

type Pending = { unit: WriteUnit; resolve: (r: UnitResult) => void; reject: (e: Error) => void };

export class GroupCommitWriter {
  #worker: Worker;
  #queue: Pending[] = [];
  #inFlight: Map<number, Pending[]> = new Map();
  #batch = 0;
  #scheduled = false;
  #closed = false;
  readonly maxBatch: number;

  constructor(path: string, options: { synchronous: 'FULL' | 'NORMAL' | 'OFF'; maxBatch?: number; cacheKiB?: number }) {
    this.maxBatch = options.maxBatch ?? 1000;
    this.#worker = new Worker(new URL('./writer-worker.ts', import.meta.url), {
      workerData: { path, synchronous: options.synchronous, cacheKiB: options.cacheKiB ?? null },
      // A bulk writer's units are large and come one after another: a bounded heap makes the
      // thread collect their copies as it goes rather than grow (a unit is far below the bound).
      ...(options.cacheKiB ? { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } } : {}),
    });
    this.#worker.on('message', (reply: BatchReply | { closed: true }) => this.#onReply(reply));
    this.#worker.on('error', (err) => this.#failAll(err));
    this.#worker.unref();
  }

  run(unit: WriteUnit): Promise<UnitResult> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ unit, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight.size > 0) return;
    this.#scheduled = true;
    // setImmediate lets every request parsed in this turn of the loop join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#inFlight.size > 0 || this.#queue.length === 0) return;
    const taken = this.#queue.splice(0, this.maxBatch);
    const batch = ++this.#batch;
    this.#inFlight.set(batch, taken);
    this.#worker.ref();
    this.#worker.postMessage({ batch, units: taken.map((p) => p.unit) });
  }

  #onReply(reply: BatchReply | { closed: true }): void {
    if ('closed' in reply) return;
    const waiting = this.#inFlight.get(reply.batch);
    this.#inFlight.delete(reply.batch);
    if (this.#inFlight.size === 0) this.#worker.unref();
    if (waiting) {
      if ('fatal' in reply) {
        const err = new Error(`write failed: ${reply.fatal}`);
        for (const p of waiting) p.reject(err);
      } else {
        waiting.forEach((p, i) => {
          p.resolve(reply.results[i]);
        });
      }
    }
    if (this.#queue.length > 0) this.#flush();
  }

  #failAll(err: Error): void {
    for (const waiting of this.#inFlight.values()) for (const p of waiting) p.reject(err);
    this.#inFlight.clear();
    for (const p of this.#queue.splice(0)) p.reject(err);
  }

  async close(): Promise<void> {
    this.#closed = true;
    while (this.#queue.length > 0 || this.#inFlight.size > 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await this.#worker.terminate();
  }
}
