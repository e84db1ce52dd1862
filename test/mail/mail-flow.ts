// What the mail tests share: an app wired to a real SMTP server, readers posting with or
// without notifications, the links in received mails, and the raw header lines of a message.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/core/ports.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { type BuildOptions, buildApp } from '../../src/server/app.ts';
import { loadSecrets } from '../../src/store/open-store.ts';
import type { TestApp } from '../helpers/app.ts';
import { comment, testApp } from '../helpers/app.ts';
import { type Received, startSmtp } from '../helpers/smtp.ts';

export const PUBLIC_URL = 'https://comments.news.example.com';
export const FROM = 'News comments <comments@news.example.com>';

export function mailEnv(smtpUrl: string): Record<string, string> {
  return {
    PARLEY_SMTP_URL: smtpUrl,
    PARLEY_MAIL_FROM: FROM,
    PARLEY_SMTP_HELO: 'parley.test',
    PARLEY_PUBLIC_URL: PUBLIC_URL,
  };
}

let ip = 1;
/** Posts as `email` from a fresh network (flood control is per network and address; the clock moves past it). */
export async function postAs(
  t: TestApp,
  email: string,
  fields: Record<string, unknown> = {},
  from = `198.51.100.${ip++ % 250}`,
): Promise<{ id: string; status: string }> {
  t.clock.advance(20_000);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    remoteAddress: from,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(comment({ name: email.split('@')[0], email, body: `Comment ${ip++}.`, ...fields })),
  });
  assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
  return res.json();
}

/** The first link to `path` in a mail's text part. */
export function link(r: Received, path: string): string {
  const m = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}${path}\\?t=([^\\s>]+)`).exec(r.mail.text ?? '');
  assert.ok(m, `no ${path} link in:\n${r.mail.text}`);
  return m[0].slice(PUBLIC_URL.length);
}

/** Header lines as sent (unfolded), by lower-case name; the first of each. */
export function rawHeaders(raw: Buffer): Map<string, string> {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/)[0];
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

/** Sends what is due now, as the timer would. */
export async function flush(t: TestApp): Promise<void> {
  // Replies published so far are told first (the notifier would after its short delay).
  await t.app.parley.replies.run();
  await t.app.parley.mailSender!.run();
}

/**
 * An app with mail to a real SMTP server and one reader who asked to hear of replies to her
 * comment and confirmed it: the start of every reply-mail test. Closed with the test.
 */
export async function withConfirmedFollower(
  t: { after(fn: () => Promise<void>): void },
  build: Partial<BuildOptions> = {},
) {
  const smtp = await startSmtp();
  const app = await testApp(mailEnv(smtp.url), { build: { mailPollMs: 0, ...build } });
  t.after(async () => {
    await app.close();
    await smtp.close();
  });
  const follower = 'anne.reader@example.org';
  const parent = (await postAs(app, follower, { notify: true })).id;
  await flush(app);
  const [confirm] = await smtp.waitFor(1);
  assert.equal((await app.app.inject({ method: 'POST', url: link(confirm, '/mail/confirm') })).statusCode, 200);
  return { smtp, app, follower, parent };
}

/**
 * Another server on `t`'s database through its own store (a second server of a cluster, or the
 * next one after a restart), its outbox timer off: a test runs its sender.
 */
export async function otherServer(t: TestApp, store: Store): Promise<FastifyInstance> {
  return buildApp({
    config: t.config,
    store,
    clock: t.clock,
    secrets: await loadSecrets(store),
    render: renderComment,
    logger: false,
    mailPollMs: 0,
  });
}
