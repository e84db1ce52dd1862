// What the route-table fuzz tests (test/http/route-fuzz*.test.ts) share: hostile path
// parameters, query strings, bodies and content types as fast-check arbitraries; a request
// built from them for any route of the table; and the one check every answer must pass.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import fc from 'fast-check';
import type { ParleyRoute } from '../../src/server/app.ts';

/** The seed of this run: FUZZ_SEED replays one. */
export function fuzzSeed(): number {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
  console.log(`# route fuzz seed ${seed} (FUZZ_SEED=${seed} to replay)`);
  return seed;
}

/** Names every object has through its prototype: a lookup by one of them must not find a method. */
export const INHERITED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Sizes just under and over the 64 KiB body limit, the Akismet 256 KiB one and the 200-byte param limit. */
const EDGES = [199, 200, 201, 2000, 2001, 65_500, 65_536, 65_600, 262_100, 262_200];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...INHERITED),
  fc.constantFrom('', ' ', '..', '.', '/', '%00', '\u0000', '\ud800', 'a\udfff', '😀'.repeat(120), '<script>'),
  fc.constantFrom('1e309', '-0', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', '-1', '0', '99999999999999999999'),
  fc.constantFrom(...EDGES).map((n) => 'x'.repeat(n)),
  fc.constantFrom(...EDGES).map((n) => 'é'.repeat(Math.ceil(n / 2))),
);

/** Percent-encoding; a lone surrogate has no UTF-8 form (its raw bytes are among the escapes below). */
const enc = (s: string) => encodeURIComponent(s.toWellFormed());

/** A path parameter as it goes on the wire: a real value, anything encoded, or raw escapes. */
function pathValue(valid: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: valid.length ? fc.constantFrom(...valid) : hostileText.map(enc) },
    { weight: 2, arbitrary: hostileText.map(enc) },
    // Left as they are: bad and overlong escapes, encoded dots and slashes, a NUL.
    fc.constantFrom(
      '%00',
      '%ZZ',
      '%',
      '%c0%ae',
      '%ff',
      '%ED%A0%80',
      '%2e%2e',
      '%2F..%2F',
      '..%2F..%2Fetc%2Fpasswd',
      '%E2%80%AE',
    ),
  );
}

function queryPart(names: readonly string[], valid: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom(...names, ...INHERITED), hostileText);
  const value = fc.oneof(valid.length ? fc.constantFrom(...valid) : hostileText, hostileText);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(name, value).map(([k, v]) => `${enc(k)}=${enc(v)}`) },
    // A name the route reads, twice: an array where a string is expected.
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...names), value, value).map(([k, a, b]) => `${k}=${enc(a)}&${k}=${enc(b)}`),
    },
    fc.tuple(name, value).map(([k, v]) => `${enc(k)}[]=${enc(v)}`),
    fc.tuple(name, value).map(([k, v]) => `${enc(k)}[0]=${enc(v)}&${enc(k)}[1]=${enc(v)}`),
    name.map((k) => enc(k)),
    fc.constantFrom(
      '=',
      '&&',
      '%',
      '%zz=%zz',
      'a=%ff',
      'thread=%00',
      '__proto__[polluted]=1',
      'constructor.prototype.polluted=1',
    ),
  );
}

/**
 * A query string, repeated keys and all (often the same name twice: an array to the route).
 * Half of them start from a query the route accepts, so the hostile part gets past the first check.
 */
export function queryString(
  names: readonly string[],
  valid: readonly string[],
  bases: readonly string[] = [],
): fc.Arbitrary<string> {
  const part = queryPart(names, valid);
  const hostile = fc.oneof(
    fc.constant(''),
    fc.array(part, { minLength: 1, maxLength: 6 }).map((p) => p.join('&')),
    part.map((p) => `${p}&${p}`),
  );
  if (!bases.length) return hostile;
  return fc.oneof(
    hostile,
    fc.tuple(fc.constantFrom(...bases), part).map(([b, p]) => `${b}&${p}`),
  );
}

const rawNumber = fc.constantFrom('1e309', '-1e309', '-0', '1e-400', '9007199254740993', '"NaN"', '"Infinity"', '0x10');

/** Bodies the route accepts, for one hostile field to be added to or put in place of another. */
export type Bases = { json?: readonly Record<string, unknown>[]; form?: readonly string[] };

