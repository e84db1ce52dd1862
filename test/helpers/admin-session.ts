// The dashboard API's tests share a cast: an admin and a moderator of the test site, and the
// admin of another paper (who must never see the first); and two ways to talk as one of them.
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { newId } from '../../src/core/ids.ts';
import { newSecret } from '../../src/core/tokens.ts';
import type { TestApp } from './app.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';
export type Who = { cookie: string; csrf: string };

/** Creates the other paper and the accounts; returns the other paper's id. */
export async function staffSites(
  t: TestApp,
  extra: { email: string; site: 'this' | 'other'; role: 'admin' | 'moderator' }[] = [],
): Promise<string> {
  const otherSite = newId();
  await t.store.createSite({
    id: otherSite,
    name: 'Other paper',
    origins: [],
    lang: 'en',
    settings: {},
    avatar_secret: newSecret(),
    is_default: false,
    created_at: Date.now(),
  });
  const accounts = new Accounts({ store: t.store, clock: t.clock });
  const cast = [
    { email: 'admin@example.com', site: 'this', role: 'admin' },
    { email: 'mod@example.com', site: 'this', role: 'moderator' },
    { email: 'other@example.com', site: 'other', role: 'admin' },
    ...extra,
  ] as const;
  for (const c of cast) await accounts.grant(c.email, STAFF_PASSWORD, c.site === 'this' ? t.siteId : otherSite, c.role);
  return otherSite;
}

export async function login(t: TestApp, email: string, password = STAFF_PASSWORD) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/api/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
  return {
    res,
    cookie: String(res.headers['set-cookie'] ?? '').split(';')[0],
    csrf: res.statusCode === 200 ? (res.json().csrf as string) : '',
  };
}

/** A request as `who` (with their cookie and CSRF token), or as nobody. */
export function call(
  t: TestApp,
  who: Who | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url,
    headers: {
      ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    payload: payload !== undefined ? JSON.stringify(payload) : undefined,
  });
}
