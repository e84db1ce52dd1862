// The stream registry on its own, with stand-in requests and replies: an IPv6 /64 is one
// network, a reader who stops reading is closed rather than buffered for, and the shutdown
// notice spreads reconnect delays over 5–15 s.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../src/core/errors.ts';
import { MAX_BUFFERED_BYTES, StreamRegistry } from '../../src/server/streams.ts';

class FakeResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  status = 0;
  headers: Record<string, string> = {};
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
  }
  write(chunk: string) {
    this.written.push(chunk);
    return true;
  }
  end(chunk?: string) {
    if (chunk) this.written.push(chunk);
    this.writableEnded = true;
    this.emit('close');
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
}

function fakeStream(ip: string) {
  const res = new FakeResponse();
  const req = { ip, raw: { socket: { setTimeout: () => undefined } } } as unknown as FastifyRequest;
  const reply = { raw: res, hijack: () => undefined } as unknown as FastifyReply;
  return { req, reply, res };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'opened';
}

test('an IPv6 /64 is one network; IPv4 addresses are each their own', () => {
  const streams = new StreamRegistry({ perNetwork: 2, total: 100 });
  const open = (ip: string) =>
    refusal(() => {
      const s = fakeStream(ip);
      streams.open(s.req, s.reply, {}, () => undefined);
    });
  assert.equal(open('2001:db8:5:6::1'), 'opened');
  assert.equal(open('2001:db8:5:6:ffff::9'), 'opened');
  assert.equal(open('2001:db8:5:6::2'), 'RATE_LIMITED', 'a third address in the same /64');
  assert.equal(open('2001:db8:5:7::1'), 'opened', 'the next /64 is another network');
  assert.equal(open('192.0.2.1'), 'opened');
  assert.equal(open('::ffff:192.0.2.1'), 'opened', 'an IPv4-mapped address is that IPv4 client');
  assert.equal(open('192.0.2.1'), 'RATE_LIMITED');
  assert.equal(open('192.0.2.2'), 'opened');
  assert.equal(streams.size, 6);
});

test('a reader whose backlog keeps growing is closed, and its slot freed', () => {
  const streams = new StreamRegistry({ perNetwork: 1, total: 10 });
  const s = fakeStream('198.51.100.3');
  let closed = 0;
  const stream = streams.open(s.req, s.reply, { 'content-type': 'text/event-stream' }, () => closed++);
  assert.equal(s.res.status, 200);
  assert.equal(s.res.headers.connection, 'close', 'a stream’s connection ends with it');
  assert.equal(stream.write('event: comment\ndata: {}\n\n'), true);
  s.res.writableLength = MAX_BUFFERED_BYTES + 1;
  assert.equal(stream.write(': keep-alive\n\n'), false);
  assert.equal(s.res.destroyed, true);
  assert.equal(stream.closed, true);
  assert.equal(closed, 1, 'the route’s listeners are removed');
  assert.equal(streams.size, 0);
  const again = fakeStream('198.51.100.3');
  streams.open(again.req, again.reply, {}, () => undefined);
  assert.equal(streams.size, 1, 'the network may open a stream again');
});

test('draining: each stream gets its own delay in 5–15 s and is ended; new streams are refused', () => {
  const streams = new StreamRegistry({ perNetwork: 100, total: 100 });
  const held = Array.from({ length: 40 }, (_, i) => {
    const s = fakeStream(`198.51.100.${i}`);
    streams.open(s.req, s.reply, {}, () => undefined);
    return s.res;
  });
  const randoms = [0, 0.999_999, 0.5];
  let i = 0;
  assert.equal(
    streams.drain(() => randoms[i++] ?? Math.random()),
    40,
  );
  const delays = held.map((res) => Number(/^retry: (\d+)\n\n$/.exec(res.written.at(-1)!)![1]));
  assert.deepEqual(delays.slice(0, 3), [5000, 15_000, 10_000]);
  for (const d of delays) assert.ok(d >= 5000 && d <= 15_000);
  assert.ok(new Set(delays).size > 20, 'spread, not one value');
  assert.ok(held.every((res) => res.writableEnded));
  assert.equal(streams.size, 0);
  const late = fakeStream('198.51.100.99');
  assert.equal(
    refusal(() => streams.open(late.req, late.reply, {}, () => undefined)),
    'NOT_READY',
  );
});
