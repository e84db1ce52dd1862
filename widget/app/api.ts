// The public API, called without cookies or credentials of any kind.
import type { ErrorBody } from '../../src/contracts/error-codes.ts';

export class ApiError extends Error {
  status: number;
  body: ErrorBody | null;
  constructor(status: number, body: ErrorBody | null) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export type Api = {
  get<T>(path: string, params: Record<string, string | null | undefined>): Promise<T>;
  send<T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  url(path: string, params?: Record<string, string | null | undefined>): string;
};

export function api(base: string, site: string | null): Api {
  const url = (path: string, params: Record<string, string | null | undefined> = {}) => {
    const u = new URL(path, base);
    for (const [k, v] of Object.entries({ ...params, site })) if (v) u.searchParams.set(k, v);
    return u.href;
  };
  const call = async <T>(method: string, href: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(href, {
      method,
      credentials: 'omit',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // a proxy's HTML error page: reported by status below
    }
    if (!res.ok)
      throw new ApiError(res.status, json && typeof json === 'object' && 'error' in json ? (json as ErrorBody) : null);
    return { status: res.status, body: json as T };
  };
  return {
    url,
    get: async (path, params) => (await call<never>('GET', url(path, params))).body,
    send: (method, path, body, headers) => call(method, url(path), body, headers),
  };
}
