// The shape of a widget language file: the widget's own words. Words the server-rendered
// pages show too come from src/contracts/ui-strings.ts (one wording for both), and error
// messages from the shared catalog in src/contracts/messages.ts by code; a language those
// catalogs do not have yet brings its `ui` words here (errors then show the server's text).
import type { UiStrings } from '../../src/contracts/ui-strings.ts';

export type WidgetStrings = {
  /** BCP 47 tag for dates and plural rules. */
  locale: string;
  ui?: UiStrings;
  remember: string;
  edit: string;
  remove: string;
  confirmRemove: string;
  save: string;
  cancel: string;
  removedNotice: string;
  savedNotice: string;
  editLabel: string;
  sending: string;
  loadFailed: string;
  retry: string;
  networkError: string;
  requiredNote: string;
};

/** count.js's words, by Intl plural category ("other" is required). */
export type CountWords = { other: string } & Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many', string>>;
