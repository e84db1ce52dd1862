import { ERROR_STATUS, type ErrorCode, type FieldError } from '../contracts/error-codes.ts';

/**
 * The one error class. `params` are safe to show to the client; `context` is logged only
 * (it may hold ids or internal detail, never an email or raw IP).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: Record<string, FieldError>;
  readonly params?: Record<string, string | number>;
  readonly context?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: {
      fields?: Record<string, FieldError>;
      params?: Record<string, string | number>;
      context?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fields = options.fields;
    this.params = options.params;
    this.context = options.context;
    this.headers = options.headers;
  }
}
