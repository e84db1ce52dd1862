// Atom feeds of the latest published comments: of one thread, and of a whole site. Public and
// cacheable like thread reads (the same Cache-Control; an ETag, If-None-Match answered 304):
// a thread's feed is named by the thread's stored version, which every visible change bumps,
// so a revalidation costs one indexed lookup on any server of a cluster; a site's feed, which
// has no such version, by a hash of its text.
import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SiteContext } from '../../../core/comments/comment-service.ts';
import { CommentFeeds, type FeedEntry } from '../../../core/feeds/comment-feeds.ts';
import type { AppContext } from '../../app-context.ts';
import { renderAtom } from '../../pages/atom.ts';
import { FEED_WORDS, siteFeedPath, threadFeedPath } from '../../pages/feed-links.ts';
import { resolveSite } from '../../request-site.ts';
import { one, type Query } from '../public/query.ts';
import { PUBLIC_CACHE } from '../public/threads.routes.ts';
import { standaloneUrl } from './section-page.ts';

const ATOM = 'application/atom+xml; charset=utf-8';
// Bumped when the feeds' shape changes, so an upgrade never answers 304 for an old document.
const FEED_FORMAT = 1;

const short = (text: string) => hash('sha1', text, 'base64url').slice(0, 16);

export function feedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const feeds = new CommentFeeds({ store: ctx.store });
  const base = ctx.config.publicUrl;
  const host = new URL(base).hostname;
  /** Where a thread's comments are read: the article, else this server's page of the thread. */
  const pageOf = (site: SiteContext, t: { key: string; url: string | null }) =>
    t.url ?? `${base}${standaloneUrl(t.key, site.site.id)}`;
  const linkTo = (site: SiteContext) => (e: FeedEntry) => `${pageOf(site, e.thread)}#comment-${e.id}`;

  app.get('/feeds/threads.atom', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Query;
    const raw = one(q, 'thread', 'en', true)!;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, thread: raw, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const { key, thread } = await feeds.findThread(site, raw);
    const named = `${thread?.id ?? 'none'}.${thread?.version ?? 0}.${short(`${site.lang}|${base}`)}`;
    if (notModified(req, reply, `W/"atom.${FEED_FORMAT}.${named}"`)) return reply.code(304).send();
    const title = thread?.title ?? key;
    const body = renderAtom({
      id: `${base}${threadFeedPath(site.site.id, key)}`,
      self: `${base}${threadFeedPath(site.site.id, key)}`,
      title: `${FEED_WORDS[site.lang].latest}: ${title}`,
      alternate: pageOf(site, { key, url: thread?.url ?? null }),
      lang: site.lang,
      emptyUpdated: thread?.created_at ?? site.site.created_at,
      host,
      entries: await feeds.threadEntries(thread),
      entryTitle: (e) => e.authorName,
      entryLink: linkTo(site),
    });
    return reply.type(ATOM).send(body);
  });

  app.get('/feeds/site.atom', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Query;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const body = renderAtom({
      id: `${base}${siteFeedPath(site.site.id)}`,
      self: `${base}${siteFeedPath(site.site.id)}`,
      title: `${FEED_WORDS[site.lang].latest}: ${site.site.name}`,
      alternate: site.site.origins[0] ?? null,
      lang: site.lang,
      emptyUpdated: site.site.created_at,
      host,
      entries: await feeds.siteEntries(site),
      entryTitle: (e) => `${e.authorName} · ${e.thread.title ?? e.thread.key}`,
      entryLink: linkTo(site),
    });
    if (notModified(req, reply, `W/"atom.${FEED_FORMAT}.${short(body)}"`)) return reply.code(304).send();
    return reply.type(ATOM).send(body);
  });
}

/** Sets the validators every answer carries; true when the client's copy is still good. */
function notModified(req: FastifyRequest, reply: FastifyReply, tag: string): boolean {
  reply.header('etag', tag).header('cache-control', PUBLIC_CACHE);
  return req.headers['if-none-match'] === tag;
}
