// The dashboard's API under /admin/api. Sessions ride in an HttpOnly, SameSite=Strict cookie
// (Secure when the install is served over https); every state-changing request must also
// carry the session's CSRF token in `X-CSRF-Token` and, when the browser sends one, an Origin
// of this server. A moderator sees only their own sites: another site's id answers 404, as if
// it did not exist; what only admins may do answers 403 to moderators.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Accounts, SESSION_HOURS } from '../../../core/accounts/accounts.ts';
import { AuditLog } from '../../../core/audit/audit-log.ts';
import { AppError } from '../../../core/errors.ts';
import { ipNetwork } from '../../../core/privacy/ip.ts';
import { Moderation } from '../../../core/moderation/moderation.ts';
import type { AppContext } from '../../app-context.ts';
import { body, invalid } from './admin-request.ts';
import { adminEventsRoute } from './admin-events.routes.ts';
import { adminSiteRoutes } from './admin-sites.routes.ts';
import { adminSiteToolRoutes } from './admin-site-tools.routes.ts';
import { adminMailRoutes } from './admin-mail.routes.ts';
import { adminAlertRoutes } from './admin-alerts.routes.ts';
import { adminExportRoutes } from './admin-export.routes.ts';
import { adminWebhookRoutes } from './admin-webhooks.routes.ts';
import { adminCommentRoutes, adminQueueRoutes } from './admin-comments.routes.ts';

const SESSION_COOKIE = 'parley_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
  const moderation = new Moderation({
    store: ctx.store,
    clock: ctx.clock,
    events: ctx.events,
    review: ctx.review,
    spam: ctx.spam,
    audit,
  });
  const secure = ctx.config.publicUrl.startsWith('https:');
  const ownOrigin = new URL(ctx.config.publicUrl).origin;

  const setCookie = (reply: FastifyReply, value: string, maxAgeS: number) =>
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`,
    );

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
      const fromUs =
        !origin ||
        origin === ownOrigin ||
        (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
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
      if (result.reason === 'locked')
        throw new AppError('LOGIN_LOCKED', { headers: { 'retry-after': String(result.retryAfterS ?? 60) } });
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

  adminSiteRoutes(app, ctx, audit);
  adminSiteToolRoutes(app, ctx, audit);
  adminMailRoutes(app, ctx, audit);
  adminAlertRoutes(app, ctx, audit);
  adminExportRoutes(app, ctx, audit);
  adminWebhookRoutes(app, ctx, audit);
  adminEventsRoute(
    app,
    ctx,
    (token) => accounts.session(token),
    (req) => cookie(req, SESSION_COOKIE),
  );
  adminQueueRoutes(app, moderation);
  adminCommentRoutes(app, ctx, moderation, audit);
}
