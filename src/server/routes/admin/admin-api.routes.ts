// The dashboard's API under /admin/api. Sessions ride in an HttpOnly, SameSite=Strict cookie
// (Secure when the install is served over https); every state-changing request must also
// carry the session's CSRF token in `X-CSRF-Token` and, when the browser sends one, an Origin
// of this server. A moderator sees only their own sites: another site's id answers 404, as if
// it did not exist; what only admins may do answers 403 to moderators.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTIONS, QUEUES, type Action, type QueueName } from '../../../contracts/admin-api.ts';
import { Accounts, SESSION_HOURS } from '../../../core/accounts/accounts.ts';
import { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import { ipNetwork } from '../../../core/privacy/ip.ts';
import { Moderation } from '../../../core/moderation/moderation.ts';
import type { AppContext } from '../../app-context.ts';
import { actor, auditActor, body, boundedInt, cursor, invalid, roleOn } from './admin-request.ts';
import { adminEventsRoute } from './admin-events.routes.ts';
import { adminSiteRoutes } from './admin-sites.routes.ts';
import { adminSiteToolRoutes } from './admin-site-tools.routes.ts';

export const SESSION_COOKIE = 'parley_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type SiteParams = { Params: { site: string } };
type ItemParams = { Params: { site: string; id: string } };
type PageQuery = { before?: string; limit?: string };

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

export function adminApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const accounts = new Accounts({ store: ctx.store, clock: ctx.clock });
  const audit = new AuditLog({ store: ctx.store, clock: ctx.clock });
  const moderation = new Moderation({ store: ctx.store, clock: ctx.clock, events: ctx.events, review: ctx.review, spam: ctx.spam, audit });
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

  adminSiteRoutes(app, ctx, accounts, audit);
  adminSiteToolRoutes(app, ctx, audit);
  adminEventsRoute(app, ctx, (token) => accounts.session(token), (req) => cookie(req, SESSION_COOKIE));

  app.get<SiteParams>('/admin/api/sites/:site/counts', async (req) => {
    roleOn(req, req.params.site);
    return { counts: await moderation.counts(req.params.site) };
  });

  app.get<{ Params: { site: string; queue: string }; Querystring: PageQuery }>('/admin/api/sites/:site/queues/:queue', async (req) => {
    roleOn(req, req.params.site);
    if (!(QUEUES as readonly string[]).includes(req.params.queue)) throw new AppError('NOT_FOUND');
    const before = cursor(req.query.before);
    return moderation.queue(req.params.site, req.params.queue as QueueName, before, boundedInt(req.query.limit, 25, 100));
  });

  app.get<ItemParams>('/admin/api/sites/:site/comments/:id', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    return { comment: await moderation.item(req.params.site, req.params.id) };
  });

  app.post<ItemParams>('/admin/api/sites/:site/comments/:id/actions', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['action']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action)) throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return { comment: await moderation.act(actor(req), req.params.site, req.params.id, b.action as Action) };
  });

  // A moderator edits a comment's text (re-rendered, marked as edited by a moderator) or replies
  // under their own name with a badge. Both are audited.
  app.patch<ItemParams>('/admin/api/sites/:site/comments/:id', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['body']);
    const site = await ctx.sites.byId(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const { before, after } = await ctx.comments.moderatorEdit(ctx.sites.context(site), req.params.id, b.body);
    await audit.record({ actor: auditActor(req), siteId: site.id, action: 'comment.edit', target: before.id, before: { body: before.body }, after: { body: after.body } });
    return { comment: await moderation.item(site.id, after.id) };
  });

  app.post<ItemParams>('/admin/api/sites/:site/comments/:id/replies', async (req, reply) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['body', 'name']);
    if (b.name !== undefined && (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100)) throw invalid('name', 'INVALID_VALUE');
    const site = await ctx.sites.byId(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const me = req.adminSession!.user;
    const name = typeof b.name === 'string' ? b.name.trim() : me.email.split('@')[0];
    const row = await ctx.comments.moderatorReply(ctx.sites.context(site), req.params.id, { name, email: me.email }, b.body);
    await audit.record({ actor: auditActor(req), siteId: site.id, action: 'comment.reply', target: row.id, after: { parent: req.params.id } });
    return reply.code(201).send({ comment: await moderation.item(site.id, row.id) });
  });

  // Pinned comments open their article's thread (at most three; see src/core/threads/pins.ts).
  app.post<ItemParams>('/admin/api/sites/:site/comments/:id/pinned', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['pinned']);
    if (typeof b.pinned !== 'boolean') throw invalid('pinned', b.pinned === undefined ? 'REQUIRED' : 'INVALID_TYPE');
    return { comment: await moderation.pin(actor(req), req.params.site, req.params.id, b.pinned) };
  });

  app.post<SiteParams>('/admin/api/sites/:site/bulk', async (req) => {
    roleOn(req, req.params.site);
    const b = body(req, ['action', 'ids']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action)) throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    if (!Array.isArray(b.ids) || b.ids.length === 0 || b.ids.length > 200 || !b.ids.every(isId)) throw invalid('ids', b.ids === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return { results: await moderation.bulk(actor(req), req.params.site, [...new Set(b.ids as string[])], b.action as Action) };
  });

  app.get<{ Params: { site: string }; Querystring: PageQuery & { q?: string; author?: string; email?: string; article?: string } }>('/admin/api/sites/:site/search', async (req) => {
    roleOn(req, req.params.site);
    const { q, author, email, article } = req.query;
    const filters = { text: q?.trim() || undefined, author: author?.trim() || undefined, email: email?.trim() || undefined, article: article?.trim() || undefined };
    if (!Object.values(filters).some(Boolean)) throw invalid('q', 'REQUIRED');
    for (const [k, v] of Object.entries(filters)) if (v && v.length > 200) throw invalid(k === 'text' ? 'q' : k, 'INVALID_VALUE');
    const before = cursor(req.query.before);
    return moderation.search(req.params.site, filters, before, boundedInt(req.query.limit, 25, 100));
  });
}
