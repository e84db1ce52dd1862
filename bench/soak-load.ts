// The soak's traffic against one server: readers (thread pages, counts, the article page, form
// tokens), posters (new comments and replies, each from its own network and address so that
// flood control, on at its default, lets them through) and live streams held open for the whole
// run, reconnecting as a browser does when the server drops them. Everything is paced at fixed
// rates, so a slow server shows as latency and skipped requests, not as a lighter load.
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { commentBody, mulberry32 } from './seed-text.ts';

export type LoadPlan = {
  url: string;
  threads: string[];
  articlePath: string;
  /** Requests per second of each kind. */
  rates: { page: number; counts: number; misc: number; post: number };
  streams: number;
  /** Requests of one kind in flight at once; beyond it a paced request is skipped (counted). */
  maxInFlight: number;
};

/** What went wrong with a request: its HTTP status class, or the connection. */
export type ErrorKind = '5xx' | '503' | '429' | '4xx' | 'network' | 'timeout';
export const ERROR_KINDS: ErrorKind[] = ['5xx', '503', '429', '4xx', 'network', 'timeout'];

export type Counts = Record<ErrorKind, number>;
const zero = (): Counts => ({ '5xx': 0, '503': 0, '429': 0, '4xx': 0, network: 0, timeout: 0 });

/** One sampling window's responses. */
export type WindowTally = { responses: number; latencies: number[]; errors: Counts; skipped: number };

export type Ack = { id: string; status: string; thread: string; at: number };

type Kind = keyof LoadPlan['rates'];
const KINDS: Kind[] = ['page', 'counts', 'misc', 'post'];
const REQUEST_TIMEOUT_MS = 15_000;
/** What the server tells a stream on connect (`retry: 3000`); a refused stream waits longer. */
const RECONNECT_MS = 3000;

type Stream = { req: ClientRequest | null; open: boolean; thread: string; ip: string };

export class SoakLoad {
  readonly plan: LoadPlan;
  /** Set while an outage (PostgreSQL restart, kill -9) and its grace period last: errors then count apart. */
  outage: string | null = null;
  /** Errors outside outages, and during each outage by its name. */
  readonly steadyErrors = zero();
  readonly outageErrors = new Map<string, Counts>();
  readonly acks: Ack[] = [];
  streamEvents = 0;
  streamDrops = 0;
  streamRefusals = 0;
  totalResponses = 0;
  totalSkipped = 0;
  #window: WindowTally = { responses: 0, latencies: [], errors: zero(), skipped: 0 };
  #inFlight: Record<Kind, number> = { page: 0, counts: 0, misc: 0, post: 0 };
  #credit: Record<Kind, number> = { page: 0, counts: 0, misc: 0, post: 0 };
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #streams: Stream[] = [];
  #posted = 0;
  #published = new Map<string, string[]>();
  #rng = mulberry32(424242);
  #pending = new Set<Promise<void>>();

  constructor(plan: LoadPlan) {
    this.plan = plan;
  }

