// The pages behind the links of notification emails: confirm an address, unsubscribe (also the
// RFC 8058 one-click POST a mail client sends on its own), and manage what an address follows.
// Each is reached by a signed token naming the address's id; no page shows an address.
// Confirming takes a button press, not a mere GET: link scanners open every link in a mail.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LANGUAGES, type Language } from '../../../contracts/messages.ts';
import { MAIL_STRINGS, type MailStrings } from '../../../core/mail/mail-strings.ts';
import { unsubscribeToken } from '../../../core/mail/mail-tokens.ts';
import { escapeHtml as e } from '../../../render/escape.ts';
import type { AppContext } from '../../app-context.ts';
import { formParser } from '../../body-parsers.ts';
import { layout } from '../../pages/layout.ts';
import { sendPage } from './section-page.ts';

type TokenQuery = { Querystring: { t?: unknown; lang?: unknown } };
const PAGE = { config: { public: true, html: true } };

function pageLang(raw: unknown): Language {
  return LANGUAGES.find((l) => l === raw) ?? 'en';
}

function page(reply: FastifyReply, lang: Language, title: string, body: string, status = 200) {
  reply.header('referrer-policy', 'no-referrer');
  return sendPage(reply, layout({ title, body: `<h1>${e(title)}</h1>${body}`, lang, noindex: true }), status, true);
}

function button(action: string, token: string, label: string): string {
  return (
    `<form method="post" action="${e(action)}?t=${e(encodeURIComponent(token))}">` +
    `<button type="submit">${e(label)}</button></form>`
  );
}

export function mailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const key = ctx.mailKey;
  const strings = async (addressId: string | null, fallback: unknown): Promise<[Language, MailStrings]> => {
    const address = addressId ? await ctx.store.getMailAddress({ id: addressId }) : undefined;
    const site = address ? await ctx.sites.byId(address.site_id) : undefined;
    const lang = site ? ctx.sites.context(site).lang : pageLang(fallback);
    return [lang, MAIL_STRINGS[lang]];
  };
  const token = (q: { t?: unknown }): string => (typeof q.t === 'string' ? q.t : '');
  const invalid = async (reply: FastifyReply, q: { lang?: unknown }) => {
    const [lang, t] = await strings(null, q.lang);
    return page(reply, lang, t.invalidLink, '', 404);
  };

  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    formParser(scope);
    // RFC 8058 clients may send multipart/form-data; the body says nothing the token does not.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, {}));

    scope.get<TokenQuery>('/mail/confirm', PAGE, async (req, reply) => {
      const t = token(req.query);
      const id = t.split('.')[1] ?? null;
      const [lang, s] = await strings(id, req.query.lang);
      return page(
        reply,
        lang,
        s.confirmAction,
        `<p>${e(s.confirmPage)}</p>${button('/mail/confirm', t, s.confirmAction)}`,
      );
    });
    scope.post<TokenQuery>('/mail/confirm', PAGE, async (req, reply) => {
      const address = await ctx.notifications.confirm(key, req.query.t);
      if (!address) return invalid(reply, req.query);
      const [lang, s] = await strings(address.id, null);
      return page(reply, lang, s.confirmedPage, '');
    });
    scope.get<TokenQuery>('/mail/unsubscribe', PAGE, async (req, reply) => {
      const t = token(req.query);
      const [lang, s] = await strings(t.split('.')[1] ?? null, req.query.lang);
      return page(reply, lang, s.unsubscribePage, button('/mail/unsubscribe', t, s.unsubscribeAll));
    });
    scope.post<TokenQuery>('/mail/unsubscribe', PAGE, async (req, reply) => {
      if (!(await ctx.notifications.unsubscribe(key, req.query.t))) return invalid(reply, req.query);
      const [lang, s] = await strings(token(req.query).split('.')[1] ?? null, null);
      return page(reply, lang, s.unsubscribedPage, '');
    });
    scope.get<TokenQuery>('/mail/manage', PAGE, async (req, reply) => {
      const found = await ctx.notifications.manage(key, req.query.t);
      if (!found) return invalid(reply, req.query);
      const [lang, s] = await strings(found.addressId, null);
      const items = found.subscriptions.map((sub) => {
        const title = sub.thread?.title ?? sub.thread?.key ?? '';
        const what = sub.comment_id ? s.repliesTo : s.wholeThread;
        const stop = unsubscribeToken(key, found.addressId, sub.thread_id);
        return `<li>${e(title)} — ${e(what)} ${button('/mail/unsubscribe', stop, s.unsubscribe)}</li>`;
      });
      const all = button('/mail/unsubscribe', unsubscribeToken(key, found.addressId, null), s.unsubscribeAll);
      const body = items.length ? `<ul>${items.join('')}</ul>${all}` : `<p>${e(s.noSubscriptions)}</p>`;
      return page(reply, lang, s.managePage, body);
    });
  });
}
