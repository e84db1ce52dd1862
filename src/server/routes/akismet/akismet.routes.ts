// The Akismet protocol's wire (../shared/reference/akismet-and-spam-data.md §1): form-encoded in,
// one word of text/plain out, HTTP 200 whatever the answer, so that WordPress, akismet-api,
// @cedx/akismet and the rest can point at this server unchanged. What the answers mean is
// src/core/akismet/akismet-service.ts.
//
// Clients disagree on where the key goes: akismet-api and older clients put it in front of the
// host name (`<key>.rest.akismet.com`), current ones send `api_key`, verify-key's own field is
// `key`. All three are read, the body first.
//
// @cedx/akismet throws when a debug-help header is present even on success: it is only ever
// sent with a refusal or an error. No answer carries the key, an email or an IP.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AkismetService, type AkismetFields, type Refusal } from '../../../core/akismet/akismet-service.ts';
import { isAkismetKeyShape } from '../../../core/keys/api-keys.ts';
import type { AppContext } from '../../app-context.ts';
import { parseAkismetForm } from './form.ts';

/** WordPress sends every `$_POST` field and server variable along: generous, but bounded. */
export const AKISMET_BODY_LIMIT = 256 * 1024;
export const THANKS = 'Thanks for making the web a better place.';

const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(?:;|$)/;
const NO_FIELDS: AkismetFields = Object.freeze(Object.create(null));
const routeOpts = { config: { public: true }, bodyLimit: AKISMET_BODY_LIMIT };

export function akismetRoutes(app: FastifyInstance, ctx: AppContext): void {
  const service = new AkismetService({
    spam: ctx.spam,
    keys: ctx.keys,
    store: ctx.store,
    secrets: ctx.secrets,
    clock: ctx.clock,
    site: async (id) => {
      const site = await ctx.sites.byId(id);
      return site && ctx.sites.context(site);
    },
  });

  // Only this plugin's routes: the app's own API stays JSON-only. Any content type is read as
  // a form (clients omit it or send text/plain); what cannot be read comes out as missing fields.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    done(null, parseAkismetForm(body as Buffer, req.headers['content-type']));
  });

  // The npm `akismet` client sends `Content-Type: charset=utf-8`, which is no media type and
  // which Fastify would refuse before any parser ran: read such bodies as forms too.
  app.addHook('onRequest', (req, _reply, done) => {
    const ct = req.headers['content-type'];
    if (ct !== undefined && !MEDIA_TYPE.test(ct)) {
      const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(ct)?.[1];
      req.raw.headers['content-type'] = `application/x-www-form-urlencoded${charset ? `; charset=${charset}` : ''}`;
    }
    done();
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return text(reply, `Request body over ${AKISMET_BODY_LIMIT / 1024} KiB.`, 'Request body too large', 413);
    }
    if (typeof error.statusCode === 'number' && error.statusCode < 500)
      return text(reply, 'Bad request.', 'The request could not be read', error.statusCode);
    req.log.error({ err: error }, 'akismet request failed');
    // The protocol answers errors with 200 and a debug header; every client then reports a
    // failure (WordPress holds the comment and re-checks it later) rather than a verdict.
    return text(reply, 'Temporary failure, try again.', 'Parley could not answer this request');
  });

  app.post('/1.1/verify-key', routeOpts, async (req, reply) => {
    const f = fields(req);
    const r = await service.verify(f.key?.trim() || f.api_key?.trim() || hostKey(req), f);
    return r.kind === 'valid' ? text(reply, 'valid') : text(reply, 'invalid', r.debug);
  });

  app.post('/1.1/comment-check', routeOpts, async (req, reply) => {
    const f = fields(req);
    const r = await service.check(keyOf(req, f), f);
    if (r.kind !== 'verdict') return refuse(reply, r);
    reply.header('x-akismet-guid', r.guid).header('x-parley-outcome', r.outcome);
    if (r.discard) reply.header('x-akismet-pro-tip', 'discard');
    return text(reply, r.spam ? 'true' : 'false');
  });

  for (const [path, label] of [
    ['/1.1/submit-spam', 1],
    ['/1.1/submit-ham', 0],
  ] as const) {
    app.post(path, routeOpts, async (req, reply) => {
      const f = fields(req);
      const r = await service.submit(keyOf(req, f), f, label);
      return r.kind === 'thanks' ? text(reply, THANKS) : refuse(reply, r);
    });
  }

  // The WordPress plugin says goodbye when it is switched off; keys are not tied to one blog here.
  app.post('/1.1/deactivate', routeOpts, async (req, reply) => {
    const f = fields(req);
    await service.authorize(keyOf(req, f));
    return text(reply, 'deactivated');
  });

  app.get('/1.2/usage-limit', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const str = (v: unknown) =>
      typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
    const r = await service.usage(str(q.api_key) || str(q.key) || hostKey(req));
    if ('kind' in r) return text(reply, 'invalid', r.debug);
    return reply
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send({ limit: 'none', usage: r.usage, percentage: '0.00', throttled: false });
  });
}

function fields(req: FastifyRequest): AkismetFields {
  const b = req.body;
  return b && typeof b === 'object' ? (b as AkismetFields) : NO_FIELDS;
}

function keyOf(req: FastifyRequest, f: AkismetFields): string | undefined {
  return f.api_key?.trim() || f.key?.trim() || hostKey(req);
}

/** `abcdefghijkl.rest.example.org` → the key, when the first label of the host name has a key's shape. */
function hostKey(req: FastifyRequest): string | undefined {
  const host = req.hostname;
  const dot = host.indexOf('.');
  const label = dot > 0 ? host.slice(0, dot) : '';
  return label.length === 12 && isAkismetKeyShape(label) ? label : undefined;
}

function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  return r.kind === 'invalid-key'
    ? text(reply, 'invalid', r.debug)
    : text(reply, `Missing required field: ${r.field}.`, r.debug);
}

function text(reply: FastifyReply, body: string, debug?: string, status = 200): FastifyReply {
  reply.code(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8');
  if (debug) reply.header('x-akismet-debug-help', debug);
  return reply.send(body);
}
