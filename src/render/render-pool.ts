// A small pool of worker threads that render Markdown under a time budget. A worker that exceeds
// the budget is terminated (which interrupts even a synchronous loop) and replaced; the caller gets
// null and falls back to the plain rendering. Idle workers are unref'd so they never keep the
// process alive; a worker with a job in flight is ref'd so an awaited render cannot be abandoned.
import { Worker } from 'node:worker_threads';

export interface PoolOptions {
  /** Number of workers (default 2: one can be replaced after a timeout while the other serves). */
  size?: number;
  /** A queued job that has not reached a worker after this long resolves null (default 5000 ms). */
  queueTimeoutMs?: number;
}

interface Job {
  id: number;
  body: string;
  budgetMs: number;
  resolve: (html: string | null) => void;
  queueTimer: NodeJS.Timeout | null;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  budgetTimer: NodeJS.Timeout | null;
}

type WorkerReply = { type: 'ready' } | { type: 'done'; id: number; html: string } | { type: 'error'; id: number };

/**
 * Workers inherit the parent's execArgv. Under `node -e`/stdin with `--input-type`, that flag makes a
 * file-based worker fail to load, so such workers start with no extra flags instead. (An explicit
 * filtered list is not an option: Node rejects per-process flags in an explicit worker execArgv.)
 */
const CLEAN_EXEC_ARGV = process.execArgv.some((a) => a === '--input-type' || a.startsWith('--input-type='));

/** After this many workers in a row die before becoming ready, the pool stops spawning. */
const MAX_START_FAILURES = 3;

export class RenderPool {
  private readonly url: URL;
  private readonly size: number;
  private readonly queueTimeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private startFailures = 0;
  private closed = false;

  constructor(url: URL, options: PoolOptions = {}) {
    this.url = url;
    this.size = Math.max(1, options.size ?? 2);
    this.queueTimeoutMs = options.queueTimeoutMs ?? 5000;
  }

  /** Renders `body` in a worker; resolves null on timeout, worker failure or a closed pool. */
  run(body: string, budgetMs: number): Promise<string | null> {
    if (this.closed || this.startFailures >= MAX_START_FAILURES) return Promise.resolve(null);
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, body, budgetMs, resolve, queueTimer: null };
      job.queueTimer = setTimeout(() => {
        const at = this.queue.indexOf(job);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(null);
      }, this.queueTimeoutMs);
      this.queue.push(job);
      while (this.slots.length < this.size) this.slots.push(this.spawn());
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, null);
    const exits = this.slots.splice(0).map((slot) => {
      this.finishSlotJob(slot, null);
      return slot.worker.terminate();
    });
    await Promise.all(exits);
  }

  private spawn(): Slot {
    const worker = new Worker(this.url, {
      ...(CLEAN_EXEC_ARGV ? { execArgv: [] } : {}),
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const slot: Slot = { worker, ready: false, job: null, budgetTimer: null };
    worker.on('message', (msg: WorkerReply) => this.onMessage(slot, msg));
    worker.on('error', () => this.retire(slot));
    worker.on('exit', () => this.retire(slot));
    worker.unref(); // after the listeners: adding a 'message' listener refs the worker's port again
    return slot;
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
    } else if (slot.job && slot.job.id === msg.id) {
      this.finishSlotJob(slot, msg.type === 'done' ? msg.html : null);
    }
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift() as Job;
      if (job.queueTimer) clearTimeout(job.queueTimer);
      job.queueTimer = null;
      slot.job = job;
      slot.worker.ref();
      slot.budgetTimer = setTimeout(() => this.onTimeout(slot), job.budgetMs);
      slot.worker.postMessage({ id: job.id, body: job.body });
    }
  }

  private onTimeout(slot: Slot): void {
    slot.budgetTimer = null;
    this.finishSlotJob(slot, null);
    this.retire(slot);
    void slot.worker.terminate();
  }

  /** Removes a dead or condemned worker and starts a replacement if work remains possible. */
  private retire(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return; // already retired
    this.slots.splice(at, 1);
    if (!slot.ready) this.startFailures++;
    this.finishSlotJob(slot, null);
    if (this.closed) return;
    if (this.startFailures >= MAX_START_FAILURES) {
      process.emitWarning(
        'render workers keep failing to start; long comments fall back to plain rendering',
        'ParleyRenderPool',
      );
      for (const job of this.queue.splice(0)) this.settle(job, null);
      return;
    }
    this.slots.push(this.spawn());
  }

  private finishSlotJob(slot: Slot, html: string | null): void {
    if (slot.budgetTimer) clearTimeout(slot.budgetTimer);
    slot.budgetTimer = null;
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    if (job) this.settle(job, html);
  }

  private settle(job: Job, html: string | null): void {
    if (job.queueTimer) clearTimeout(job.queueTimer);
    job.queueTimer = null;
    job.resolve(html);
  }
}
