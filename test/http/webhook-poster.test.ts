// The HTTP side of webhooks on its own: addresses refused before any connection (an address in
// the URL, or a name resolving to one), allowed by the install setting (the name then resolved
// by our own lookup, which the connection uses), redirects not followed, a timeout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { httpPoster } from '../../src/server/webhook-poster.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.ts';

let rx: Receiver;
before(async () => {
  rx = await startReceiver();
});
after(() => rx.close());

const send = (url: string, o: { allowPrivate: boolean; timeoutMs?: number }) =>
  httpPoster({ timeoutMs: o.timeoutMs ?? 2000, allowPrivate: o.allowPrivate })({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"id":"e1"}',
  });

test('without the setting, loopback is refused by address and by name, and nothing connects', async () => {
  rx.received.length = 0;
  for (const url of [`http://127.0.0.1:${rx.port}/a`, `http://[::ffff:127.0.0.1]:${rx.port}/a`]) {
    const out = await send(url, { allowPrivate: false });
    assert.deepEqual(out, { status: null, error: 'refused: a private or reserved address' }, url);
  }
  const named = await send(`http://localhost:${rx.port}/a`, { allowPrivate: false });
  assert.equal(named.status, null);
  assert.match(named.error ?? '', /^refused: localhost resolves to a private or reserved address/);
  assert.equal(rx.received.length, 0);
});

test('with the setting, a name is resolved and posted to; the body arrives as sent', async () => {
  rx.received.length = 0;
  rx.answer = () => 204;
  const out = await send(`http://localhost:${rx.port}/a`, { allowPrivate: true });
  assert.deepEqual(out, { status: 204, error: null });
  assert.equal(rx.received[0].body, '{"id":"e1"}');
  assert.equal(rx.received[0].headers['content-length'], '11');
});

test('a redirect is an answer, not followed; a silent receiver times out', async () => {
  rx.received.length = 0;
  rx.answer = () => 307;
  assert.deepEqual(await send(rx.url, { allowPrivate: true }), { status: 307, error: null });
  assert.equal(rx.received.length, 1);
  rx.answer = () => 'hang';
  const started = Date.now();
  assert.deepEqual(await send(rx.url, { allowPrivate: true, timeoutMs: 300 }), {
    status: null,
    error: 'timed out after 0.3 s',
  });
  assert.ok(Date.now() - started < 2000);
});

test('an unreachable receiver is a failed attempt naming the network error', async () => {
  const out = await send('http://127.0.0.1:1/', { allowPrivate: true });
  assert.equal(out.status, null);
  assert.match(out.error ?? '', /^ECONNREFUSED/);
});
