// Human messages for every error code and field rule, one catalog per language.
// Record<…> types make the compiler flag a missing translation.
import type { ErrorCode, FieldRule } from './error-codes.ts';

export const LANGUAGES = ['en', 'fr', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalog = {
  errors: Record<ErrorCode, string>;
  rules: Record<FieldRule, string>;
  fields: Record<string, string>;
};

const en: Catalog = {
  errors: {
    VALIDATION: 'Some fields need attention.',
    UNSUPPORTED_MEDIA_TYPE: 'Send the request as application/json.',
    BAD_JSON: 'The request body is not valid JSON.',
    PAYLOAD_TOO_LARGE: 'The request body is too large.',
    NOT_FOUND: 'Not found.',
    THREAD_NOT_FOUND: 'There is no such discussion.',
    PARENT_NOT_FOUND: 'The comment you are replying to does not exist.',
    PARENT_NOT_APPROVED: 'You cannot reply to a comment that is not published.',
    THREAD_CLOSED: 'Comments are closed on this article.',
    DUPLICATE_COMMENT: 'Duplicate comment detected; it looks as though you have already said that.',
    RATE_LIMITED: 'You are posting comments too quickly. Please wait a moment.',
    ORIGIN_NOT_ALLOWED: 'Comments for this site are not accepted from this origin.',
    SITE_NOT_FOUND: 'There is no such site.',
    EDIT_TOKEN_INVALID: 'This comment cannot be changed with the given token.',
    EDIT_WINDOW_CLOSED: 'The time to edit or delete this comment has passed.',
    BAD_CURSOR: 'The paging cursor is not valid.',
    INTERNAL: 'Something went wrong on our side.',
    NOT_READY: 'Comments are paused for a moment. Please try again in a minute; nothing you wrote is lost.',
    UNAUTHORIZED: 'Sign in, or send a valid moderation key (Authorization: Bearer …).',
    LOGIN_FAILED: 'The email address or the password is not right.',
    LOGIN_LOCKED: 'Too many failed attempts. Please wait before trying again.',
    CSRF_FAILED: 'This request did not come from the dashboard. Reload the page and try again.',
    FORBIDDEN: 'Your role on this site does not allow this.',
    NOT_PINNABLE: 'Only a published top-level comment can be pinned.',
    PIN_LIMIT: 'This article already has 3 pinned comments. Unpin one first.',
    LAST_ADMIN: 'A site must keep at least one admin.',
    ORIGIN_HIDDEN:
      'Your browser did not say which page this comment was sent from (the page hides it, or shows the comments in a sandboxed frame), so it cannot be accepted. Open the article in a tab of its own and post from there.',
    EDITED_BY_MODERATOR:
      'A moderator has edited this comment, so it can no longer be changed here. You can still delete it.',
    MAIL_NOT_CONFIGURED: 'Email is not configured on this server (PARLEY_SMTP_URL and PARLEY_MAIL_FROM).',
  },
  rules: {
    REQUIRED: '{field} is required.',
    TOO_LONG: '{field} must be at most {limit} characters.',
    TOO_SHORT: '{field} must be at least {limit} characters.',
    INVALID_EMAIL: 'Enter a valid email address.',
    INVALID_URL: 'Enter a valid web address.',
    URL_SCHEME: 'The web address must start with http:// or https://.',
    INVALID_TYPE: '{field} has the wrong type.',
    INVALID_UTF8: '{field} contains invalid characters.',
    CONTROL_CHARACTERS: '{field} contains control characters.',
    UNKNOWN_FIELD: '{field} is not a known field.',
    INVALID_VALUE: '{field} has an invalid value.',
    PRIVATE_ADDRESS:
      '{field} points to a private, loopback or link-local address, which this install does not send webhooks to.',
  },
  fields: {
    name: 'Name',
    email: 'Email',
    website: 'Website',
    body: 'Comment',
    thread: 'Thread',
    parent: 'Parent',
    title: 'Title',
    formToken: 'Form token',
    password: 'Password',
  },
};

const fr: Catalog = {
  errors: {
    VALIDATION: 'Certains champs sont à corriger.',
    UNSUPPORTED_MEDIA_TYPE: 'Envoyez la requête en application/json.',
    BAD_JSON: 'Le corps de la requête n’est pas du JSON valide.',
    PAYLOAD_TOO_LARGE: 'Le corps de la requête est trop volumineux.',
    NOT_FOUND: 'Introuvable.',
    THREAD_NOT_FOUND: 'Cette discussion n’existe pas.',
    PARENT_NOT_FOUND: 'Le commentaire auquel vous répondez n’existe pas.',
    PARENT_NOT_APPROVED: 'Impossible de répondre à un commentaire non publié.',
    THREAD_CLOSED: 'Les commentaires sont fermés pour cet article.',
    DUPLICATE_COMMENT: 'Commentaire en double : vous avez déjà écrit cela.',
    RATE_LIMITED: 'Vous publiez trop vite. Patientez un instant.',
    ORIGIN_NOT_ALLOWED: 'Les commentaires de ce site ne sont pas acceptés depuis cette origine.',
    SITE_NOT_FOUND: 'Ce site n’existe pas.',
    EDIT_TOKEN_INVALID: 'Ce commentaire ne peut pas être modifié avec ce jeton.',
    EDIT_WINDOW_CLOSED: 'Le délai pour modifier ou supprimer ce commentaire est dépassé.',
    BAD_CURSOR: 'Le curseur de pagination n’est pas valide.',
    INTERNAL: 'Une erreur s’est produite de notre côté.',
    NOT_READY:
      'Les commentaires sont suspendus un instant. Réessayez dans une minute ; rien de ce que vous avez écrit n’est perdu.',
    UNAUTHORIZED: 'Connectez-vous, ou envoyez une clé de modération valide (Authorization: Bearer …).',
    LOGIN_FAILED: 'L’adresse e-mail ou le mot de passe est incorrect.',
    LOGIN_LOCKED: 'Trop de tentatives échouées. Patientez avant de réessayer.',
    CSRF_FAILED: 'Cette requête ne vient pas du tableau de bord. Rechargez la page et réessayez.',
    FORBIDDEN: 'Votre rôle sur ce site ne le permet pas.',
    NOT_PINNABLE: 'Seul un commentaire publié de premier niveau peut être épinglé.',
    PIN_LIMIT: 'Cet article a déjà 3 commentaires épinglés. Désépinglez-en un d’abord.',
    LAST_ADMIN: 'Un site doit garder au moins un administrateur.',
    ORIGIN_HIDDEN:
      'Votre navigateur n’a pas indiqué de quelle page vient ce commentaire (la page le masque, ou affiche les commentaires dans un cadre isolé) : il ne peut pas être accepté. Ouvrez l’article dans un onglet à part et publiez depuis celui-ci.',
    EDITED_BY_MODERATOR:
      'Un modérateur a modifié ce commentaire : il ne peut plus être changé ici. Vous pouvez encore le supprimer.',
    MAIL_NOT_CONFIGURED: 'L’envoi d’e-mails n’est pas configuré sur ce serveur (PARLEY_SMTP_URL et PARLEY_MAIL_FROM).',
  },
  rules: {
    REQUIRED: '{field} est obligatoire.',
    TOO_LONG: '{field} doit compter au plus {limit} caractères.',
    TOO_SHORT: '{field} doit compter au moins {limit} caractères.',
    INVALID_EMAIL: 'Saisissez une adresse e-mail valide.',
    INVALID_URL: 'Saisissez une adresse web valide.',
    URL_SCHEME: 'L’adresse web doit commencer par http:// ou https://.',
    INVALID_TYPE: '{field} n’a pas le bon type.',
    INVALID_UTF8: '{field} contient des caractères invalides.',
    CONTROL_CHARACTERS: '{field} contient des caractères de contrôle.',
    UNKNOWN_FIELD: '{field} n’est pas un champ connu.',
    INVALID_VALUE: '{field} a une valeur invalide.',
    PRIVATE_ADDRESS:
      '{field} désigne une adresse privée, locale ou de lien local, vers laquelle ce serveur n’envoie pas de webhooks.',
  },
  fields: {
    name: 'Nom',
    email: 'E-mail',
    website: 'Site web',
    body: 'Commentaire',
    thread: 'Discussion',
    parent: 'Parent',
    title: 'Titre',
    formToken: 'Jeton',
    password: 'Mot de passe',
  },
};

const ru: Catalog = {
  errors: {
    VALIDATION: 'Проверьте заполнение полей.',
    UNSUPPORTED_MEDIA_TYPE: 'Отправьте запрос как application/json.',
    BAD_JSON: 'Тело запроса не является корректным JSON.',
    PAYLOAD_TOO_LARGE: 'Тело запроса слишком велико.',
    NOT_FOUND: 'Не найдено.',
    THREAD_NOT_FOUND: 'Такого обсуждения нет.',
    PARENT_NOT_FOUND: 'Комментарий, на который вы отвечаете, не существует.',
    PARENT_NOT_APPROVED: 'Нельзя ответить на неопубликованный комментарий.',
    THREAD_CLOSED: 'Комментарии к этой статье закрыты.',
    DUPLICATE_COMMENT: 'Повторный комментарий: похоже, вы это уже написали.',
    RATE_LIMITED: 'Вы отправляете комментарии слишком часто. Подождите немного.',
    ORIGIN_NOT_ALLOWED: 'Комментарии этого сайта не принимаются с этого источника.',
    SITE_NOT_FOUND: 'Такого сайта нет.',
    EDIT_TOKEN_INVALID: 'Этот комментарий нельзя изменить с этим токеном.',
    EDIT_WINDOW_CLOSED: 'Время на изменение или удаление комментария истекло.',
    BAD_CURSOR: 'Неверный курсор страницы.',
    INTERNAL: 'На нашей стороне произошла ошибка.',
    NOT_READY: 'Комментарии ненадолго приостановлены. Попробуйте через минуту — написанное вами не потеряно.',
    UNAUTHORIZED: 'Войдите или отправьте действующий ключ модерации (Authorization: Bearer …).',
    LOGIN_FAILED: 'Неверный адрес электронной почты или пароль.',
    LOGIN_LOCKED: 'Слишком много неудачных попыток. Подождите, прежде чем повторить.',
    CSRF_FAILED: 'Запрос пришёл не из панели модерации. Обновите страницу и попробуйте снова.',
    FORBIDDEN: 'Ваша роль на этом сайте этого не позволяет.',
    NOT_PINNABLE: 'Закрепить можно только опубликованный комментарий верхнего уровня.',
    PIN_LIMIT: 'У этой статьи уже 3 закреплённых комментария. Сначала открепите один.',
    LAST_ADMIN: 'У сайта должен остаться хотя бы один администратор.',
    ORIGIN_HIDDEN:
      'Ваш браузер не сообщил, с какой страницы отправлен комментарий (страница это скрывает или показывает комментарии в изолированной рамке), поэтому его нельзя принять. Откройте статью в отдельной вкладке и отправьте комментарий оттуда.',
    EDITED_BY_MODERATOR:
      'Модератор отредактировал этот комментарий, поэтому изменить его здесь больше нельзя. Удалить его ещё можно.',
    MAIL_NOT_CONFIGURED: 'Отправка почты на этом сервере не настроена (PARLEY_SMTP_URL и PARLEY_MAIL_FROM).',
  },
  rules: {
    REQUIRED: 'Поле «{field}» обязательно.',
    TOO_LONG: 'Поле «{field}» должно быть не длиннее {limit} символов.',
    TOO_SHORT: 'Поле «{field}» должно быть не короче {limit} символов.',
    INVALID_EMAIL: 'Введите корректный адрес электронной почты.',
    INVALID_URL: 'Введите корректный веб-адрес.',
    URL_SCHEME: 'Веб-адрес должен начинаться с http:// или https://.',
    INVALID_TYPE: 'Поле «{field}» имеет неверный тип.',
    INVALID_UTF8: 'Поле «{field}» содержит недопустимые символы.',
    CONTROL_CHARACTERS: 'Поле «{field}» содержит управляющие символы.',
    UNKNOWN_FIELD: 'Поле «{field}» неизвестно.',
    INVALID_VALUE: 'Поле «{field}» имеет недопустимое значение.',
    PRIVATE_ADDRESS:
      'Поле «{field}» указывает на частный, локальный или link-local адрес, на который этот сервер не отправляет вебхуки.',
  },
  fields: {
    name: 'Имя',
    email: 'Email',
    website: 'Сайт',
    body: 'Комментарий',
    thread: 'Обсуждение',
    parent: 'Родитель',
    title: 'Заголовок',
    formToken: 'Токен формы',
    password: 'Пароль',
  },
};

export const CATALOGS: Record<Language, Catalog> = { en, fr, ru };

export function pickLanguage(lang: string | undefined | null): Language {
  const base = (lang ?? '').toLowerCase().slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

export function errorMessage(code: ErrorCode, lang: Language): string {
  return CATALOGS[lang].errors[code];
}

export function ruleMessage(rule: FieldRule, field: string, lang: Language, limit?: number): string {
  const cat = CATALOGS[lang];
  const label = Object.hasOwn(cat.fields, field) ? cat.fields[field] : field;
  return cat.rules[rule].replace('{field}', label).replace('{limit}', String(limit ?? ''));
}
