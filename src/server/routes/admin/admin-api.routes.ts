// The dashboard's API under /admin/api. Sessions ride in an HttpOnly, SameSite=Strict cookie
// (Secure when the install is served over https); every state-changing request must also
// carry the session's CSRF token in `X-CSRF-Token` and, when the browser sends one, an Origin
// of this server. A moderator sees only their own sites: another site's id answers 404, as if
// it did not exist; what only admins may do answers 403 to moderators.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Accounts, SESSION_HOURS, type SessionView } from '../../../core/accounts/accounts.ts';
import { FieldErrors } from '../../../core/comments/validate-comment.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import { ipNetwork } from '../../../core/privacy/ip.ts';
import { ACTIONS, Moderation, QUEUES, type Action, type QueueName } from '../../../core/moderation/moderation.ts';
import type { Role } from '../../../core/ports.ts';
import type { AppContext } from '../../app-context.ts';

export const SESSION_COOKIE = 'parley_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    adminSession?: SessionView;
  }
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A JSON object body with exactly the allowed keys, or a 422 naming the others. */
function body(req: FastifyRequest, allowed: readonly string[]): Record<string, unknown> {
  const b = req.body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new AppError('BAD_JSON');
  const errors = new FieldErrors('en');
  for (const k of Object.keys(b)) if (!allowed.includes(k)) errors.add(k, 'UNKNOWN_FIELD');
  if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
  return b as Record<string, unknown>;
}

function invalid(field: string, rule: 'REQUIRED' | 'INVALID_VALUE' | 'INVALID_TYPE'): AppError {
  const errors = new FieldErrors('en');
  errors.add(field, rule);
  return new AppError('VALIDATION', { fields: errors.fields });
}

export function adminApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const accounts = new Accounts({ store: ctx.store, clock: ctx.clock });
  const moderation = new Moderation({ store: ctx.store, clock: ctx.clock, events: ctx.events, review: ctx.review });
  const secure = ctx.config.publicUrl.startsWith('https:');
  const ownOrigin = new URL(ctx.config.publicUrl).origin;

  const setCookie = (reply: FastifyReply, value: string, maxAgeS: number) =>
    reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  // Every route but login needs a session; unsafe methods need the CSRF token and our origin.
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.url === '/admin/api/login') return;
    const session = await accounts.session(cookie(req, SESSION_COOKIE));
    if (!session) throw new AppError('UNAUTHORIZED');
    if (UNSAFE.has(req.method)) {
      const origin = req.headers.origin;
      const host = req.headers.host;
      const fromUs = !origin || origin === ownOrigin || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
      const token = req.headers['x-csrf-token'];
      if (!fromUs || typeof token !== 'string' || !sameString(token, session.csrf)) throw new AppError('CSRF_FAILED');
    }
    req.adminSession = session;
  });

  /** The caller's role on a site, or 404 when they have none there. */
  const roleOn = (req: FastifyRequest, siteId: string, need: Role = 'moderator'): Role => {
    const m = req.adminSession!.sites.find((s) => s.siteId === siteId);
    if (!m || !isId(siteId)) throw new AppError('NOT_FOUND');
    if (need === 'admin' && m.role !== 'admin') throw new AppError('FORBIDDEN');
    return m.role;
  };
  const actor = (req: FastifyRequest) => req.adminSession!.user;

  app.post('/admin/api/login', async (req, reply) => {
    const b = body(req, ['email', 'password']);
    if (typeof b.email !== 'string' || !b.email.trim()) throw invalid('email', 'REQUIRED');
    if (typeof b.password !== 'string' || !b.password) throw invalid('password', 'REQUIRED');
    const result = await accounts.login(b.email, b.password, ipNetwork(req.ip));
    if (!result.ok) {
      if (result.reason === 'locked') throw new AppError('LOGIN_LOCKED', { headers: { 'retry-after': String(result.retryAfterS ?? 60) } });
      throw new AppError('LOGIN_FAILED');
    }
    setCookie(reply, result.token, SESSION_HOURS * 3600);
    const { sessionId: _, ...view } = result.session;
    return view;
  });

  app.get('/admin/api/session', async (req) => {
    const { sessionId: _, ...view } = req.adminSession!;
    return view;
  });

  app.post('/admin/api/logout', async (req, reply) => {
    await accounts.logout(req.adminSession!.sessionId);
    setCookie(reply, '', 0);
    return reply.code(204).send();
  });

  app.post('/admin/api/logout-everywhere', async (req, reply) => {
    await accounts.logoutEverywhere(req.adminSession!.user.id);
    setCookie(reply, '', 0);
    return reply.code(204).send();
  });

  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/counts', async (req) => {
    roleOn(req, req.params.site);
    return { counts: await moderation.counts(req.params.site) };
  });

  app.get<{ Params: { site: string; queue: string }; Querystring: { before?: string; limit?: string } }>('/admin/api/sites/:site/queues/:queue', async (req) => {
    roleOn(req, req.params.site);
    if (!(QUEUES as readonly string[]).includes(req.params.queue)) throw new AppError('NOT_FOUND');
    const before = req.query.before;
    if (before !== undefined && !isId(before)) throw new AppError('BAD_CURSOR');
    const limit = Math.min(100, Math.max(1, Number.parseInt(req.query.limit ?? '25', 10) || 25));
    return moderation.queue(req.params.site, req.params.queue as QueueName, before ?? null, limit);
  });

  app.get<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/comments/:id', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    return { comment: await moderation.item(req.params.site, req.params.id) };
  });

  app.post<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/comments/:id/actions', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['action']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action)) throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return { comment: await moderation.act(actor(req), req.params.site, req.params.id, b.action as Action) };
  });

  app.post<{ Params: { site: string } }>('/admin/api/sites/:site/bulk', async (req) => {
    roleOn(req, req.params.site);
    const b = body(req, ['action', 'ids']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action)) throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    if (!Array.isArray(b.ids) || b.ids.length === 0 || b.ids.length > 200 || !b.ids.every(isId)) throw invalid('ids', b.ids === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return { results: await moderation.bulk(actor(req), req.params.site, [...new Set(b.ids as string[])], b.action as Action) };
  });

  app.get<{ Params: { site: string }; Querystring: { before?: string; limit?: string } }>('/admin/api/sites/:site/audit', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const before = req.query.before;
    if (before !== undefined && !isId(before)) throw new AppError('BAD_CURSOR');
    const limit = Math.min(200, Math.max(1, Number.parseInt(req.query.limit ?? '50', 10) || 50));
    const rows = await ctx.store.listAudit(req.params.site, before ?? null, limit);
    return {
      entries: rows.map((r) => ({ id: r.id, actor: r.actor, action: r.action, target: r.target, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null, at: new Date(r.created_at).toISOString() })),
      next: rows.length === limit ? rows[rows.length - 1].id : null,
    };
  });
}