/** A body as text and its content type: JSON of every shape, deep, huge, wrong, or not JSON at all. */
export function body(
  fields: readonly string[],
  bases: Bases = {},
): fc.Arbitrary<{ text: string; type: string | undefined }> {
  const key = fc.oneof(fc.constantFrom(...fields, ...INHERITED), hostileText);
  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileText);
  // A computed key defines an own property, "__proto__" included.
  const json = bases.json?.length
    ? fc.tuple(fc.constantFrom(...bases.json), key, value).map(([b, k, v]) => JSON.stringify({ ...b, [k]: v }))
    : null;
  const form = bases.form?.length
    ? fc
        .tuple(fc.constantFrom(...bases.form), key, hostileText)
        .map(([b, k, v]) => `${b}&${new URLSearchParams([[k, v]])}`)
    : null;
  const based = [json, form].filter((a) => a !== null);
  const hostile = hostileBody(fields, key, value);
  const text = based.length ? fc.oneof(hostile, ...based) : hostile;
  return fc.record({ text, type: contentType });
}

function hostileBody(fields: readonly string[], key: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>) {
  // Object.fromEntries makes "__proto__" an own key, which JSON.stringify then writes out.
  const object = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((e) => JSON.stringify(Object.fromEntries(e)));
  const deep = fc
    .tuple(fc.constantFrom(...fields), fc.constantFrom(100, 1000, 10_000, 32_000), fc.constantFrom('[', '{"a":'))
    .map(([f, n, open]) => `{"${f}":${open.repeat(n)}1${(open === '[' ? ']' : '}').repeat(n)}}`);
  const huge = fc
    .tuple(fc.constantFrom(...fields), fc.constantFrom(...EDGES), fc.constantFrom('x', 'é', '\\u0000'))
    .map(([f, n, ch]) => `{"${f}":"${ch.repeat(Math.ceil(n / ch.length))}"}`);
  const number = fc.tuple(fc.constantFrom(...fields), rawNumber).map(([f, n]) => `{"${f}":${n}}`);
  const form = fc.array(fc.tuple(key, hostileText), { maxLength: 6 }).map((e) => new URLSearchParams(e).toString());
  const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'));
  return fc.oneof(
    { weight: 4, arbitrary: object },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') },
    deep,
    huge,
    number,
    form,
    bytes,
    fc.constantFrom('', ' ', 'null', '{', '{"a":1}{"a":2}', '\ufeff{}', '{"__proto__":{"polluted":1}}'),
  );
}

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    undefined,
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'charset=utf-8',
    '',
    'application/json, text/plain',
    '\u0000',
  ),
);

export type Sample = {
  params: Record<string, string>;
  query: string;
  body: { text: string; type: string | undefined } | null;
  headers: Record<string, string>;
};

/** Everything one request to `route` is made of. */
export function sampleFor(
  route: ParleyRoute,
  opts: {
    valid: Record<string, readonly string[]>;
    queryNames: readonly string[];
    fields: readonly string[];
    headers?: fc.Arbitrary<Record<string, string>>;
    queries?: readonly string[];
    bodies?: Bases;
  },
): fc.Arbitrary<Sample> {
  const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  const params = fc.record(Object.fromEntries(names.map((n) => [n, pathValue(opts.valid[n] ?? [])])));
  const hasBody = route.method !== 'GET';
  return fc.record({
    params,
    query: queryString(opts.queryNames, opts.valid.query ?? [], opts.queries),
    body: hasBody ? fc.option(body(opts.fields, opts.bodies), { freq: 8 }) : fc.constant(null),
    headers: opts.headers ?? fc.constant({}),
  });
}

export function urlOf(route: ParleyRoute, s: Sample): string {
  const path = route.url.replace(/:(\w+)|\*/g, (_m, name: string | undefined) => s.params[name ?? '*']);
  return s.query ? `${path}?${s.query}` : path;
}

export type Answer = { statusCode: number; headers: Record<string, unknown>; body: string };

const STREAMING = new Set(['/api/v1/stream', '/admin/api/sites/:site/events']);
export const DEADLINE_MS = 2000;

/** Counts every request the fuzz tests make and their answers by class, for the summary line. */
export const requests = { count: 0, byClass: {} as Record<string, number> };

