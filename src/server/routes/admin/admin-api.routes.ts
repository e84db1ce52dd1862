// The dashboard's API under /admin/api. Sessions ride in an HttpOnly, SameSite=Strict cookie
// (Secure when the install is served over https); every state-changing request must also
// carry the session's CSRF token in `X-CSRF-Token` and, when the browser sends one, an Origin
// of this server. A moderator sees only their own sites: another site's id answers 404, as if
// it did not exist; what only admins may do answers 403 to moderators.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Accounts, SESSION_HOURS } from '../../../core/accounts/accounts.ts';
import { FieldErrors } from '../../../core/comments/validate-comment.ts';
import { AppError } from '../../../core/errors.ts';
import { isId, newId } from '../../../core/ids.ts';
import { ipNetwork } from '../../../core/privacy/ip.ts';
import { CommenterData } from '../../../core/privacy/commenter-data.ts';
import { ACTIONS, Moderation, QUEUES, type Action, type QueueName } from '../../../core/moderation/moderation.ts';
import { checkSetting, resolveSettings, SETTING_RULES, type SiteSettings } from '../../../core/sites/settings.ts';
import { CHECK_NAMES } from '../../../spam/pipeline.ts';
import { defaultSiteSettings } from '../../../config/config.ts';
import type { AppContext } from '../../app-context.ts';
import { actor, body, invalid, roleOn } from './admin-request.ts';
import { adminEventsRoute } from './admin-events.routes.ts';
import { adminSiteRoutes } from './admin-sites.routes.ts';

