// One mounted comment section: its state and the helpers every part of it uses.
import type { PublicComment } from '../../src/contracts/api.ts';
import { ERROR_CODES, FIELD_RULES, type FieldError } from '../../src/contracts/error-codes.ts';
import { LANGUAGES, errorMessage, ruleMessage, type Language } from '../../src/contracts/messages.ts';
import type { WidgetStrings } from '../i18n/types.ts';
import { ApiError, type Api } from './api.ts';

export type Section = {
  host: HTMLElement;
  root: ShadowRoot;
  base: string;
  api: Api;
  thread: string;
  title: string | null;
  s: WidgetStrings & { ui: NonNullable<WidgetStrings['ui']> };
  /** The language of the shared error catalog, when it has the page's language. */
  lang: Language | null;
  count: number;
  closed: boolean;
  nextCursor: string | null;
  /** Every rendered comment's <li>, by id. */
  items: Map<string, HTMLLIElement>;
  /** Comments seen so far, for reply labels and edits. */
  data: Map<string, PublicComment>;
  list: HTMLOListElement;
  heading: HTMLElement;
  live: HTMLElement;
  /** Set by the form: opens the reply form under a comment. */
  reply(id: string): void;
};

export function announce(sec: Section, text: string): void {
  // Cleared first so that the same words twice are announced twice.
  sec.live.textContent = '';
  setTimeout(() => (sec.live.textContent = text), 50);
}

export function setCount(sec: Section, n: number): void {
  sec.count = Math.max(0, n);
  const text = sec.s.ui.comments(sec.count);
  sec.heading.textContent = text;
  // The server-rendered heading still names the host section for assistive technology.
  const light = sec.host.querySelector('#parley-count');
  if (light) light.textContent = text;
}

/** The page's words for an API error, from the shared catalog when it has the language. */
export function errorText(sec: Section, err: unknown): string {
  if (!(err instanceof ApiError)) return sec.s.networkError;
  const e = err.body?.error;
  if (!e) return sec.lang ? errorMessage(err.status === 503 ? 'NOT_READY' : 'INTERNAL', sec.lang) : sec.s.networkError;
  return sec.lang && ERROR_CODES.includes(e.code) ? errorMessage(e.code, sec.lang) : e.message;
}

export function fieldText(sec: Section, field: string, f: FieldError): string {
  return sec.lang && FIELD_RULES.includes(f.code) ? ruleMessage(f.code, field, sec.lang, f.limit) : f.message;
}

export function catalogLanguage(code: string): Language | null {
  return (LANGUAGES as readonly string[]).includes(code) ? (code as Language) : null;
}
