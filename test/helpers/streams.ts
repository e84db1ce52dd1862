// Live streams and raw connections against a real server process, for the outage tests of
// shutdown, stream caps and timeouts: each stream on its own connection (as browsers hold them),
// sockets that send exactly the bytes a test wants, when it wants, and a dashboard session made
// with the real CLI.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ServerProcess } from './server-process.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export { sleep, until } from './outage-load.ts';

export type OpenStream = {
  status: number;
  headers: IncomingMessage['headers'];
  /** Everything received so far (the error body when refused). */
  text(): string;
  /** Resolves when the server ended the stream or the connection closed. */
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
};

/** A GET on its own connection; resolves once the status line and headers are in. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const req = request(url, { headers, agent: false });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.setEncoding('utf8');
  let buffer = '';
  let done = false;
  res.on('data', (chunk: string) => (buffer += chunk));
  const ended = new Promise<void>((resolve) => {
    const finish = () => {
      done = true;
      resolve();
    };
    res.once('end', finish);
    res.once('close', finish);
    res.once('error', finish);
  });
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    text: () => buffer,
    ended,
    isEnded: () => done,
    close: () => req.destroy(),
  };
}

export type RawConnection = {
  socket: Socket;
  /** Everything the server sent so far. */
  text(): string;
  /** Resolves when the server closed its side (or the socket errored), with the time it happened. */
  closed: Promise<number>;
  isClosed(): boolean;
};

/** A plain TCP connection to the server: the test writes the HTTP bytes itself. */
export async function rawConnection(server: ServerProcess): Promise<RawConnection> {
  const socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setEncoding('utf8');
  let buffer = '';
  let isClosed = false;
  socket.on('data', (chunk: string) => (buffer += chunk));
  const closed = new Promise<number>((resolve) => {
    const finish = () => {
      isClosed = true;
      resolve(Date.now());
    };
    socket.once('end', finish);
    socket.once('close', finish);
    socket.once('error', finish);
  });
  return { socket, text: () => buffer, closed, isClosed: () => isClosed };
}

/** The parts of the first HTTP response in `raw`, once it is complete (by its Content-Length). */
export function parseResponse(raw: string): { status: number; headers: Record<string, string>; body: string } | null {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = raw.slice(split + 4);
  const length = Number(headers['content-length'] ?? 0);
  if (Buffer.byteLength(body) < length) return null;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.slice(0, length) };
}

/** A comment's JSON body and the request head announcing it, for sending in pieces. */
export function commentRequest(thread: string, n: number): { head: string; body: string } {
  const body = JSON.stringify({
    thread,
    name: 'Late Reader',
    email: `late${n}@example.com`,
    body: `A comment whose body was still on its way when the deploy began (${n}).`,
  });
  const head = `POST /api/v1/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return { head, body };
}

/**
 * A dashboard admin made with the real CLI (`parley admin create`, password on stdin) against
 * the server's database, signed in over HTTP: the session cookie and the demo site's id.
 */
export async function dashboardSession(server: ServerProcess): Promise<{ cookie: string; siteId: string }> {
  const email = 'night-desk@example.com';
  const password = 'a long enough night desk password';
  await new Promise<void>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['bin/parley.mjs', 'admin', 'create', '--email', email, '--role', 'admin'],
      { cwd: repoRoot, env: { ...process.env, PARLEY_DATA_DIR: server.dataDir, PARLEY_LOG_LEVEL: 'silent' } },
      (err) => (err ? reject(err) : resolve()),
    );
    child.stdin!.end(`${password}\n`);
  });
  const login = await fetch(`${server.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const view = (await login.json()) as { sites: { siteId: string }[] };
  return { cookie: login.headers.get('set-cookie')!.split(';')[0], siteId: view.sites[0].siteId };
}

/** The reconnect delays a stream was sent, in order (`retry: 3000` on connect, then any others). */
export function retries(text: string): number[] {
  return [...text.matchAll(/^retry: (\d+)$/gm)].map((m) => Number(m[1]));
}