/** The answers so far by class ("2xx": 120, …): a fuzz that only ever hears 4xx reaches no handler. */
export function classes(): string {
  return Object.entries(requests.byClass)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function counted(a: Answer): Answer {
  const k = `${Math.floor(a.statusCode / 100)}xx`;
  requests.byClass[k] = (requests.byClass[k] ?? 0) + 1;
  return a;
}

/**
 * Sends one request and waits at most DEADLINE_MS for its answer. The live streams go over a
 * real socket (the app must be listening): inject()'s fake socket lacks what a stream sets on
 * its connection, and a stream that opens is an answer (its headers, then it is closed).
 */
export async function send(app: FastifyInstance, route: ParleyRoute, s: Sample): Promise<Answer> {
  const headers: Record<string, string> = { ...s.headers };
  if (s.body?.type !== undefined) headers['content-type'] = s.body.type;
  const method = route.method as NonNullable<InjectOptions['method']>;
  requests.count++;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${DEADLINE_MS} ms: ${describe(route, s)}`)),
      DEADLINE_MS,
    );
  });
  const url = urlOf(route, s);
  try {
    if (STREAMING.has(route.url)) return counted(await Promise.race([overSocket(app, method, url, headers), late]));
    const res = app.inject({ method, url, headers, ...(s.body ? { payload: s.body.text } : {}) });
    const done = await Promise.race([res, late]);
    return counted({ statusCode: done.statusCode, headers: done.headers, body: done.body });
  } finally {
    clearTimeout(timer);
  }
}

async function overSocket(app: FastifyInstance, method: string, path: string, headers: Record<string, string>) {
  try {
    return await streamOrBody(app, method, path, headers);
  } catch (err) {
    // Past Node's 16 KiB header limit the parser answers 431 and hangs up while the client may
    // still be writing: which of the two the client sees first is a race. Under it, a reset fails.
    const code = String((err as { code?: string }).code);
    if (path.length > 16 * 1024 && (code === 'ECONNRESET' || code === 'EPIPE'))
      return { statusCode: 431, headers: {}, body: '' };
    throw new Error(`${code} after sending ${path.length} bytes of path`, { cause: err });
  }
}

async function streamOrBody(app: FastifyInstance, method: string, path: string, headers: Record<string, string>) {
  const { port } = app.server.address() as AddressInfo;
  // A fresh connection each time: a pooled one may be one the server just closed.
  const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  // The answer is in: a reset of our side of the socket after it (the server closes a stream's
  // connection, or refuses a body it did not read) is no failure of the route, and with nobody
  // listening any more it would surface as an uncaught error in whatever test runs next.
  req.on('error', () => {});
  if (String(res.headers['content-type']).startsWith('text/event-stream')) {
    req.destroy();
    return { statusCode: res.statusCode ?? 0, headers: res.headers, body: '' };
  }
  let text = '';
  for await (const chunk of res) text += String(chunk);
  return { statusCode: res.statusCode ?? 0, headers: res.headers, body: text };
}

export function describe(route: ParleyRoute, s: Sample): string {
  const b = s.body ? ` [${s.body.type}] ${s.body.text.slice(0, 120)}` : '';
  return `${route.method} ${urlOf(route, s).slice(0, 200)}${b}`;
}

/**
 * What every answer must be: under 500; when refused, our envelope with an upper-case code
 * (HTML pages may refuse in HTML); the Akismet API answers its own way, and there a 200 with
 * the failure debug header is the protocol's 5xx.
 */
export function checkAnswer(route: ParleyRoute, res: Answer, what: string): void {
  const ctx = `${res.statusCode} for ${what}: ${res.body.slice(0, 200)}`;
  assert.ok(res.statusCode < 500, ctx);
  if (/^\/1\.\d\//.test(route.url)) {
    assert.notEqual(res.headers['x-akismet-debug-help'], 'Parley could not answer this request', ctx);
    return;
  }
  if (res.statusCode < 400) return;
  // Node's HTTP parser refuses a request line over its 16 KiB header limit before Fastify sees
  // it (only socket requests are parsed so): the transport's answer, not a route's.
  if (res.statusCode === 431) return;
  const type = String(res.headers['content-type'] ?? '');
  if (route.html && type.startsWith('text/html')) return;
  assert.match(type, /^application\/json/, `${ctx} (content-type ${type})`);
  const parsed = JSON.parse(res.body) as { error?: { code?: unknown } };
  assert.match(String(parsed.error?.code), /^[A-Z][A-Z_]*$/, ctx);
}

/**
 * Fuzzes one route: `numRuns` requests, each answered in time and passing `check`. A failure
 * names the seed and the request, cut short: fast-check's own report would print every byte of
 * a 64 KiB body.
 */
export async function fuzzRoute(
  app: FastifyInstance,
  route: ParleyRoute,
  sample: fc.Arbitrary<Sample>,
  opts: { seed: number; numRuns: number; check?: (res: Answer, what: string) => void | Promise<void> },
): Promise<void> {
  const check = opts.check ?? ((res: Answer, what: string) => checkAnswer(route, res, what));
  const out = await fc.check(
    fc.asyncProperty(sample, async (s) => {
      await check(await send(app, route, s), describe(route, s));
    }),
    { seed: opts.seed, numRuns: opts.numRuns, endOnFailure: true },
  );
  if (out.failed) {
    const why = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(
      `${route.method} ${route.url} failed (seed ${opts.seed}, run ${out.numRuns}): ${why.slice(0, 800)}`,
    );
  }
}
