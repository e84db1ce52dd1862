// Public reads: a thread page, more replies, comment counts. Cacheable by a CDN (ETag,
// stale-while-revalidate) except an author's own view of a held comment.
import { hash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import type { ThreadPage, CountsResponse } from '../../../contracts/api.ts';
import type { ThreadRow } from '../../../core/ports.ts';
import { resolveSite } from '../../request-site.ts';
import { int, many, one, sortParam, type Query } from './query.ts';

export const PUBLIC_CACHE = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';
// Bumped when the shape of a page changes, so an upgrade never revalidates an old page.
const PAGE_FORMAT = 1;

export function threadsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/threads', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Query;
    const thread = one(q, 'thread', 'en', true)!;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, thread, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const cursor = one(q, 'cursor', site.lang);
    const limit = int(q, 'limit', site.lang, 1, 200);
    const sort = sortParam(q, site.lang);
    const viewToken = one(q, 'viewToken', site.lang);

    if (viewToken) {
      const page = await ctx.comments.threadPage(site, thread, { cursor, limit, sort, viewToken });
      return reply.header('cache-control', 'private, no-store').send(page);
    }
    const key = ctx.comments.parseThread(thread, site.lang);
    const variant = `${sort}|${cursor ?? ''}|${limit ?? ''}`;
    let entry = ctx.cache.get(site.site.id, key, variant);
    if (!entry) {
      const version = ctx.cache.version(site.site.id, key);
      // The ETag names the thread's stored version (bumped in the same transaction as any
      // visible change), the page asked for and the site's settings: a revalidation costs one
      // indexed lookup and is right on every server of a cluster.
      const etag = (t: ThreadRow | undefined) =>
        `W/"${PAGE_FORMAT}.${t?.id ?? 'none'}.${t?.version ?? 0}.${hash('sha1', `${variant}|${site.site.settings}|${site.site.lang}`, 'base64url').slice(0, 12)}"`;
      let read: { thread: ThreadRow | undefined; page: ThreadPage };
      if (req.headers['if-none-match'] !== undefined) {
        const found = await ctx.comments.findThread(site, thread);
        const tag = etag(found.thread);
        if (req.headers['if-none-match'] === tag)
          return reply.code(304).header('etag', tag).header('cache-control', PUBLIC_CACHE).send();
        read = {
          thread: found.thread,
          page: await ctx.comments.threadPage(site, thread, { cursor, limit, sort, found }),
        };
      } else {
        // Nothing to revalidate: the thread row comes with the page, in one database request.
        read = await ctx.comments.readThread(site, thread, { cursor, limit, sort });
      }
      entry = ctx.cache.set(site.site.id, key, variant, version, JSON.stringify(read.page), etag(read.thread));
    }
    reply.header('etag', entry.etag).header('cache-control', PUBLIC_CACHE);
    if (req.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(entry.body);
  });

  app.get('/api/v1/replies', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Query;
    const site = await resolveSite(req, reply, ctx.sites, { write: false, site: one(q, 'site', 'en') });
    req.parleyLang = site.lang;
    const comment = one(q, 'comment', site.lang, true)!;
    const page = await ctx.comments.moreReplies(
      site,
      comment,
      one(q, 'cursor', site.lang),
      int(q, 'limit', site.lang, 1, 200),
    );
    return reply.header('cache-control', PUBLIC_CACHE).send(page);
  });

  app.get('/api/v1/counts', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Query;
    const threads = many(q, 'thread', 'en', 200);
    const site = await resolveSite(req, reply, ctx.sites, {
      write: false,
      thread: threads[0],
      site: one(q, 'site', 'en'),
    });
    req.parleyLang = site.lang;
    const answer: CountsResponse = { counts: await ctx.comments.counts(site, threads) };
    return reply.header('cache-control', PUBLIC_CACHE).send(answer);
  });
}
