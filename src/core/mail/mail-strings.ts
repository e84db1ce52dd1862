// The words of notification emails and of the pages their links open, in each site language.
// Record<Language, …> makes the compiler flag a missing translation.
import type { Language } from '../../contracts/messages.ts';

export type MailStrings = {
  confirmSubject: (site: string) => string;
  confirmIntro: (site: string) => string;
  confirmAction: string;
  confirmIgnore: string;
  replySubject: (title: string) => string;
  digestSubject: (n: number, title: string) => string;
  replyIntro: (author: string) => string;
  threadIntro: (author: string) => string;
  viewComment: string;
  footer: (site: string) => string;
  unsubscribe: string;
  unsubscribeAll: string;
  manage: string;
  testSubject: string;
  testBody: string;
  confirmedPage: string;
  confirmPage: string;
  unsubscribedPage: string;
  unsubscribePage: string;
  managePage: string;
  noSubscriptions: string;
  wholeThread: string;
  repliesTo: string;
  invalidLink: string;
};

const en: MailStrings = {
  confirmSubject: (site) => `Confirm your email for ${site}`,
  confirmIntro: (site) => `You asked to be told by email about new comments on ${site}.`,
  confirmAction: 'Confirm my email address',
  confirmIgnore: 'If it was not you, ignore this message: nothing more will be sent.',
  replySubject: (title) => `New reply: ${title}`,
  digestSubject: (n, title) => `${n} new comments: ${title}`,
  replyIntro: (author) => `${author} replied to your comment:`,
  threadIntro: (author) => `${author} commented:`,
  viewComment: 'View the comment',
  footer: (site) => `You receive this email because you asked for notifications on ${site}.`,
  unsubscribe: 'Stop emails about this article',
  unsubscribeAll: 'Stop all emails',
  manage: 'Manage my notifications',
  testSubject: 'Parley test email',
  testBody: 'This is a test email from Parley. Mail is configured.',
  confirmedPage: 'Your email address is confirmed. You will be told about replies.',
  confirmPage: 'Confirm that you want notifications at this address.',
  unsubscribedPage: 'Done: you will not receive these emails any more.',
  unsubscribePage: 'Stop notification emails?',
  managePage: 'Your email notifications',
  noSubscriptions: 'No notifications are active for this address.',
  wholeThread: 'Every new comment',
  repliesTo: 'Replies to your comment',
  invalidLink: 'This link is not valid or has expired.',
};

const fr: MailStrings = {
  confirmSubject: (site) => `Confirmez votre adresse pour ${site}`,
  confirmIntro: (site) => `Vous avez demandé à être prévenu par e-mail des nouveaux commentaires sur ${site}.`,
  confirmAction: 'Confirmer mon adresse',
  confirmIgnore: 'Si ce n’était pas vous, ignorez ce message : rien d’autre ne sera envoyé.',
  replySubject: (title) => `Nouvelle réponse : ${title}`,
  digestSubject: (n, title) => `${n} nouveaux commentaires : ${title}`,
  replyIntro: (author) => `${author} a répondu à votre commentaire :`,
  threadIntro: (author) => `${author} a commenté :`,
  viewComment: 'Voir le commentaire',
  footer: (site) => `Vous recevez cet e-mail car vous avez demandé des notifications sur ${site}.`,
  unsubscribe: 'Ne plus recevoir d’e-mails sur cet article',
  unsubscribeAll: 'Ne plus recevoir aucun e-mail',
  manage: 'Gérer mes notifications',
  testSubject: 'E-mail de test de Parley',
  testBody: 'Ceci est un e-mail de test de Parley. L’envoi est configuré.',
  confirmedPage: 'Votre adresse est confirmée. Vous serez prévenu des réponses.',
  confirmPage: 'Confirmez que vous voulez recevoir des notifications à cette adresse.',
  unsubscribedPage: 'C’est fait : vous ne recevrez plus ces e-mails.',
  unsubscribePage: 'Ne plus recevoir d’e-mails ?',
  managePage: 'Vos notifications par e-mail',
  noSubscriptions: 'Aucune notification n’est active pour cette adresse.',
  wholeThread: 'Chaque nouveau commentaire',
  repliesTo: 'Les réponses à votre commentaire',
  invalidLink: 'Ce lien n’est pas valide ou a expiré.',
};

const ru: MailStrings = {
  confirmSubject: (site) => `Подтвердите адрес для ${site}`,
  confirmIntro: (site) => `Вы попросили сообщать по почте о новых комментариях на ${site}.`,
  confirmAction: 'Подтвердить адрес',
  confirmIgnore: 'Если это были не вы, просто проигнорируйте письмо: больше ничего не придёт.',
  replySubject: (title) => `Новый ответ: ${title}`,
  digestSubject: (n, title) => `Новых комментариев: ${n}. ${title}`,
  replyIntro: (author) => `${author} ответил(а) на ваш комментарий:`,
  threadIntro: (author) => `${author} оставил(а) комментарий:`,
  viewComment: 'Открыть комментарий',
  footer: (site) => `Вы получили это письмо, потому что подписались на уведомления на ${site}.`,
  unsubscribe: 'Отписаться от этой статьи',
  unsubscribeAll: 'Отписаться от всех писем',
  manage: 'Управлять уведомлениями',
  testSubject: 'Тестовое письмо Parley',
  testBody: 'Это тестовое письмо Parley. Почта настроена.',
  confirmedPage: 'Адрес подтверждён. Мы сообщим вам об ответах.',
  confirmPage: 'Подтвердите, что хотите получать уведомления на этот адрес.',
  unsubscribedPage: 'Готово: эти письма больше не придут.',
  unsubscribePage: 'Отписаться от писем?',
  managePage: 'Ваши уведомления по почте',
  noSubscriptions: 'Для этого адреса нет активных уведомлений.',
  wholeThread: 'Все новые комментарии',
  repliesTo: 'Ответы на ваш комментарий',
  invalidLink: 'Ссылка недействительна или устарела.',
};

export const MAIL_STRINGS: Record<Language, MailStrings> = { en, fr, ru };