  /** Opens the streams (in batches, as readers arrive) and starts the paced requests. */
  async start(): Promise<void> {
    this.#running = true;
    for (let i = 0; i < this.plan.streams; i++) {
      // Spread over 172.16.0.0/12 so that no network reaches the per-network stream cap.
      const ip = `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}`;
      const s: Stream = { req: null, open: false, thread: this.plan.threads[i % this.plan.threads.length], ip };
      this.#streams.push(s);
      this.#connect(s);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 200));
    }
    let last = performance.now();
    this.#timer = setInterval(() => {
      const now = performance.now();
      const dt = (now - last) / 1000;
      last = now;
      for (const kind of KINDS) this.#pace(kind, dt);
    }, 50);
  }

  /** Stops the paced requests, waits for those in flight and closes every stream. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearInterval(this.#timer);
    await Promise.allSettled([...this.#pending]);
    for (const s of this.#streams) s.req?.destroy();
  }

  /** The window since the last call, and a fresh one. */
  takeWindow(): WindowTally {
    const w = this.#window;
    this.#window = { responses: 0, latencies: [], errors: zero(), skipped: 0 };
    return w;
  }

  streamsOpen(): number {
    return this.#streams.filter((s) => s.open).length;
  }

  #pace(kind: Kind, dt: number): void {
    // At most one second of credit: after a stall the load resumes, it does not burst.
    this.#credit[kind] = Math.min(this.#credit[kind] + this.plan.rates[kind] * dt, Math.max(1, this.plan.rates[kind]));
    while (this.#credit[kind] >= 1) {
      this.#credit[kind] -= 1;
      if (this.#inFlight[kind] >= this.plan.maxInFlight) {
        this.#window.skipped++;
        this.totalSkipped++;
        continue;
      }
      this.#inFlight[kind]++;
      const p = this.#one(kind).finally(() => {
        this.#inFlight[kind]--;
        this.#pending.delete(p);
      });
      this.#pending.add(p);
    }
  }

  #pick<T>(list: T[]): T {
    return list[Math.floor(this.#rng() * list.length)];
  }

  async #one(kind: Kind): Promise<void> {
    const { url, threads } = this.plan;
    if (kind === 'page') {
      await this.#fetch(`${url}/api/v1/threads?thread=${encodeURIComponent(this.#pick(threads))}`);
    } else if (kind === 'counts') {
      const some = threads.filter(() => this.#rng() < 0.5).slice(0, 10);
      const qs = (some.length ? some : threads.slice(0, 1)).map((t) => `thread=${encodeURIComponent(t)}`).join('&');
      await this.#fetch(`${url}/api/v1/counts?${qs}`);
    } else if (kind === 'misc') {
      await this.#fetch(this.#rng() < 0.5 ? `${url}${this.plan.articlePath}` : `${url}/api/v1/form-token`);
    } else {
      await this.#post();
    }
  }

  async #post(): Promise<void> {
    const n = ++this.#posted;
    const thread = this.#pick(this.plan.threads);
    const parents = this.#published.get(thread) ?? [];
    const parent = parents.length && this.#rng() < 0.3 ? this.#pick(parents) : undefined;
    const res = await this.#fetch(`${this.plan.url}/api/v1/comments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: this.plan.url,
        // One network and one address per comment: flood control stays on and refuses none.
        'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      },
      body: JSON.stringify({
        thread,
        ...(parent ? { parent } : {}),
        name: `Soak reader ${n % 997}`,
        email: `soak${n}@example.org`,
        body: commentBody(this.#rng, `soak-${n}`),
      }),
    });
    if (!res || (res.status !== 201 && res.status !== 202)) return;
    const body = (await res.json().catch(() => null)) as { id?: string; status?: string } | null;
    if (!body?.id) return;
    this.acks.push({ id: body.id, status: body.status ?? '?', thread, at: Date.now() });
    if (body.status === 'published') {
      parents.push(body.id);
      if (parents.length > 50) parents.shift();
      this.#published.set(thread, parents);
    }
  }

  /** A timed request; the body of a response that is not a successful POST is read and dropped. */
  async #fetch(url: string, init: RequestInit = {}): Promise<Response | null> {
    const t0 = performance.now();
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (init.method !== 'POST' || (res.status !== 201 && res.status !== 202)) await res.arrayBuffer();
    } catch (err) {
      this.#error((err as Error).name === 'TimeoutError' ? 'timeout' : 'network');
      return null;
    }
    this.#window.latencies.push(performance.now() - t0);
    this.#window.responses++;
    this.totalResponses++;
    const s = res.status;
    if (s === 503) this.#error('503');
    else if (s >= 500) this.#error('5xx');
    else if (s === 429) this.#error('429');
    else if (s >= 400) this.#error('4xx');
    return res;
  }

  #error(kind: ErrorKind): void {
    this.#window.errors[kind]++;
    if (!this.outage) {
      this.steadyErrors[kind]++;
      return;
    }
    const counts = this.outageErrors.get(this.outage) ?? zero();
    counts[kind]++;
    this.outageErrors.set(this.outage, counts);
  }

  /** One stream on its own connection, as a browser's EventSource holds it; reconnects when dropped. */
  #connect(s: Stream): void {
    const req = request(`${this.plan.url}/api/v1/stream?thread=${encodeURIComponent(s.thread)}`, {
      agent: false,
      headers: { accept: 'text/event-stream', 'x-forwarded-for': s.ip },
    });
    s.req = req;
    let settled = false;
    const again = (delay: number) => {
      if (settled) return;
      settled = true;
      // Closing them ourselves at the end is not a drop.
      if (s.open && this.#running) this.streamDrops++;
      s.open = false;
      if (this.#running) setTimeout(() => this.#running && this.#connect(s), delay + this.#rng() * 1000);
    };
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        this.streamRefusals++;
        res.resume();
        again(RECONNECT_MS * 2);
        return;
      }
      s.open = true;
      res.setEncoding('utf8');
      let tail = '';
      res.on('data', (chunk: string) => {
        // Events end with a blank line; a chunk may stop in the middle of one.
        tail += chunk;
        const cut = tail.lastIndexOf('\n\n');
        if (cut < 0) return;
        this.streamEvents += (tail.slice(0, cut).match(/^event: comment$/gm) ?? []).length;
        tail = tail.slice(cut + 2);
      });
      res.on('close', () => again(RECONNECT_MS));
      res.on('error', () => again(RECONNECT_MS));
    });
    req.on('error', () => again(RECONNECT_MS));
    req.end();
  }
}
