// Even at trace level, log lines never carry what a client sent: a malformed request's raw bytes
// (which Node's HTTP parser attaches to its error) and a database error's row values stay out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { errorForLog, loggerOptions } from '../../src/server/app.ts';
import { testApp, type TestApp } from '../helpers/app.ts';

const lines: string[] = [];
let t: TestApp;
before(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  t = await testApp({}, { logger: { ...loggerOptions('trace'), stream } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => t.close());

test('a malformed request at trace level logs no raw bytes', async () => {
  const { port } = t.app.server.address() as { port: number };
  const secret = 'editToken=SECRETtoken123&email=reader.secret@example.org';
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`POST /api/v1/comments?${secret} HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n${secret}`),
    );
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
  });
  await new Promise((r) => setTimeout(r, 100));
  const all = lines.join('');
  assert.match(all, /client error/, 'the parser error was logged at trace level');
  assert.doesNotMatch(all, /SECRETtoken123|reader\.secret|rawPacket/);
});

test('errors are logged by type, code, message and stack only', () => {
  const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
    detail: 'Key (author_email)=(reader.secret@example.org) already exists.',
  });
  const logged = errorForLog(new Error('insert failed', { cause: err }));
  assert.doesNotMatch(JSON.stringify(logged), /reader\.secret/);
  assert.equal((logged.cause as { code: string }).code, '23505');
});
