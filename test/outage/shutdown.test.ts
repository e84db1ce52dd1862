// A deploy's SIGTERM against a real server process holding 50 readers' live streams and a
// dashboard stream, a comment whose body is still arriving, a request whose headers are still
// arriving, and an idle kept-alive connection: every stream is told to reconnect after 5–15 s
// (each its own delay) and ended, the comment is taken, the late request is answered 503 in our
// envelope, nothing new is accepted, and the process exits 0 well within PARLEY_SHUTDOWN_SECONDS.
// Then: a request that never finishes cannot hold the process past that deadline.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startServer } from '../helpers/server-process.ts';
import {
  commentRequest,
  dashboardSession,
  openStream,
  parseResponse,
  rawConnection,
  retries,
  sleep,
  until,
} from '../helpers/streams.ts';

const THREAD = 'https://news.example.com/2026/12/deploy';
const READERS = 50;

test('SIGTERM: streams told to reconnect and ended, in-flight work finished, exit 0 in time', {
  timeout: 90_000,
}, async (t) => {
  const shutdownSeconds = 10;
  const server = await startServer({ env: { PARLEY_SHUTDOWN_SECONDS: String(shutdownSeconds) } });
  t.after(() => server.stop());
  const streamUrl = `${server.url}/api/v1/stream?thread=${encodeURIComponent(THREAD)}`;
  const readers = await Promise.all(Array.from({ length: READERS }, () => openStream(streamUrl)));
  for (const r of readers) assert.equal(r.status, 200);
  await until('every reader connected', () => readers.every((r) => r.text().includes(': connected')));
  const desk = await dashboardSession(server);
  const dashboard = await openStream(`${server.url}/admin/api/sites/${desk.siteId}/events`, { cookie: desk.cookie });
  assert.equal(dashboard.status, 200);
  await until('the first counts', () => dashboard.text().includes('event: counts'));

  // A comment whose headers and first bytes are in, the rest still to come.
  const late = commentRequest(THREAD, 1);
  const posting = await rawConnection(server);
  posting.socket.write(late.head + late.body.slice(0, 20));
  // A request whose headers are still arriving (so its connection is not idle).
  const arriving = await rawConnection(server);
  arriving.socket.write(`GET /api/v1/threads?thread=${encodeURIComponent(THREAD)} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  // A kept-alive connection between two requests.
  const idle = await rawConnection(server);
  idle.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await until('the idle connection’s first answer', () => parseResponse(idle.text())?.status === 200);
  await sleep(300); // the server has read the comment's head

  const signalled = Date.now();
  const exit = server.kill('SIGTERM');
  const streams = [...readers, dashboard];
  await until('every stream ended', () => streams.every((s) => s.isEnded()), shutdownSeconds * 1000);
  const endedAfter = Date.now() - signalled;
  const sent = streams.map((s) => retries(s.text()).at(-1)!);
  for (const [i, s] of streams.entries()) {
    assert.deepEqual(retries(s.text()).slice(0, 1), [3000], `stream ${i}: the usual retry on connect`);
    assert.equal(retries(s.text()).length, 2, `stream ${i}: one reconnect delay at shutdown`);
  }
  for (const ms of sent) assert.ok(ms >= 5000 && ms <= 15_000, `retry ${ms} within 5–15 s`);
  const distinct = new Set(sent).size;
  assert.ok(distinct > 10, `jittered: ${distinct} distinct delays among ${sent.length}`);
  await idle.closed;
  assert.ok(idle.isClosed(), 'the idle kept-alive connection is closed');

  // New connections are refused: the port is no longer listening.
  const refused = connect(server.port, '127.0.0.1');
  const [err] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
  assert.equal(err.code, 'ECONNREFUSED');

  // The comment's last bytes arrive after the signal: it is taken, and its connection closes.
  posting.socket.write(late.body.slice(20));
  const taken = await until('the comment’s answer', () => parseResponse(posting.text()));
  assert.ok(taken.status === 201 || taken.status === 202, `in-flight comment answered ${taken.status}`);
  assert.ok(JSON.parse(taken.body).id);
  assert.equal(taken.headers.connection, 'close');
  await posting.closed;

  // The request whose headers finish now is turned away in our envelope, and its connection closed.
  arriving.socket.write('\r\n');
  const turned = await until('the late request’s answer', () => parseResponse(arriving.text()));
  assert.equal(turned.status, 503);
  assert.equal(turned.headers['retry-after'], '5');
  assert.equal(turned.headers.connection, 'close');
  const envelope = JSON.parse(turned.body) as { error: { code: string; message: string; requestId: string } };
  assert.equal(envelope.error.code, 'NOT_READY');
  assert.ok(envelope.error.message && envelope.error.requestId);
  await arriving.closed;

  const { code, signal } = await exit;
  const exitedAfter = Date.now() - signalled;
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.ok(exitedAfter < shutdownSeconds * 1000, `exited after ${exitedAfter} ms`);
  t.diagnostic(
    `streams notified: ${streams.length} (${READERS} readers + 1 dashboard), all ended ${endedAfter} ms after SIGTERM; ` +
      `retry values ${Math.min(...sent)}–${Math.max(...sent)} ms, ${distinct} distinct; exit 0 after ${exitedAfter} ms`,
  );
});

test('a request that never finishes cannot hold the exit past PARLEY_SHUTDOWN_SECONDS', {
  timeout: 60_000,
}, async (t) => {
  const shutdownSeconds = 2;
  const server = await startServer({ env: { PARLEY_SHUTDOWN_SECONDS: String(shutdownSeconds) } });
  t.after(() => server.stop());
  // Announces 999 bytes and sends 20; the request timeout (30 s) is far off.
  const stuck = await rawConnection(server);
  stuck.socket.write(
    'POST /api/v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 999\r\n\r\n{"thread":"https://n',
  );
  await sleep(300);
  const signalled = Date.now();
  const { code, signal } = await server.kill('SIGTERM');
  const exitedAfter = Date.now() - signalled;
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.ok(exitedAfter < shutdownSeconds * 1000, `exited after ${exitedAfter} ms`);
  await stuck.closed;
  t.diagnostic(`a stuck upload: exit 0 after ${exitedAfter} ms (deadline ${shutdownSeconds * 1000} ms)`);
});
