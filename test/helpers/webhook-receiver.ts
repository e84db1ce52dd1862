// What the webhook tests share: a receiver on 127.0.0.1, which keeps every request (headers and
// raw body) and answers as the test says (a status, or never); the signature check as
// docs/webhooks.md shows receivers to make it; a commenter; and a wait.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { comment, type TestApp } from './app.ts';

export type Received = { headers: IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: string;
  port: number;
  received: Received[];
  /** The status for the nth request (0-based), or 'hang' to never answer. */
  answer: (n: number, r: Received) => number | 'hang';
  /** Resolves once `count` requests have come in (fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const r: Receiver = {
    url: '',
    port: 0,
    received: [],
    answer: () => 204,
    async waitFor(count, ms = 8000) {
      const end = Date.now() + ms;
      while (r.received.length < count) {
        if (Date.now() > end) throw new Error(`receiver got ${r.received.length} requests, waited for ${count}`);
        await new Promise((ok) => setTimeout(ok, 10));
      }
      return r.received;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const n = r.received.length;
      r.received.push(got);
      const status = r.answer(n, got);
      if (status === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}/hooks/parley`;
  return r;
}

// The receiver's check, as docs/webhooks.md shows it (with the time passed in: tests run on a fake clock).
export function verifyParley(header: string, rawBody: string, secret: string, now = Date.now() / 1000): boolean {
  const parts = header.split(',').map((p) => p.split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!t || Math.abs(now - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return parts.some(([k, v]) => k === 'v1' && v.length === 64 && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

/** Posts as Reader n from 203.0.113.n; returns the answer's id and status. */
export async function postAs(t: TestApp, n: number, body: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    remoteAddress: `203.0.113.${n}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(
      comment({ name: `Reader ${n}`, email: `reader${n}@example.com`, website: `https://reader${n}.example`, body }),
    ),
  });
  assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
  return res.json() as { id: string; status: string };
}

export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 15));
  }
}
