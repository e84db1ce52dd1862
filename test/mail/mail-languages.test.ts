// A French and a Russian site's reader mails are in the site's language: the confirmation and
// the reply mail, subject, body and footer, in both parts, with the part's Content-Language.
// The expected words are written out here, not read from mail-strings.ts, so that a mail
// falling back to English, or a translation lost, fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../helpers/app.ts';
import { type Received, startSmtp } from '../helpers/smtp.ts';
import { flush, link, mailEnv, postAs, rawHeaders } from './mail-flow.ts';

type Expected = {
  confirmSubject: RegExp;
  confirm: RegExp[];
  confirmedPage: RegExp;
  replySubject: RegExp;
  reply: RegExp[];
};

const EXPECTED: Record<'fr' | 'ru', Expected> = {
  fr: {
    confirmSubject: /^Confirmez votre adresse pour Test news$/,
    confirm: [
      /Vous avez demandé à être prévenu par e-mail des nouveaux commentaires sur Test news\./,
      /Confirmer mon adresse/,
      /Si ce n’était pas vous, ignorez ce message/,
      /Vous recevez cet e-mail car vous avez demandé des notifications sur Test news\./,
      /Ne plus recevoir aucun e-mail/,
      /Gérer mes notifications/,
    ],
    confirmedPage: /Votre adresse est confirmée/,
    replySubject: /^Nouvelle réponse : /,
    reply: [
      /bruno a répondu à votre commentaire :/,
      /Voir le commentaire/,
      /Vous recevez cet e-mail car vous avez demandé des notifications sur Test news\./,
      /Ne plus recevoir d’e-mails sur cet article/,
      /Gérer mes notifications/,
    ],
  },
  ru: {
    confirmSubject: /^Подтвердите адрес для Test news$/,
    confirm: [
      /Вы попросили сообщать по почте о новых комментариях на Test news\./,
      /Подтвердить адрес/,
      /Если это были не вы, просто проигнорируйте письмо/,
      /Вы получили это письмо, потому что подписались на уведомления на Test news\./,
      /Отписаться от всех писем/,
      /Управлять уведомлениями/,
    ],
    confirmedPage: /Адрес подтверждён/,
    replySubject: /^Новый ответ: /,
    reply: [
      /bruno ответил\(а\) на ваш комментарий:/,
      /Открыть комментарий/,
      /Вы получили это письмо, потому что подписались на уведомления на Test news\./,
      /Отписаться от этой статьи/,
      /Управлять уведомлениями/,
    ],
  },
};

/** Not a word of the English mails in either part. */
const ENGLISH = /Confirm your|Confirm my|replied to your|View the comment|You receive this|Stop (all|emails)|Manage my/;

function inLanguage(r: Received, lang: string, subject: RegExp, words: RegExp[]): void {
  assert.match(r.mail.subject ?? '', subject);
  const html = String(r.mail.html);
  for (const w of words) {
    assert.match(r.mail.text ?? '', w, `text part: ${w}`);
    assert.match(html, w, `HTML part: ${w}`);
  }
  assert.doesNotMatch(`${r.mail.subject}\n${r.mail.text}\n${html}`, ENGLISH);
  assert.equal(rawHeaders(r.raw).get('content-language'), lang);
}

for (const lang of ['fr', 'ru'] as const) {
  test(`a ${lang} site's confirmation and reply mails are in ${lang}`, async (t) => {
    const smtp = await startSmtp();
    const app = await testApp(mailEnv(smtp.url), { lang, build: { mailPollMs: 0 } });
    t.after(async () => {
      await app.close();
      await smtp.close();
    });
    const want = EXPECTED[lang];
    const parent = (await postAs(app, 'anne@example.org', { notify: true })).id;
    await flush(app);
    const [confirm] = await smtp.waitFor(1);
    inLanguage(confirm, lang, want.confirmSubject, want.confirm);
    const page = await app.app.inject({ method: 'POST', url: link(confirm, '/mail/confirm') });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, want.confirmedPage);
    await postAs(app, 'bruno@example.net', { parent, body: 'Une réponse. Ответ.' });
    await flush(app);
    const [, reply] = await smtp.waitFor(2);
    inLanguage(reply, lang, want.replySubject, want.reply);
  });
}
