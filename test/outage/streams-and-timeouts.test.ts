// Against a real server process: live streams are capped per network and in total (the
// dashboard's stream counts toward both), refused with 429 RATE_LIMITED in our envelope, and a
// closed stream frees its slot; slow clients lose their connection (a body that never arrives,
// headers sent a line at a time, a kept-alive connection left idle) while a live stream, quiet
// for longer than the idle timeout, is kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import {
  dashboardSession,
  openStream,
  parseResponse,
  rawConnection,
  sleep,
  until,
  type OpenStream,
} from '../helpers/streams.ts';

const THREAD = 'https://news.example.com/2026/12/caps';
const PER_NETWORK = 3;
const TOTAL = 6;

describe('stream caps', () => {
  let server: ServerProcess;
  const opened: OpenStream[] = [];
  before(async () => {
    server = await startServer({
      env: {
        PARLEY_STREAMS_PER_NETWORK: String(PER_NETWORK),
        PARLEY_STREAMS_TOTAL: String(TOTAL),
        PARLEY_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
  });
  after(async () => {
    for (const s of opened) s.close();
    await server.stop();
  });

  const reader = async (from: string) => {
    const s = await openStream(`${server.url}/api/v1/stream?thread=${encodeURIComponent(THREAD)}`, {
      'x-forwarded-for': from,
    });
    opened.push(s);
    return s;
  };
  const refusedAsRateLimited = async (s: OpenStream, what: string) => {
    assert.equal(s.status, 429, what);
    assert.equal(s.headers['retry-after'], '30');
    await s.ended;
    const body = JSON.parse(s.text()) as { error: { code: string; message: string; requestId: string } };
    assert.equal(body.error.code, 'RATE_LIMITED', what);
    assert.ok(body.error.message && body.error.requestId, 'our error envelope');
  };

  test('per network and in total, the dashboard included; a closed stream frees its slot', async () => {
    const desk = await dashboardSession(server);
    const dashboard = async (from: string) => {
      const s = await openStream(`${server.url}/admin/api/sites/${desk.siteId}/events`, {
        cookie: desk.cookie,
        'x-forwarded-for': from,
      });
      opened.push(s);
      return s;
    };
    const a = [];
    for (let i = 0; i < PER_NETWORK; i++) a.push(await reader('198.51.100.7'));
    for (const s of a) assert.equal(s.status, 200);
    await refusedAsRateLimited(await reader('198.51.100.7'), 'a fourth stream from one address');
    await refusedAsRateLimited(await dashboard('198.51.100.7'), 'the dashboard’s stream counts toward the network');
    // Another network still gets one; so does the dashboard from there.
    assert.equal((await reader('203.0.113.9')).status, 200);
    const desks = await dashboard('203.0.113.9');
    assert.equal(desks.status, 200);
    // An IPv6 /64 is one network: two addresses in it take two of its slots.
    assert.equal((await reader('2001:db8:1:2::1')).status, 200);
    // Now TOTAL are open: any network is refused, readers and the dashboard alike.
    await refusedAsRateLimited(await reader('192.0.2.44'), 'past the total');
    await refusedAsRateLimited(await dashboard('192.0.2.44'), 'the dashboard past the total');
    // Closing the dashboard's stream frees a slot in the total.
    desks.close();
    await sleep(200);
    assert.equal((await reader('192.0.2.44')).status, 200, 'the freed slot is taken');
    await refusedAsRateLimited(await reader('2001:db8:1:2::2'), 'past the total again');
    // Closing one of the first address's streams frees its slot both in its network and in the total.
    a[0].close();
    await sleep(200);
    const again = await reader('198.51.100.7');
    assert.equal(again.status, 200, 'the first address streams again');
    await until('its stream connected', () => again.text().includes(': connected'));
  });
});

describe('request, headers and idle timeouts', () => {
  let server: ServerProcess;
  const REQUEST_S = 3;
  const HEADERS_S = 2;
  const IDLE_S = 2;
  before(async () => {
    server = await startServer({
      env: {
        PARLEY_REQUEST_TIMEOUT_SECONDS: String(REQUEST_S),
        PARLEY_HEADERS_TIMEOUT_SECONDS: String(HEADERS_S),
        PARLEY_IDLE_TIMEOUT_SECONDS: String(IDLE_S),
      },
    });
  });
  after(() => server.stop());

  /** 408 Request Timeout, or the connection simply closed. */
  const cutOff = (text: string) => text === '' || parseResponse(text)?.status === 408;

  test('a POST announcing 999 bytes and sending 20 is cut off within the request timeout', async (t) => {
    const c = await rawConnection(server);
    const sent = Date.now();
    c.socket.write(
      'POST /api/v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 999\r\n\r\n{"thread":"https://n',
    );
    const after = (await c.closed) - sent;
    assert.ok(cutOff(c.text()), `answered ${JSON.stringify(c.text().slice(0, 40))}`);
    // No byte moves after the 20: the idle timeout (2 s) comes before the request timeout (3 s).
    assert.ok(after < REQUEST_S * 1000 + 2000, `cut off after ${after} ms`);
    t.diagnostic(`stalled body: ${c.text().split('\r\n')[0] || 'closed'} after ${after} ms`);
  });

  test('a body that trickles in (never idle) is answered 408 at the request timeout', async (t) => {
    const c = await rawConnection(server);
    const sent = Date.now();
    c.socket.write(
      'POST /api/v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 999\r\n\r\n{"thread":"https://n',
    );
    for (let i = 0; i < 40 && !c.isClosed(); i++) {
      await sleep(250);
      if (!c.isClosed()) c.socket.write('e');
    }
    const after = (await c.closed) - sent;
    assert.equal(parseResponse(c.text())?.status, 408, `answered ${JSON.stringify(c.text().slice(0, 40))}`);
    // Node checks the request and headers timeouts once a second (connectionsCheckingInterval).
    assert.ok(after >= REQUEST_S * 1000 - 100 && after < REQUEST_S * 1000 + 2000, `cut off after ${after} ms`);
    t.diagnostic(`trickled body: 408 after ${after} ms (timeout ${REQUEST_S} s)`);
  });

  test('headers sent a line at a time are cut off by the headers timeout', async (t) => {
    const c = await rawConnection(server);
    const sent = Date.now();
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let lines = 0;
    while (!c.isClosed() && lines < 40) {
      await sleep(250);
      if (!c.isClosed()) c.socket.write(`X-Drip-${lines++}: a\r\n`);
    }
    const after = (await c.closed) - sent;
    assert.ok(cutOff(c.text()), `answered ${JSON.stringify(c.text().slice(0, 40))}`);
    assert.ok(after >= HEADERS_S * 1000 - 100 && after < HEADERS_S * 1000 + 2000, `cut off after ${after} ms`);
    t.diagnostic(`slow headers: ${c.text().split('\r\n')[0] || 'closed'} after ${after} ms (timeout ${HEADERS_S} s)`);
  });

  test('an idle kept-alive connection is closed after the idle timeout; a quiet stream is not', async (t) => {
    const stream = await openStream(`${server.url}/api/v1/stream?thread=${encodeURIComponent(THREAD)}`);
    assert.equal(stream.status, 200);
    const c = await rawConnection(server);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const answer = await until('the answer', () => parseResponse(c.text()));
    const answered = Date.now();
    assert.equal(answer.status, 200);
    assert.notEqual(answer.headers.connection, 'close', 'kept alive');
    const after = (await c.closed) - answered;
    // Node keeps an idle kept-alive socket 1 s past the timeout it advertises (keepAliveTimeoutBuffer),
    // so a client reusing it at the last moment is not cut off mid-request.
    assert.ok(after >= IDLE_S * 1000 - 100 && after < IDLE_S * 1000 + 2000, `closed after ${after} ms`);
    await sleep(1000);
    assert.equal(stream.isEnded(), false, 'the stream outlives the idle timeout');
    stream.close();
    t.diagnostic(`idle kept-alive connection closed ${after} ms after its answer (timeout ${IDLE_S} s)`);
  });
});
