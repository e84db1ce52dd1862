// The pages behind moderators' alert emails. An action link (approve, spam, delete) opens a page
// that shows the comment and a button; only the button's POST acts, because mail scanners open
// every link. The signed token authorizes the POST instead of a session cookie, so the page's
// form is the only way in: a POST a browser sends from another site (its Origin, or its
// Sec-Fetch-Site, says so) is refused. The one-click link turns the email's alerts off.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuditLog } from '../../../core/audit/audit-log.ts';
import type { CommentStatus } from '../../../core/ports.ts';
import { MailedActions, type MailedLink, type MailedRefusal } from '../../../core/moderation/mailed-actions.ts';
import { Moderation } from '../../../core/moderation/moderation.ts';
import { type MailedAction, readAlertsOffToken } from '../../../core/mail/mail-tokens.ts';
import { escapeHtml as e } from '../../../render/escape.ts';
import type { AppContext } from '../../app-context.ts';
import { formParser } from '../../body-parsers.ts';
import { layout } from '../../pages/layout.ts';
import { sendPage } from './section-page.ts';

const PAGE = { config: { public: true, html: true } };
type Form = { Body: Record<string, unknown> | undefined; Querystring: { t?: unknown } };

const QUESTION: Record<MailedAction, string> = {
  approve: 'Approve this comment?',
  spam: 'Mark this comment as spam?',
  delete: 'Delete this comment?',
};
const BUTTON: Record<MailedAction, string> = { approve: 'Approve', spam: 'Mark as spam', delete: 'Delete' };
const DONE: Record<MailedAction, string> = {
  approve: 'Done: the comment is approved.',
  spam: 'Done: the comment is marked as spam.',
  delete: 'Done: the comment is deleted.',
};
const STATUS: Record<CommentStatus, string> = {
  pending: 'held for review',
  approved: 'published',
  spam: 'marked as spam',
  deleted: 'deleted',
};
const REFUSED: Record<MailedRefusal, [number, string]> = {
  invalid: [404, 'This link is not valid. Open the comment in the dashboard instead.'],
  expired: [410, 'This link has expired (action links work for 7 days). Open the comment in the dashboard instead.'],
  gone: [404, 'This comment is gone: it was deleted or removed since the email was sent.'],
  'no-role': [403, 'The account this email was sent to no longer moderates this site.'],
};

function page(reply: FastifyReply, title: string, body: string, status = 200) {
  // The token is in this page's address: no other site may read it from a Referer.
  reply.header('referrer-policy', 'same-origin');
  return sendPage(
    reply,
    layout({ title, body: `<h1>${e(title)}</h1>${body}`, lang: 'en', noindex: true }),
    status,
    true,
  );
}

function refused(reply: FastifyReply, reason: MailedRefusal) {
  const [status, text] = REFUSED[reason];
  return page(reply, 'Nothing was done', `<p>${e(text)}</p>`, status);
}

function commentBox(link: Extract<MailedLink, { ok: true }>): string {
  const { comment: c, thread } = link;
  const title = thread?.title || thread?.key || '';
  const article = thread?.url ? `<a href="${e(thread.url)}">${e(title)}</a>` : e(title);
  return (
    `<p>Article: ${article}</p><p>By <strong>${e(c.author_name)}</strong> · now ${e(STATUS[c.status])}</p>` +
    `<blockquote class="comment-body">${c.body_html}</blockquote>`
  );
}

/** A POST a browser sent from another site (or with its origin hidden). Clients that are not browsers send neither header. */
function crossSite(req: FastifyRequest, ownOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  const host = req.headers.host;
  return !(
    origin === ownOrigin ||
    (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`))
  );
}

export function moderatorMailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const moderation = new Moderation({
    store: ctx.store,
    clock: ctx.clock,
    events: ctx.events,
    review: ctx.review,
    spam: ctx.spam,
    audit: new AuditLog({ store: ctx.store, clock: ctx.clock }),
  });
  const mailed = new MailedActions({ store: ctx.store, moderation, clock: ctx.clock, key: ctx.mailKey });
  const ownOrigin = new URL(ctx.config.publicUrl).origin;
  const dashboard = (siteId: string) => `/admin?site=${encodeURIComponent(siteId)}`;

  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    formParser(scope);
    // RFC 8058 clients may send multipart/form-data; the body says nothing the token does not.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, {}));

    scope.get<Form>('/mail/moderate', PAGE, async (req, reply) => {
      const link = await mailed.open(req.query.t);
      if (!link.ok) return refused(reply, link.reason);
      const form =
        `<form method="post" action="/mail/moderate"><input type="hidden" name="t" value="${e(String(req.query.t))}">` +
        `<button type="submit">${e(BUTTON[link.action])}</button></form>` +
        `<p><a href="${e(dashboard(link.comment.site_id))}">Open the dashboard instead</a></p>`;
      return page(reply, QUESTION[link.action], commentBox(link) + form);
    });

    scope.post<Form>('/mail/moderate', PAGE, async (req, reply) => {
      if (crossSite(req, ownOrigin))
        return page(reply, 'Nothing was done', '<p>This form must be sent from its own page.</p>', 403);
      const token = req.body && typeof req.body.t === 'string' ? req.body.t : undefined;
      const link = await mailed.act(token);
      if (!link.ok) return refused(reply, link.reason);
      return page(
        reply,
        DONE[link.action],
        `${commentBox(link)}<p><a href="${e(dashboard(link.comment.site_id))}">Open the dashboard</a></p>`,
      );
    });

    scope.get<Form>('/mail/alerts/off', PAGE, async (req, reply) => {
      const t = typeof req.query.t === 'string' ? req.query.t : '';
      if (!readAlertsOffToken(ctx.mailKey, t)) return refused(reply, 'invalid');
      return page(
        reply,
        'Turn these moderation alerts off?',
        `<form method="post" action="/mail/alerts/off?t=${e(encodeURIComponent(t))}"><button type="submit">Turn them off</button></form>`,
      );
    });

    // RFC 8058: one POST from the mail client, with no page and no further step.
    scope.post<Form>('/mail/alerts/off', PAGE, async (req, reply) => {
      if (!(await ctx.alerts.turnOff(req.query.t))) return refused(reply, 'invalid');
      return page(
        reply,
        'Done: these alerts are off.',
        '<p>Turn them on again in the dashboard, under Email alerts.</p>',
      );
    });
  });
}
