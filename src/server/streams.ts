// The live streams (the readers' comment stream, the dashboard's queue counts) held open by
// this server: how many one network and everyone together may hold, and how they end when the
// server shuts down. A stream is a hijacked reply that nothing else would ever end; this is the
// one place that knows them all. Networks are kept here as raw addresses, in memory only, and
// never logged.
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { ipNetwork } from '../core/privacy/ip.ts';

/**
 * Bytes a stream may have waiting in our memory on top of what the kernel already holds for the
 * socket: past this its reader has stopped reading, and the stream is closed, not buffered.
 */
export const MAX_BUFFERED_BYTES = 64 * 1024;
/** Seconds a refused client is asked to wait; the widget and dashboard back off on their own too. */
const REFUSED_RETRY_AFTER = 30;
/** How often a refusal is logged while streams keep being refused. */
const REFUSAL_LOG_EVERY_MS = 60_000;
/** Reconnect delays sent at shutdown: spread so readers do not all come back in the same second. */
export const SHUTDOWN_RETRY_MS = { min: 5_000, max: 15_000 } as const;

export type StreamLimits = { perNetwork: number; total: number };

/** One open stream: writes that refuse a reader who stopped reading, and an end. */
export type LiveStream = {
  /** Sends an SSE chunk; false (and the stream closed) when the reader's backlog is too long. */
  write(chunk: string): boolean;
  /** Ends the stream cleanly (an expired session, say). */
  end(): void;
  readonly closed: boolean;
};

type Held = { res: ServerResponse; network: string };

export class StreamRegistry {
  readonly #limits: StreamLimits;
  readonly #log: FastifyBaseLogger | null;
  readonly #open = new Set<Held>();
  readonly #perNetwork = new Map<string, number>();
  #draining = false;
  #refusedLoggedAt = 0;
  #refused = 0;

  constructor(limits: StreamLimits, log: FastifyBaseLogger | null = null) {
    this.#limits = limits;
    this.#log = log;
  }

  /** Streams open now. */
  get size(): number {
    return this.#open.size;
  }

  /**
   * Takes a slot for the request's network, hijacks the reply and sends the stream's headers;
   * `onClose` runs once when the stream ends for any reason. Throws RATE_LIMITED (through the
   * error handler, so in our envelope) when the network or the server is at its cap.
   */
  open(req: FastifyRequest, reply: FastifyReply, headers: Record<string, string>, onClose: () => void): LiveStream {
    if (this.#draining) throw new AppError('NOT_READY', { headers: { 'retry-after': '5' } });
    const network = ipNetwork(req.ip) ?? req.ip;
    const mine = this.#perNetwork.get(network) ?? 0;
    if (this.#open.size >= this.#limits.total) throw this.#refuse('total');
    if (mine >= this.#limits.perNetwork) throw this.#refuse('network');
    this.#perNetwork.set(network, mine + 1);
    const held: Held = { res: reply.raw, network };
    this.#open.add(held);
    reply.hijack();
    const res = reply.raw;
    // A stream's connection is never reused: closing it with the stream frees its socket at once.
    res.writeHead(200, { ...headers, connection: 'close' });
    // Streams are quiet between heartbeats by design; the idle timeout is for ordinary requests.
    req.raw.socket.setTimeout(0);
    let closed = false;
    const release = () => {
      if (closed) return;
      closed = true;
      this.#open.delete(held);
      const left = (this.#perNetwork.get(network) ?? 1) - 1;
      if (left > 0) this.#perNetwork.set(network, left);
      else this.#perNetwork.delete(network);
      onClose();
    };
    res.on('close', release);
    res.on('error', release);
    return {
      write: (chunk) => {
        if (closed) return false;
        if (res.writableLength > MAX_BUFFERED_BYTES) {
          res.destroy();
          return false;
        }
        res.write(chunk);
        return true;
      },
      end: () => {
        if (!closed) res.end();
      },
      get closed() {
        return closed;
      },
    };
  }

  /**
   * Shutdown: refuses new streams, tells each open one to reconnect after 5–15 s (a different
   * delay each, so the readers of a busy article come back spread out) and ends it. Returns how
   * many streams were told.
   */
  drain(random: () => number = Math.random): number {
    this.#draining = true;
    const { min, max } = SHUTDOWN_RETRY_MS;
    let told = 0;
    for (const { res } of [...this.#open]) {
      if (res.destroyed || res.writableEnded) continue;
      res.end(`retry: ${min + Math.floor(random() * (max - min + 1))}\n\n`);
      told++;
    }
    return told;
  }

  #refuse(scope: 'network' | 'total'): AppError {
    this.#refused++;
    const now = Date.now();
    if (now - this.#refusedLoggedAt >= REFUSAL_LOG_EVERY_MS) {
      // Which cap, and how many were refused; never the address.
      this.#log?.warn({ scope, refused: this.#refused, open: this.#open.size }, 'live streams refused: cap reached');
      this.#refusedLoggedAt = now;
      this.#refused = 0;
    }
    return new AppError('RATE_LIMITED', {
      headers: { 'retry-after': String(REFUSED_RETRY_AFTER) },
      params: { retryAfter: REFUSED_RETRY_AFTER },
      context: { streams: scope },
    });
  }
}
