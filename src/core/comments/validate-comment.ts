// Validation of what a commenter sends. Every rule names its field; nothing is truncated.
// Input is untrusted JSON or form data: only known fields pass (an allow-list), and only
// strings of the right shape.
import type { FieldError, FieldRule } from '../../contracts/error-codes.ts';
import { type Language, ruleMessage } from '../../contracts/messages.ts';
import { isId } from '../ids.ts';
import { LIMITS, codePoints } from './limits.ts';

export type NewCommentInput = {
  thread: string;
  parent: string | null;
  title: string | null;
  name: string;
  email: string;
  website: string | null;
  body: string;
  formToken: string | null;
  /** Email me replies to this comment, or every new comment of the thread (only when mail is configured). */
  notify?: 'replies' | 'thread' | null;
};

export const NEW_COMMENT_FIELDS = [
  'thread',
  'parent',
  'title',
  'name',
  'email',
  'website',
  'body',
  'formToken',
  'notify',
] as const;

// C0 controls other than tab, newline and carriage return, DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters in input is this pattern's job
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters in input is this pattern's job
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// Pragmatic address check: local@domain.tld, no spaces or brackets; Unicode allowed.
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{1,253}$)[^\s@<>()[\]\\,;:"._-][^\s@<>()[\]\\,;:"]*\.[^\s@<>()[\]\\,;:".\d-][^\s@<>()[\]\\,;:".]+$/u;

export type Validation<T> = { ok: true; value: T } | { ok: false; fields: Record<string, FieldError> };

export class FieldErrors {
  // A null prototype: input names such as "constructor" or "toString" are fields like any other,
  // never found on Object.prototype (which once let them pass as known, already-reported fields).
  readonly fields: Record<string, FieldError> = Object.create(null);
  readonly lang: Language;
  constructor(lang: Language) {
    this.lang = lang;
  }
  add(field: string, code: FieldRule, limit?: number): void {
    if (Object.hasOwn(this.fields, field)) return; // first rule broken wins; one entry per field
    this.fields[field] = {
      code,
      message: ruleMessage(code, field, this.lang, limit),
      ...(limit !== undefined ? { limit } : {}),
    };
  }
  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }
}

/** Checks type, encoding, control characters and length; returns the trimmed text or undefined. */
export function textField(
  errors: FieldErrors,
  field: string,
  raw: unknown,
  opts: { required: boolean; max: number; multiline?: boolean },
): string | null | undefined {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    if (opts.required) errors.add(field, 'REQUIRED');
    return null;
  }
  if (typeof raw !== 'string') {
    errors.add(field, 'INVALID_TYPE');
    return undefined;
  }
  if (!raw.isWellFormed()) {
    errors.add(field, 'INVALID_UTF8');
    return undefined;
  }
  if ((opts.multiline ? CONTROL : CONTROL_OR_NEWLINE).test(raw)) {
    errors.add(field, 'CONTROL_CHARACTERS');
    return undefined;
  }
  const value = raw.trim();
  if (codePoints(value) > opts.max) {
    errors.add(field, 'TOO_LONG', opts.max);
    return undefined;
  }
  return value;
}

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email);
}

export function validateWebsite(errors: FieldErrors, raw: unknown): string | null | undefined {
  const value = textField(errors, 'website', raw, { required: false, max: LIMITS.website });
  if (!value) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    errors.add('website', 'INVALID_URL');
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    errors.add('website', 'URL_SCHEME');
    return undefined;
  }
  if (!url.hostname || /\s/.test(value)) {
    errors.add('website', 'INVALID_URL');
    return undefined;
  }
  // Stored as written (after trimming): name and website are shown as plain text.
  return value;
}

export function validateNewComment(raw: unknown, lang: Language): Validation<NewCommentInput> {
  const errors = new FieldErrors(lang);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    errors.add('body', 'REQUIRED');
    return { ok: false, fields: errors.fields };
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(NEW_COMMENT_FIELDS as readonly string[]).includes(key)) errors.add(key.slice(0, 64), 'UNKNOWN_FIELD');
  }
  const thread = textField(errors, 'thread', input.thread, { required: true, max: LIMITS.thread });
  let parent: string | null = null;
  if (input.parent !== undefined && input.parent !== null && input.parent !== '') {
    if (isId(input.parent)) parent = input.parent;
    else errors.add('parent', typeof input.parent === 'string' ? 'INVALID_VALUE' : 'INVALID_TYPE');
  }
  const title = textField(errors, 'title', input.title, { required: false, max: LIMITS.title });
  const name = textField(errors, 'name', input.name, { required: true, max: LIMITS.name });
  const email = textField(errors, 'email', input.email, { required: true, max: LIMITS.email });
  if (email && !isValidEmail(email)) errors.add('email', 'INVALID_EMAIL');
  const website = validateWebsite(errors, input.website);
  const body = textField(errors, 'body', input.body, { required: true, max: LIMITS.body, multiline: true });
  const formToken = textField(errors, 'formToken', input.formToken, { required: false, max: LIMITS.formToken });
  const notify = notifyField(errors, input.notify);
  if (!errors.empty) return { ok: false, fields: errors.fields };
  return {
    ok: true,
    value: {
      thread: thread!,
      parent,
      title: title ?? null,
      name: name!,
      email: email!,
      website: website ?? null,
      body: body!,
      formToken: formToken ?? null,
      ...(notify ? { notify } : {}),
    },
  };
}

/** A checkbox sends "on" (or "replies"), the widget true; "thread" asks for every new comment. */
function notifyField(errors: FieldErrors, raw: unknown): 'replies' | 'thread' | null {
  if (raw === undefined || raw === null || raw === false || raw === '' || raw === 'off') return null;
  if (raw === true || raw === 'on' || raw === 'replies') return 'replies';
  if (raw === 'thread') return 'thread';
  errors.add('notify', typeof raw === 'string' ? 'INVALID_VALUE' : 'INVALID_TYPE');
  return null;
}

export function validateEditBody(raw: unknown, lang: Language): Validation<string> {
  const errors = new FieldErrors(lang);
  const body = textField(errors, 'body', raw, { required: true, max: LIMITS.body, multiline: true });
  return errors.empty ? { ok: true, value: body! } : { ok: false, fields: errors.fields };
}
