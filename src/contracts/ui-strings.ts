// Words shown to readers on server-rendered pages and in the widget: one catalog per
// language; adding a language is adding an entry here.
import type { Language } from './messages.ts';

export type UiStrings = {
  leaveReply: string;
  replyTo: string;
  cancelReply: string;
  notPublished: string;
  requiredMarked: string;
  name: string;
  email: string;
  website: string;
  comment: string;
  post: string;
  reply: string;
  privacyLink: string;
  /** The opt-in box for reply emails (shown only when the server sends mail). */
  notifyReplies: string;
  /** What the ticked box asks for: replies to the reader's comment (the default) or the whole thread. */
  notifyScopeReplies: string;
  notifyScopeThread: string;
  comments: (n: number) => string;
  noComments: string;
  olderComments: string;
  moreReplies: string;
  removed: string;
  /** A comment not published (held or spam) above published replies to it. */
  hidden: string;
  awaitingModeration: string;
  heldNotice: string;
  publishedNotice: string;
  edited: string;
  moderator: string;
  pinned: string;
  editedByModerator: string;
  closed: string;
  permalink: string;
  fixErrors: string;
};

const en: UiStrings = {
  leaveReply: 'Leave a Reply',
  replyTo: 'Reply to',
  cancelReply: 'Cancel reply',
  notPublished: 'Your email address will not be published.',
  requiredMarked: 'Required fields are marked',
  name: 'Name',
  email: 'Email',
  website: 'Website',
  comment: 'Comment',
  post: 'Post Comment',
  reply: 'Reply',
  privacyLink: 'Learn how your comment data is processed.',
  notifyReplies: 'Notify me of replies by email',
  notifyScopeReplies: 'Replies to my comment',
  notifyScopeThread: 'Everything new in this thread',
  comments: (n) => (n === 1 ? '1 Comment' : `${n} Comments`),
  noComments: 'No comments yet. Be the first to reply.',
  olderComments: 'More comments',
  moreReplies: 'Show more replies',
  removed: 'This comment was removed.',
  hidden: 'This comment is not shown.',
  awaitingModeration: 'Your comment is awaiting moderation.',
  heldNotice: 'Thank you. Your comment is awaiting moderation and is visible only to you for now.',
  publishedNotice: 'Your comment is published.',
  edited: 'edited',
  moderator: 'Moderator',
  pinned: 'Pinned',
  editedByModerator: 'edited by a moderator',
  closed: 'Comments are closed.',
  permalink: 'Link to this comment',
  fixErrors: 'Please correct the fields marked below.',
};

const fr: UiStrings = {
  leaveReply: 'Laisser un commentaire',
  replyTo: 'Répondre à',
  cancelReply: 'Annuler la réponse',
  notPublished: 'Votre adresse e-mail ne sera pas publiée.',
  requiredMarked: 'Les champs obligatoires sont indiqués avec',
  name: 'Nom',
  email: 'E-mail',
  website: 'Site web',
  comment: 'Commentaire',
  post: 'Publier le commentaire',
  reply: 'Répondre',
  privacyLink: 'Découvrez comment les données de vos commentaires sont traitées.',
  notifyReplies: 'Me prévenir des réponses par e-mail',
  notifyScopeReplies: 'Les réponses à mon commentaire',
  notifyScopeThread: 'Tout nouveau commentaire de cette discussion',
  comments: (n) => (n <= 1 ? `${n} commentaire` : `${n} commentaires`),
  noComments: 'Aucun commentaire pour l’instant. Soyez le premier à réagir.',
  olderComments: 'Plus de commentaires',
  moreReplies: 'Afficher plus de réponses',
  removed: 'Ce commentaire a été supprimé.',
  hidden: 'Ce commentaire n’est pas affiché.',
  awaitingModeration: 'Votre commentaire est en attente de modération.',
  heldNotice: 'Merci. Votre commentaire est en attente de modération ; pour l’instant, vous seul le voyez.',
  publishedNotice: 'Votre commentaire est publié.',
  edited: 'modifié',
  moderator: 'Modération',
  pinned: 'Épinglé',
  editedByModerator: 'modifié par la modération',
  closed: 'Les commentaires sont fermés.',
  permalink: 'Lien vers ce commentaire',
  fixErrors: 'Veuillez corriger les champs indiqués ci-dessous.',
};

const ru: UiStrings = {
  leaveReply: 'Оставить комментарий',
  replyTo: 'Ответить',
  cancelReply: 'Отменить ответ',
  notPublished: 'Ваш адрес email не будет опубликован.',
  requiredMarked: 'Обязательные поля помечены',
  name: 'Имя',
  email: 'Email',
  website: 'Сайт',
  comment: 'Комментарий',
  post: 'Отправить комментарий',
  reply: 'Ответить',
  privacyLink: 'Узнайте, как обрабатываются данные ваших комментариев.',
  notifyReplies: 'Сообщать мне об ответах по почте',
  notifyScopeReplies: 'Ответы на мой комментарий',
  notifyScopeThread: 'Все новые комментарии в этом обсуждении',
  comments: (n) => {
    const m10 = n % 10;
    const m100 = n % 100;
    const word =
      m10 === 1 && m100 !== 11
        ? 'комментарий'
        : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)
          ? 'комментария'
          : 'комментариев';
    return `${n} ${word}`;
  },
  noComments: 'Комментариев пока нет. Будьте первым.',
  olderComments: 'Ещё комментарии',
  moreReplies: 'Показать ещё ответы',
  removed: 'Комментарий удалён.',
  hidden: 'Комментарий скрыт.',
  awaitingModeration: 'Ваш комментарий ожидает проверки.',
  heldNotice: 'Спасибо. Ваш комментарий ожидает проверки; пока его видите только вы.',
  publishedNotice: 'Ваш комментарий опубликован.',
  edited: 'изменено',
  moderator: 'Модератор',
  pinned: 'Закреплено',
  editedByModerator: 'изменено модератором',
  closed: 'Комментарии закрыты.',
  permalink: 'Ссылка на комментарий',
  fixErrors: 'Исправьте отмеченные ниже поля.',
};

export const UI: Record<Language, UiStrings> = { en, fr, ru };