export const SESSION_COOKIE = 'parley_session';
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
  const commenters = new CommenterData({ store: ctx.store, spam: ctx.spam, clock: ctx.clock, events: ctx.events });
  const moderation = new Moderation({ store: ctx.store, clock: ctx.clock, events: ctx.events, review: ctx.review, spam: ctx.spam });
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

  adminSiteRoutes(app, ctx, accounts);
  adminEventsRoute(app, ctx, (token) => accounts.session(token), (req) => cookie(req, SESSION_COOKIE));

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

  // A moderator edits a comment's text (re-rendered, marked as edited by a moderator) or replies
  // under their own name with a badge. Both are audited.
  app.patch<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/comments/:id', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['body']);
    const site = await ctx.sites.byId(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const { before, after } = await ctx.comments.moderatorEdit(ctx.sites.context(site), req.params.id, b.body);
    await audit(req, site.id, 'comment.edit', before.id, { body: before.body }, { body: after.body });
    return { comment: await moderation.item(site.id, after.id) };
  });

  app.post<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/comments/:id/replies', async (req, reply) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['body', 'name']);
    if (b.name !== undefined && (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100)) throw invalid('name', 'INVALID_VALUE');
    const site = await ctx.sites.byId(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const me = req.adminSession!.user;
    const name = typeof b.name === 'string' ? b.name.trim() : me.email.split('@')[0];
    const row = await ctx.comments.moderatorReply(ctx.sites.context(site), req.params.id, { name, email: me.email }, b.body);
    await audit(req, site.id, 'comment.reply', row.id, undefined, { parent: req.params.id });
    return reply.code(201).send({ comment: await moderation.item(site.id, row.id) });
  });

  // Pinned comments open their article's thread (at most three; see src/core/threads/pins.ts).
  app.post<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/comments/:id/pinned', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['pinned']);
    if (typeof b.pinned !== 'boolean') throw invalid('pinned', b.pinned === undefined ? 'REQUIRED' : 'INVALID_TYPE');
    return { comment: await moderation.pin(actor(req), req.params.site, req.params.id, b.pinned) };
  });

  app.post<{ Params: { site: string } }>('/admin/api/sites/:site/bulk', async (req) => {
    roleOn(req, req.params.site);
    const b = body(req, ['action', 'ids']);
    if (!(ACTIONS as readonly unknown[]).includes(b.action)) throw invalid('action', b.action === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    if (!Array.isArray(b.ids) || b.ids.length === 0 || b.ids.length > 200 || !b.ids.every(isId)) throw invalid('ids', b.ids === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    return { results: await moderation.bulk(actor(req), req.params.site, [...new Set(b.ids as string[])], b.action as Action) };
  });

  const audit = (req: FastifyRequest, siteId: string, action: string, target: string | null, before: unknown, after: unknown) =>
    ctx.store.addAudit({
      id: newId(ctx.clock.now()),
      site_id: siteId,
      actor: `user:${req.adminSession!.user.id} ${req.adminSession!.user.email}`,
      action,
      target,
      before: before === undefined ? null : JSON.stringify(before),
      after: after === undefined ? null : JSON.stringify(after),
      created_at: ctx.clock.now(),
    });

  // A site's settings: what applies (the install's defaults with the site's overrides) and the overrides.
  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/settings', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const site = await ctx.store.getSite(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const defaults = defaultSiteSettings(ctx.config);
    // The install's defaults and the check names come along, so a form can show and validate them.
    return { settings: resolveSettings(defaults, site.settings), overrides: JSON.parse(site.settings || '{}'), defaults, checks: CHECK_NAMES };
  });

  app.patch<{ Params: { site: string } }>('/admin/api/sites/:site/settings', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const keys = Object.keys(SETTING_RULES) as (keyof SiteSettings)[];
    const b = body(req, keys);
    const errors = new FieldErrors('en');
    for (const [k, v] of Object.entries(b)) {
      // null removes the site's override: the install's default applies again.
      if (v === null) continue;
      if (checkSetting(k as keyof SiteSettings, v)) errors.add(k, Array.isArray(v) || typeof v === 'number' || typeof v === 'string' ? 'INVALID_VALUE' : 'INVALID_TYPE');
      else if (k === 'disabledChecks' && (v as string[]).some((c) => !CHECK_NAMES.includes(c))) errors.add(k, 'INVALID_VALUE');
    }
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    const site = await ctx.store.getSite(req.params.site);
    if (!site) throw new AppError('NOT_FOUND');
    const before = JSON.parse(site.settings || '{}') as Record<string, unknown>;
    const next = { ...before };
    for (const [k, v] of Object.entries(b)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    await ctx.store.updateSite(site.id, { settings: JSON.stringify(next) });
    await ctx.sites.reload();
    await audit(req, site.id, 'site.settings', site.id, before, next);
    return { settings: resolveSettings(defaultSiteSettings(ctx.config), JSON.stringify(next)), overrides: next };
  });

  app.post<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/threads/:id/closed', async (req) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id)) throw new AppError('NOT_FOUND');
    const b = body(req, ['closed']);
    if (typeof b.closed !== 'boolean') throw invalid('closed', b.closed === undefined ? 'REQUIRED' : 'INVALID_TYPE');
    const thread = await ctx.store.getThread(req.params.id);
    if (!thread || thread.site_id !== req.params.site) throw new AppError('NOT_FOUND');
    await ctx.store.setThreadClosed(thread.id, b.closed, ctx.clock.now());
    ctx.events.emit('thread.changed', { siteId: thread.site_id, threadId: thread.id, threadKey: thread.key });
    await audit(req, thread.site_id, b.closed ? 'thread.close' : 'thread.reopen', thread.id, { closed: !!thread.closed }, { closed: b.closed });
    return { thread: { id: thread.id, key: thread.key, closed: b.closed } };
  });

  // Bans: by email address, email domain or IP hash, for some days or for good, with a reason.
  app.get<{ Params: { site: string } }>('/admin/api/sites/:site/bans', async (req) => {
    roleOn(req, req.params.site);
    const bans = await ctx.store.activeBans(req.params.site, ctx.clock.now());
    return { bans: bans.map((b) => ({ id: b.id, kind: b.kind, value: b.value, reason: b.reason, until: b.until ? new Date(b.until).toISOString() : null, by: b.created_by, at: new Date(b.created_at).toISOString() })) };
  });

  app.post<{ Params: { site: string } }>('/admin/api/sites/:site/bans', async (req, reply) => {
    roleOn(req, req.params.site);
    const b = body(req, ['kind', 'value', 'days', 'reason']);
    const errors = new FieldErrors('en');
    if (b.kind !== 'email' && b.kind !== 'domain' && b.kind !== 'ip') errors.add('kind', b.kind === undefined ? 'REQUIRED' : 'INVALID_VALUE');
    const value = typeof b.value === 'string' ? b.value.trim().toLowerCase().replace(/^@/, '') : '';
    if (!value) errors.add('value', 'REQUIRED');
    else if (value.length > 254 || (b.kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) || (b.kind === 'domain' && !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(value)) || (b.kind === 'ip' && !/^[0-9a-f]{16,64}$/.test(value))) errors.add('value', 'INVALID_VALUE');
    if (b.days !== undefined && b.days !== null && (typeof b.days !== 'number' || !Number.isInteger(b.days) || b.days < 1 || b.days > 3650)) errors.add('days', 'INVALID_VALUE');
    if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > 500)) errors.add('reason', 'INVALID_VALUE');
    if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
    const now = ctx.clock.now();
    const row = { id: newId(now), site_id: req.params.site, kind: b.kind as 'email' | 'domain' | 'ip', value, reason: (b.reason as string | undefined) ?? null, until: typeof b.days === 'number' ? now + b.days * 86_400_000 : null, created_by: req.adminSession!.user.email, created_at: now };
    await ctx.store.addBan(row);
    ctx.bans.changed(req.params.site);
    await audit(req, req.params.site, 'ban.add', row.id, undefined, { kind: row.kind, value: row.value, until: row.until, reason: row.reason });
    return reply.code(201).send({ ban: { id: row.id, kind: row.kind, value: row.value, reason: row.reason, until: row.until ? new Date(row.until).toISOString() : null } });
  });

  app.delete<{ Params: { site: string; id: string } }>('/admin/api/sites/:site/bans/:id', async (req, reply) => {
    roleOn(req, req.params.site);
    if (!isId(req.params.id) || !(await ctx.store.deleteBan(req.params.site, req.params.id))) throw new AppError('NOT_FOUND');
    ctx.bans.changed(req.params.site);
    await audit(req, req.params.site, 'ban.remove', req.params.id, undefined, undefined);
    return reply.code(204).send();
  });

  app.get<{ Params: { site: string }; Querystring: { q?: string; author?: string; email?: string; article?: string; before?: string; limit?: string } }>('/admin/api/sites/:site/search', async (req) => {
    roleOn(req, req.params.site);
    const { q, author, email, article, before } = req.query;
    const filters = { text: q?.trim() || undefined, author: author?.trim() || undefined, email: email?.trim() || undefined, article: article?.trim() || undefined };
    if (!Object.values(filters).some(Boolean)) throw invalid('q', 'REQUIRED');
    for (const [k, v] of Object.entries(filters)) if (v && v.length > 200) throw invalid(k === 'text' ? 'q' : k, 'INVALID_VALUE');
    if (before !== undefined && !isId(before)) throw new AppError('BAD_CURSOR');
    const limit = Math.min(100, Math.max(1, Number.parseInt(req.query.limit ?? '25', 10) || 25));
    return moderation.search(req.params.site, filters, before ?? null, limit);
  });

  // A commenter's data on this site, for admins: everything as JSON, or erased everywhere here.
  app.get<{ Params: { site: string }; Querystring: { email?: string } }>('/admin/api/sites/:site/privacy/export', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const email = req.query.email?.trim();
    if (!email || !email.includes('@') || email.length > 254) throw invalid('email', email ? 'INVALID_VALUE' : 'REQUIRED');
    const data = await commenters.export(email, req.params.site);
    // Audited without the address: the log must not become another copy of it.
    await audit(req, req.params.site, 'privacy.export', null, undefined, { comments: data.comments.length });
    return data;
  });

  app.post<{ Params: { site: string } }>('/admin/api/sites/:site/privacy/erase', async (req) => {
    roleOn(req, req.params.site, 'admin');
    const b = body(req, ['email', 'deleteText']);
    const email = typeof b.email === 'string' ? b.email.trim() : '';
    if (!email || !email.includes('@') || email.length > 254) throw invalid('email', email ? 'INVALID_VALUE' : 'REQUIRED');
    if (b.deleteText !== undefined && typeof b.deleteText !== 'boolean') throw invalid('deleteText', 'INVALID_TYPE');
    const result = await commenters.erase(email, { siteId: req.params.site, deleteText: b.deleteText === true });
    // The audit keeps that an erasure happened, not whose: the address is what was erased.
    await audit(req, req.params.site, 'privacy.erase', null, undefined, { ...result, deleteText: b.deleteText === true });
    return { erased: result };
  });

  // Comments per day by status, and what moderators decided about the filter's verdicts: a
  // verdict is overturned when a published comment is marked spam or a spam one is approved or
  // marked not spam. A held comment asked for a human; approving it is counted apart.
  app.get<{ Params: { site: string }; Querystring: { days?: string } }>('/admin/api/sites/:site/stats', async (req) => {
    roleOn(req, req.params.site);
    const days = Math.min(365, Math.max(1, Number.parseInt(req.query.days ?? '30', 10) || 30));
    const since = ctx.clock.now() - days * 86_400_000;
    type Day = { approved: number; pending: number; spam: number; deleted: number; decisions: number; overturned: number; heldApproved: number };
    const byDay = new Map<string, Day>();
    const day = (d: string) => {
      let x = byDay.get(d);
      if (!x) byDay.set(d, (x = { approved: 0, pending: 0, spam: 0, deleted: 0, decisions: 0, overturned: 0, heldApproved: 0 }));
      return x;
    };
    for (const r of await ctx.store.dailyStats(req.params.site, since)) day(r.day)[r.status] = r.n;
    const totals = { decisions: 0, overturned: 0, heldApproved: 0 };
    for (const e of await ctx.store.listAudit(req.params.site, null, 10_000)) {
      if (e.created_at < since || !e.action.startsWith('comment.')) continue;
      const action = e.action.slice('comment.'.length);
      if (!['approve', 'spam', 'ham', 'delete'].includes(action)) continue;
      const was = e.before ? (JSON.parse(e.before) as { status?: string }).status : undefined;
      const d = day(new Date(e.created_at).toISOString().slice(0, 10));
      const publish = action === 'ham' || action === 'approve';
      const overturned = (action === 'spam' && was === 'approved') || (publish && was === 'spam');
      const heldApproved = publish && was === 'pending';
      d.decisions++;
      totals.decisions++;
      if (overturned) (d.overturned++, totals.overturned++);
      if (heldApproved) (d.heldApproved++, totals.heldApproved++);
    }
    const list = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, counts]) => ({ day: d, ...counts }));
    return { days: list, ...totals };
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
