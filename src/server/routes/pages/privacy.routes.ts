// "Learn how your comment data is processed": generated from the running configuration and
// each site's settings, so the page states what this install really does.
import type { FastifyInstance } from 'fastify';
import { escapeHtml as e } from '../../../render/escape.ts';
import { DEFAULT_CHECKS } from '../../../spam/pipeline.ts';
import { DISCARD_LOG_SIZE } from '../../../core/comments/comment-service.ts';
import type { AppContext } from '../../app-context.ts';
import { layout, PAGE_CSP } from '../../pages/layout.ts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.ts';
import type { SiteRow } from '../../../core/records.ts';
import { one, type Query } from '../public/query.ts';
import { CONFIRM_TOKEN_MS } from '../../../core/mail/mail-tokens.ts';
import { MAIL_LOG_DAYS, SUBSCRIPTION_IDLE_DAYS } from '../../../core/jobs/retention.ts';

export function privacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/privacy', { config: { public: true, html: true } }, async (req, reply) => {
    const site = await visitedSite(req, ctx);
    const sites = site ? [site] : [];
    const durability =
      ctx.config.sqliteSynchronous === 'full'
        ? 'written to disk (fsync) before we confirm it'
        : 'committed before we confirm it';
    const perSite = sites
      .map((s) => {
        const c = ctx.sites.context(s);
        const st = c.settings;
        return (
          `<h3>${e(s.name)}</h3><ul>` +
          `<li>Pre-moderation: ${st.premoderation === 'all' ? 'every comment is reviewed before it appears' : st.premoderation === 'links' ? 'comments containing links are reviewed before they appear' : `comments appear at once unless they contain ${st.maxLinks} or more links`}.</li>` +
          `<li>Flood control: ${st.floodSeconds > 0 ? `one comment per ${st.floodSeconds} seconds per network address and per email address` : 'off'}.</li>` +
          `<li>You can edit or delete your comment for ${st.editWindowMinutes} minutes after posting, from the same browser.</li>` +
          `<li>IP hashes and browser identification (user agent) are erased ${st.ipRetentionDays === 0 ? 'at the next daily purge' : `${st.ipRetentionDays} days after posting`}.</li>` +
          `<li>Comments held for moderation or judged spam that are never published are deleted ${st.spamRetentionDays} days after posting.</li>` +
          `<li>A comment the filter finds blatant spam is not published and is kept in a review log of at most ${DISCARD_LOG_SIZE} entries for ${st.spamRetentionDays} days. When a moderator marks a comment spam or not spam, its text is kept for the filter to learn from for ${st.spamRetentionDays} days; after that only the learned word weights remain, not the text.</li>` +
          `</ul>`
        );
      })
      .join('');
    const off = new Set(ctx.config.spamDisabledChecks);
    const checks = DEFAULT_CHECKS.filter((c) => !off.has(c.name))
      .map((c) => `<li>${e(c.explained)}</li>`)
      .join('');
    const body =
      `<article class="privacy"><h1>How your comment data is processed</h1>` +
      `<p>This page is generated from the running configuration of this comment server (Parley); it changes when the settings change.</p>` +
      `<h2>What we keep when you comment</h2><ul>` +
      `<li><strong>Name</strong> and <strong>comment</strong>: published under the article.</li>` +
      `<li><strong>Website</strong> (optional): published as a link on your name.</li>` +
      `<li><strong>Email address</strong>: required, <strong>never published</strong>, never shown to other readers, not even as a hash. Your picture is drawn from a keyed hash of your email that is different on every site and cannot be turned back into the address; no picture service such as Gravatar is contacted.</li>` +
      `<li><strong>IP address</strong>: never stored. We keep only a keyed hash of your network (your IPv4 address, or the /64 network of an IPv6 address) to stop floods and abuse.</li>` +
      `<li><strong>Browser identification</strong> (user agent): kept with the comment to help spot spam.</li>` +
      `<li>A hash of the edit key given to your browser, so you can change or remove your comment for a short while.</li></ul>` +
      notificationsSection(ctx.notifications.enabled) +
      `<h2>Spam filtering</h2><p>Spam filtering happens on this server; nothing about you or your comment is sent to any other company. The filter looks at:</p><ul>${checks}</ul>` +
      `<h2>Per site</h2>${perSite || '<p>No site is configured yet.</p>'}` +
      `<h2>In your browser</h2><ul>` +
      `<li>The comment section sets no cookies. When you post through it, the key that lets you edit or delete your comment (and see it while it awaits moderation) is kept in this tab’s session storage, and is gone when the tab closes or the edit time ends.</li>` +
      `<li>Your name, email address and website are kept in this browser’s local storage only if you tick “Save my name, email, and website in this browser for the next time I comment”; posting with the box unticked erases them. Scripts of the news site’s own page can read what is kept there.</li></ul>` +
      `<h2>Storage and sharing</h2><ul><li>Comments are stored in this server’s own database; each one is ${durability}.</li>` +
      `<li>No third party receives any of your data${ctx.notifications.enabled ? ' (except the mail relay, for the emails you ask for)' : ''}: no analytics, no advertising, no external fonts or scripts. The comment section sets no cookies.</li>` +
      `<li>Server logs record the request path and status, never your IP address, email or query strings.</li></ul></article>`;
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .send(
        layout({
          title: 'How your comment data is processed',
          body,
          lang: 'en',
          header: `<header class="masthead"><a href="/">Parley</a></header>`,
        }),
      );
  });
}

/** What the reply emails keep, or that none are sent. */
function notificationsSection(enabled: boolean): string {
  if (!enabled)
    return `<h2>Email notifications</h2><p>This server sends no email: your address is never written to.</p>`;
  return (
    `<h2>Email notifications</h2><ul>` +
    `<li>Only if you tick “Notify me of replies by email” (replies to your comment, or everything new in the thread, as you choose): we send one email asking you to confirm; nothing else is sent until you do. An unconfirmed request is deleted after ${CONFIRM_TOKEN_MS / 3_600_000} hours.</li>` +
    `<li>Once confirmed, we keep your address and what you follow until you unsubscribe (a link in every email, one click), or for ${SUBSCRIPTION_IDLE_DAYS} days without activity. Moderators can see that your address is confirmed.</li>` +
    `<li>A log of the emails sent to you (subject, time, delivery result) is kept for ${MAIL_LOG_DAYS} days, then deleted. The emails carry no tracking images and no other reader’s address.</li>` +
    `<li>Emails are handed to this site’s mail relay, which learns your address to deliver them.</li></ul>`
  );
}

/**
 * The one site whose page the reader came from: named by ?site=, else the Referer's origin,
 * else the install's default. Other sites of the install, and every site's origins, stay
 * private (a newsroom's staging domains or sister titles are not readers' business).
 */
async function visitedSite(req: FastifyRequest, ctx: AppContext): Promise<SiteRow | undefined> {
  const id = one(req.query as Query, 'site', 'en');
  if (id) {
    const named = await ctx.sites.byId(id);
    if (!named) throw new AppError('SITE_NOT_FOUND');
    return named;
  }
  const referer =
    typeof req.headers.referer === 'string' && URL.canParse(req.headers.referer)
      ? new URL(req.headers.referer).origin
      : null;
  return (referer ? await ctx.sites.byOrigin(referer) : undefined) ?? (await ctx.sites.defaultSite());
}
