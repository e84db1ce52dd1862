// What the dashboard's browser tests (test/e2e/dashboard*.test.ts) each set up the same way:
// the app on a free port with the desk's accounts, commenters posting through the public API,
// a page in its own context, sign-in through the form, the console watched, and axe-core.
// Each test keeps its own assertions; these only set the stage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { Accounts } from '../../src/core/accounts/accounts.ts';
import { call, type Who } from './admin-session.ts';
import { comment, testApp, type TestApp } from './app.ts';

/** The desk's admin; every dashboard test signs in as them. */
export const EMAIL = 'desk@example.com';
export const PASSWORD = 'a long enough moderator password';
/** A moderator of the same site, for what an admin sees and a moderator does not. */
export const MODERATOR = 'night-desk@example.com';
/** Two links from a newcomer: the filter holds it for a moderator. */
export const HELD_BODY =
  'Both agencies reported it: https://a.example/report and https://b.example/story, worth comparing.';
/** The desktop window every test but the phone checks uses. */
export const DESKTOP = { width: 1100, height: 900 };

/**
 * A test app served on 127.0.0.1 (a free port) for the browser, with EMAIL as the site's admin
 * (and MODERATOR as a moderator if asked); closed after the test. Flood control is off by
 * default: the tests post many comments in a row.
 */
export async function serveDashboard(
  t: TestContext,
  opts: { env?: Record<string, string>; app?: Parameters<typeof testApp>[1]; moderator?: boolean } = {},
): Promise<{ h: TestApp; url: string }> {
  const h = await testApp(opts.env ?? { PARLEY_FLOOD_SECONDS: '0' }, opts.app);
  t.after(() => h.close());
  const accounts = new Accounts({ store: h.store, clock: h.clock });
  await accounts.grant(EMAIL, PASSWORD, h.siteId, 'admin');
  if (opts.moderator) await accounts.grant(MODERATOR, PASSWORD, h.siteId, 'moderator');
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  return { h, url: `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}` };
}

/** Posts a comment (the `comment()` defaults plus `fields`) from `remoteAddress`, to the default site or `site`. */
export function postComment(h: TestApp, remoteAddress: string, fields: Record<string, unknown>, site?: string) {
  return h.app.inject({
    method: 'POST',
    url: `/api/v1/comments${site ? `?site=${site}` : ''}`,
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(comment(fields)),
  });
}

/**
 * Numbered commenters: each call posts as a new Reader n (readern@example.com, from
 * 198.51.100.n), so no comment is judged by an earlier one's author. `body` may use n. Returns
 * the response: what the filter should decide is the caller's assertion.
 */
export function commenters(h: TestApp) {
  let n = 0;
  return (body: string | ((n: number) => string), opts: { extra?: Record<string, unknown>; site?: string } = {}) => {
    n++;
    return postComment(
      h,
      `198.51.100.${n}`,
      {
        name: `Reader ${n}`,
        email: `reader${n}@example.com`,
        body: typeof body === 'string' ? body : body(n),
        ...opts.extra,
      },
      opts.site,
    );
  };
}

/** The new comment's id, once the server took it (published, 201, or held, 202). */
export function accepted(res: Awaited<ReturnType<typeof postComment>>): string {
  assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
  return res.json().id as string;
}

/** A moderation action through the API as `who`: how tests fill the queues before the browser looks. */
export async function act(h: TestApp, who: Who, id: string, action: string): Promise<void> {
  const res = await call(h, who, 'POST', `/admin/api/sites/${h.siteId}/comments/${id}/actions`, { action });
  assert.equal(res.statusCode, 200, res.body);
}

/** A page in a fresh context (DESKTOP unless `options` say otherwise; 15 s for any wait), closed after the test. */
export async function openPage(
  t: TestContext,
  browser: Browser,
  options: BrowserContextOptions = { viewport: DESKTOP },
): Promise<Page> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  t.after(() => context.close());
  return context.newPage();
}

/**
 * Collects page errors and console errors, except the HTTP statuses the test provokes on
 * purpose (`expected`, e.g. 401 before signing in); a test ends by asserting the list is empty.
 */
export function watchProblems(page: Page, expected: number[]): string[] {
  const provoked = new RegExp(`status of (${expected.join('|')}) `);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !provoked.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** Opens the dashboard and signs in through its form, as a person would; the caller waits for what it expects next. */
export async function signIn(page: Page, url: string, email = EMAIL, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical problems on the page as it is now, one line each. The page's
 * context must bypass the CSP: axe is injected as a script of its own.
 */
export async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe.run;
    return run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target)).slice(0, 300)}`);
}
