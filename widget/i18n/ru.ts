import type { CountWords, WidgetStrings } from './types.ts';

export const count: CountWords = { one: 'комментарий', few: 'комментария', many: 'комментариев', other: 'комментария' };

const ru: WidgetStrings = {
  locale: 'ru',
  remember: 'Сохранить моё имя, email и адрес сайта в этом браузере для следующих комментариев.',
  edit: 'Изменить',
  remove: 'Удалить',
  confirmRemove: 'Удалить этот комментарий',
  save: 'Сохранить',
  cancel: 'Отмена',
  removedNotice: 'Ваш комментарий удалён.',
  savedNotice: 'Изменения сохранены.',
  editLabel: 'Изменить комментарий',
  sending: 'Отправка…',
  loadFailed: 'Не удалось загрузить комментарии.',
  retry: 'Повторить',
  networkError: 'Сервер комментариев недоступен. Попробуйте ещё раз.',
  requiredNote: 'обязательно',
};
export default ru;
