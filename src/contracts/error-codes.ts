// The one catalog of error codes shared by the server, the widget and the dashboard.
// Codes are stable strings; a retired code must never be reused for another meaning.

export const ERROR_CODES = [
  'VALIDATION',
  'UNSUPPORTED_MEDIA_TYPE',
  'BAD_JSON',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'THREAD_NOT_FOUND',
  'PARENT_NOT_FOUND',
  'PARENT_NOT_APPROVED',
  'THREAD_CLOSED',
  'DUPLICATE_COMMENT',
  'RATE_LIMITED',
  'ORIGIN_NOT_ALLOWED',
  'SITE_NOT_FOUND',
  'EDIT_TOKEN_INVALID',
  'EDIT_WINDOW_CLOSED',
  'BAD_CURSOR',
  'INTERNAL',
  'NOT_READY',
  'UNAUTHORIZED',
  'LOGIN_FAILED',
  'LOGIN_LOCKED',
  'CSRF_FAILED',
  'FORBIDDEN',
  'NOT_PINNABLE',
  'PIN_LIMIT',
  'LAST_ADMIN',
  'ORIGIN_HIDDEN',
  'EDITED_BY_MODERATOR',
  'MAIL_NOT_CONFIGURED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

// Per-field rule codes used inside VALIDATION errors.
export const FIELD_RULES = [
  'REQUIRED',
  'TOO_LONG',
  'TOO_SHORT',
  'INVALID_EMAIL',
  'INVALID_URL',
  'URL_SCHEME',
  'INVALID_TYPE',
  'INVALID_UTF8',
  'CONTROL_CHARACTERS',
  'UNKNOWN_FIELD',
  'INVALID_VALUE',
  'PRIVATE_ADDRESS',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BAD_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  THREAD_NOT_FOUND: 404,
  PARENT_NOT_FOUND: 404,
  PARENT_NOT_APPROVED: 403,
  THREAD_CLOSED: 403,
  DUPLICATE_COMMENT: 409,
  RATE_LIMITED: 429,
  ORIGIN_NOT_ALLOWED: 403,
  SITE_NOT_FOUND: 404,
  EDIT_TOKEN_INVALID: 403,
  EDIT_WINDOW_CLOSED: 403,
  BAD_CURSOR: 400,
  INTERNAL: 500,
  NOT_READY: 503,
  UNAUTHORIZED: 401,
  LOGIN_FAILED: 401,
  LOGIN_LOCKED: 429,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_PINNABLE: 409,
  PIN_LIMIT: 409,
  LAST_ADMIN: 409,
  ORIGIN_HIDDEN: 403,
  EDITED_BY_MODERATOR: 403,
  MAIL_NOT_CONFIGURED: 409,
};

export type FieldError = { code: FieldRule; message: string; limit?: number };

export type ErrorBody = {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, FieldError>;
    params?: Record<string, string | number>;
    requestId?: string;
  };
};
