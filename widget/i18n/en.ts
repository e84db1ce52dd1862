import type { CountWords, WidgetStrings } from './types.ts';

export const count: CountWords = { one: 'Comment', other: 'Comments' };

const en: WidgetStrings = {
  locale: 'en-GB',
  remember: 'Save my name, email, and website in this browser for the next time I comment.',
  edit: 'Edit',
  remove: 'Delete',
  confirmRemove: 'Delete this comment',
  save: 'Save',
  cancel: 'Cancel',
  removedNotice: 'Your comment was deleted.',
  savedNotice: 'Your changes are saved.',
  editLabel: 'Edit your comment',
  sending: 'Posting…',
  loadFailed: 'Comments could not be loaded.',
  retry: 'Try again',
  networkError: 'The comment server could not be reached. Please try again.',
  requiredNote: 'required',
};
export default en;
