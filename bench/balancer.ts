// A minimal round-robin HTTP reverse proxy on 127.0.0.1, for the benchmark's cluster section
// (a script, not product code): each request goes to the next upstream in turn over a
// keep-alive connection pool; request and response bodies are streamed through.
//
//   node bench/balancer.ts --port 8090 --upstream http://127.0.0.1:8081,http://127.0.0.1:8082
//
// GET /readyz is answered by the balancer itself once it listens. X-Forwarded-For gets the
// client address appended (the servers believe it only if PARLEY_TRUSTED_PROXIES says so).
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' } } });
const port = Number(values.port);
const upstreams = (values.upstream ?? '')
  .split(',')
  .filter(Boolean)
  .map((u) => new URL(u));
if (!Number.isInteger(port) || upstreams.length === 0) {
  console.error('usage: node bench/balancer.ts --port N --upstream http://host:port[,http://host:port…]');
  process.exit(2);
}

// One keep-alive pool per upstream, large enough for every client connection at once.
const targets = upstreams.map((u) => ({
  host: u.hostname,
  port: Number(u.port),
  agent: new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 }),
}));

// Hop-by-hop headers belong to one connection and are not forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);
function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

let next = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/readyz' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const target = targets[next];
  next = (next + 1) % targets.length;
  const headers = forwardable(req.headers);
  const client = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${client}` : client;
  const upstream = http.request(
    { host: target.host, port: target.port, method: req.method, path: req.url, headers, agent: target.agent },
    (ures) => {
      res.writeHead(ures.statusCode ?? 502, forwardable(ures.headers));
      ures.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');

// Nothing to drain: the benchmark stops the balancer only between measurements.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
