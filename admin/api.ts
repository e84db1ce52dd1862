// Calls to /admin/api with the session cookie (sent by the browser) and the CSRF token on
// every change. Errors carry the server's code; their words come from the shared catalog.
import type { ErrorBody, ErrorCode, FieldError } from '../src/contracts/error-codes.ts';
import { errorMessage, ruleMessage } from '../src/contracts/messages.ts';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: Record<string, FieldError>;
  constructor(code: ErrorCode, status: number, fields: Record<string, FieldError> = {}) {
    super(errorMessage(code, 'en'));
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
  /** The catalog's message for one field's rule, if that field broke one. */
  field(name: string): string | null {
    const f = this.fields[name];
    return f ? ruleMessage(f.code, name, 'en', f.limit) : null;
  }
}

let csrf = '';
export const setCsrf = (token: string) => {
  csrf = token;
};

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/admin/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('NOT_READY', 0);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
  if (!res.ok) {
    const e = json?.error;
    throw new ApiError(e?.code ?? 'INTERNAL', res.status, e?.fields ?? {});
  }
  return json as T;
}
