// Everything only PostgreSQL offers for running several servers, in one module:
// LISTEN/NOTIFY carries events between servers, advisory locks make a scheduled job run
// on one server at a time. Another backend (Redis pub/sub, say) would implement the same
// Coordinator port.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { CommentPublished, ParleyEvents, QueueChanged, ThreadChanged } from '../../../core/events.ts';
import type { Coordinator, Store } from '../../../core/ports.ts';
import { toPublicComment } from '../../../core/comments/public-comment.ts';

const CHANNEL = 'parley_events';

// NOTIFY payloads are limited to 8000 bytes: comments travel by id and are read back.
type Wire =
  | { from: string; type: 'thread.changed'; siteId: string; threadId: string; threadKey: string }
  | { from: string; type: 'comment.published'; siteId: string; threadId: string; threadKey: string; commentId: string }
  | { from: string; type: 'queue.changed'; siteId: string }
  | { from: string; type: 'events.missed'; reason: string };

/**
 * Tells every running server that data changed outside them (a command-line import or erasure),
 * as if they had missed events: they drop their cached pages at once.
 */
export async function announceOutsideChange(pool: pg.Pool, reason: string): Promise<void> {
  const wire: Wire = { from: 'command line', type: 'events.missed', reason };
  await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(wire)]);
}

export class PgCoordinator implements Coordinator {
  readonly kind = 'postgres';
  readonly #url: string;
  readonly #pool: pg.Pool;
  readonly #serverId = randomBytes(8).toString('hex');
  #listener: pg.Client | null = null;
  #closed = false;
  #events: ParleyEvents | null = null;
  #store: Store | null = null;
  #retry: NodeJS.Timeout | null = null;
  #generation = 0;
  #listenedBefore = false;
  readonly #onChanged = (e: ThreadChanged) => {
    if (!e.remote)
      this.#notify({
        from: this.#serverId,
        type: 'thread.changed',
        siteId: e.siteId,
        threadId: e.threadId,
        threadKey: e.threadKey,
      });
  };
  readonly #onPublished = (e: CommentPublished) => {
    if (!e.remote)
      this.#notify({
        from: this.#serverId,
        type: 'comment.published',
        siteId: e.siteId,
        threadId: e.threadId,
        threadKey: e.threadKey,
        commentId: e.comment.id,
      });
  };

  readonly #onQueue = (e: QueueChanged) => {
    if (!e.remote) this.#notify({ from: this.#serverId, type: 'queue.changed', siteId: e.siteId });
  };

  constructor(url: string, pool: pg.Pool) {
    this.#url = url;
    this.#pool = pool;
  }

  async start(events: ParleyEvents, store: Store): Promise<void> {
    this.#events = events;
    this.#store = store;
    events.on('thread.changed', this.#onChanged);
    events.on('comment.published', this.#onPublished);
    events.on('queue.changed', this.#onQueue);
    await this.#listen();
  }

  async #listen(): Promise<void> {
    // Each connection attempt has its generation: events of a client given up on (its late
    // 'end', say) must not tear down the one that replaced it.
    const generation = ++this.#generation;
    const client = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: 5000 });
    const lost = () => {
      if (generation === this.#generation) this.#reconnect();
    };
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) void this.#receive(msg.payload);
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      void client.end().catch(() => undefined);
      throw err;
    }
    if (this.#closed || generation !== this.#generation) {
      void client.end().catch(() => undefined);
      return;
    }
    this.#listener = client;
    // What other servers announced while this one was not listening is lost: caches derived
    // from those events are read afresh.
    if (this.#listenedBefore) this.#events?.emit('events.missed', { reason: 'listen connection re-established' });
    this.#listenedBefore = true;
  }

  /** A lost LISTEN connection is reopened every second until it works; no process ever exits for it. */
  #reconnect(): void {
    if (this.#closed || this.#retry) return;
    this.#generation++;
    const old = this.#listener;
    this.#listener = null;
    void old?.end().catch(() => undefined);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#listen().catch(() => this.#reconnect());
    }, 1000);
    this.#retry.unref();
  }

  #notify(wire: Wire): void {
    this.#pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(wire)]).catch(() => undefined);
  }

  async #receive(payload: string): Promise<void> {
    try {
      await this.#forward(payload);
    } catch {
      // The comment could not be read back (the database is restarting): its readers miss one
      // live update, and their next page load shows it. Never an unhandled rejection.
    }
  }

  async #forward(payload: string): Promise<void> {
    let wire: Wire;
    try {
      wire = JSON.parse(payload);
    } catch {
      return;
    }
    if (wire.from === this.#serverId || !this.#events || !this.#store) return;
    if (wire.type === 'events.missed') {
      this.#events.emit('events.missed', { reason: String(wire.reason) });
      return;
    }
    if (wire.type === 'queue.changed') {
      this.#events.emit('queue.changed', { siteId: wire.siteId, remote: true });
      return;
    }
    const base = { siteId: wire.siteId, threadId: wire.threadId, threadKey: wire.threadKey, remote: true };
    if (wire.type === 'thread.changed') {
      this.#events.emit('thread.changed', base);
    } else if (wire.type === 'comment.published') {
      const row = await this.#store.getComment(wire.commentId);
      if (row?.status !== 'approved') return;
      this.#events.emit('thread.changed', base);
      this.#events.emit('comment.published', { ...base, comment: toPublicComment(row) });
    }
  }

  async runExclusive(job: string, fn: () => Promise<void>): Promise<boolean> {
    // A session-level advisory lock lives on one connection: hold that connection for the job.
    const client = await this.#pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        `parley:${job}`,
      ]);
      if (!rows[0].locked) return false;
      try {
        await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`parley:${job}`]);
      }
      return true;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#events?.off('thread.changed', this.#onChanged);
    this.#events?.off('comment.published', this.#onPublished);
    this.#events?.off('queue.changed', this.#onQueue);
    await this.#listener?.end().catch(() => undefined);
  }
}
