// The Atom feeds of a thread's and a site's latest comments, on SQLite and PostgreSQL: only
// published comments; never an email, a hash of one (the avatar included) or an IP hash;
// well-formed Atom 1.0 read back with a strict XML reader; hostile names, titles and bodies
// (from the shared security corpora) escaped, round-tripping to what readers see; ETag and 304
// like thread reads; named by <link rel="alternate"> on the server-rendered pages.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sanitizeHtml } from '../../src/render/sanitize.ts';
import { apiBackends, ARTICLE, comment, testApp, type TestApp } from '../helpers/app.ts';
import { requireShared } from '../helpers/shared-data.ts';
import { child, childrenNamed, parseXml, textOf, type XmlElement } from '../helpers/xml.ts';

const SECRET = 'Feed.Secret+reader@Example.org';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const feedUrl = (thread: string) => `/feeds/threads.atom?thread=${encodeURIComponent(thread)}`;

/** Checks what RFC 4287 asks of a feed and its entries; returns the entries. */
function atomEntries(xml: string): XmlElement[] {
  const feed = parseXml(xml);
  assert.deepEqual([feed.name, feed.attrs.xmlns], ['feed', 'http://www.w3.org/2005/Atom']);
  assert.ok(textOf(child(feed, 'id')));
  assert.ok(textOf(child(feed, 'title')));
  assert.match(textOf(child(feed, 'updated')), RFC3339);
  const self = childrenNamed(feed, 'link').find((l) => l.attrs.rel === 'self');
  assert.match(self?.attrs.href ?? '', /^http:\/\/localhost:\d+\/feeds\/(threads|site)\.atom\?site=/);
  const entries = childrenNamed(feed, 'entry');
  for (const e of entries) {
    assert.match(textOf(child(e, 'id')), /^tag:localhost,\d{4}-\d\d-\d\d:comment\/[0-9A-Z]{26}$/);
    assert.ok(childrenNamed(e, 'title').length === 1);
    assert.match(textOf(child(e, 'updated')), RFC3339);
    assert.match(textOf(child(e, 'published')), RFC3339);
    assert.ok(textOf(child(child(e, 'author'), 'name')));
    assert.equal(child(e, 'content').attrs.type, 'html');
    assert.match(child(e, 'link').attrs.href, /#comment-[0-9A-Z]{26}$/);
  }
  return entries;
}
const commentIdOf = (e: XmlElement) => textOf(child(e, 'id')).split('/').pop()!;

for (const backend of await apiBackends()) {
  describe(`Atom feeds of the latest comments (${backend})`, () => {
    let t: TestApp;
    let n = 0;
    const post = async (fields: Record<string, unknown>) => {
      n++;
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/comments',
        remoteAddress: `192.0.2.${n}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(comment({ email: SECRET, name: `Reader ${n}`, ...fields })),
      });
    };
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend, demo: true });
    });
    after(() => t.close());

    test('only published comments; no email, email hash, avatar or IP hash', async () => {
      const published = (await post({ body: 'Published and shown.', website: 'https://reader.example' })).json().id;
      const reply = (await post({ body: 'A published reply.', parent: published })).json().id;
      const held = await post({
        body: 'Both agencies reported it: https://a.example/report and https://b.example/story.',
      });
      assert.equal(held.statusCode, 202);
      const removed = (await post({ body: 'Removed later.' })).json().id;
      await t.store.updateComment(removed, { status: 'deleted' });
      const spam = (await post({ body: 'Spam later.' })).json().id;
      await t.store.updateComment(spam, { status: 'spam' });

      const forbidden = new Set<string>();
      for (const e of [SECRET, SECRET.toLowerCase()]) {
        forbidden.add(e);
        forbidden.add(encodeURIComponent(e));
        for (const algo of ['md5', 'sha1', 'sha256']) forbidden.add(createHash(algo).update(e).digest('hex'));
      }
      for (const id of [published, reply, held.json().id, removed, spam]) {
        const row = (await t.store.getComment(id))!;
        if (row.ip_hash) forbidden.add(row.ip_hash);
        forbidden.add(row.avatar);
      }
      for (const url of [feedUrl(ARTICLE), '/feeds/site.atom']) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
        const text = `${JSON.stringify(res.headers)}${res.body}`.toLowerCase();
        for (const needle of forbidden)
          assert.equal(text.includes(needle.toLowerCase()), false, `${url} leaks ${needle}`);
        assert.deepEqual(atomEntries(res.body).map(commentIdOf), [reply, published], url);
      }
    });

    test('hostile names, titles and bodies are escaped and read back as readers see them', async (ctx) => {
      const shared = requireShared(ctx);
      if (!shared) return;
      const dir = join(shared, 'data/security');
      const payloads = [
        ...readFileSync(join(dir, 'payloadbox-xss/xss-payload-list.txt'), 'utf8').split('\n').slice(0, 12),
        ...(JSON.parse(readFileSync(join(dir, 'blns/blns.json'), 'utf8')) as string[]).filter((s) => s).slice(80, 92),
        ']]><script>alert(1)</script>',
        '&amp; &lt;b&gt; &#0; &bogus;',
      ].filter((p) => p.trim());
      const thread = 'https://news.example.com/2026/12/hostile';
      const stored = new Map<string, { name: string; html: string }>();
      for (const [i, p] of payloads.entries()) {
        const res = await post({ thread, title: `${p} <title>`, name: p.slice(0, 100), body: `${p}\n\n${i}` });
        if (res.statusCode >= 400) continue;
        const row = (await t.store.getComment(res.json().id))!;
        if (row.status === 'approved') stored.set(row.id, { name: row.author_name, html: row.body_html });
      }
      assert.ok(stored.size >= 10, `${stored.size} hostile comments published`);
      for (const url of [feedUrl(thread), '/feeds/site.atom']) {
        const res = await get(url);
        const entries = atomEntries(res.body);
        // No markup of theirs in the document itself, nor in the HTML a feed reader will show.
        assert.doesNotMatch(res.body, /<(script|img|image|svg|iframe)\b/i);
        for (const e of entries) {
          const html = textOf(child(e, 'content'));
          assert.doesNotMatch(html, /<(script|img|image|svg|iframe)\b|<[^>]*\son\w+\s*=/i, html);
          const want = stored.get(commentIdOf(e));
          if (!want) continue;
          assert.equal(textOf(child(child(e, 'author'), 'name')), want.name.replace(NOT_XML, ''));
          assert.equal(textOf(child(e, 'content')), sanitizeHtml(want.html).replace(NOT_XML, ''));
        }
      }
      const title = textOf(child(parseXml((await get(feedUrl(thread))).body), 'title'));
      assert.ok(title.startsWith('Latest comments: ') && title.endsWith(' <title>'), title);
    });

    test('ETag and Cache-Control as thread reads; If-None-Match answers 304 until something changes', async () => {
      for (const url of [feedUrl(ARTICLE), '/feeds/site.atom']) {
        const first = await get(url);
        const etag = String(first.headers.etag);
        assert.match(etag, /^W\/"atom\.1\./);
        assert.equal(first.headers['cache-control'], 'public, max-age=0, s-maxage=5, stale-while-revalidate=30');
        const again = await get(url, { 'if-none-match': etag });
        assert.deepEqual([again.statusCode, again.body, again.headers.etag], [304, '', etag], url);
        assert.equal(again.headers['cache-control'], first.headers['cache-control']);
      }
      const before = await Promise.all([feedUrl(ARTICLE), '/feeds/site.atom'].map((u) => get(u)));
      await post({ body: 'Something new.' });
      for (const [i, url] of [feedUrl(ARTICLE), '/feeds/site.atom'].entries()) {
        const res = await get(url, { 'if-none-match': String(before[i].headers.etag) });
        assert.equal(res.statusCode, 200, url);
        assert.notEqual(res.headers.etag, before[i].headers.etag);
        assert.ok(res.body.includes('Something new.'));
      }
    });

    test('a thread with no comments yet is an empty feed; a bad thread is a 422', async () => {
      const empty = await get(feedUrl('https://news.example.com/not-yet'));
      assert.equal(empty.statusCode, 200);
      assert.deepEqual(atomEntries(empty.body), []);
      const bad = await get(feedUrl('not a url or key'));
      assert.deepEqual([bad.statusCode, bad.json().error.code], [422, 'VALIDATION']);
      assert.equal((await get('/feeds/threads.atom')).statusCode, 422);
    });

    test('the thread pages and the demo newsroom name their feeds in <head>', async () => {
      const alternates = (html: string) =>
        [...html.matchAll(/<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="([^"]+)">/g)].map(
          (m) => m[1].replaceAll('&amp;', '&'),
        );
      const site = `/feeds/site.atom?site=${t.siteId}`;
      const threadFeed = `/feeds/threads.atom?site=${t.siteId}&thread=${encodeURIComponent(ARTICLE)}`;
      const standalone = await get(`/comments?thread=${encodeURIComponent(ARTICLE)}`);
      assert.deepEqual(alternates(standalone.body), [threadFeed, site]);
      const article = `${t.config.publicUrl}/news/france-russia-syria`;
      const demo = await get('/news/france-russia-syria');
      assert.deepEqual(alternates(demo.body), [
        `/feeds/threads.atom?site=${t.siteId}&thread=${encodeURIComponent(article)}`,
        site,
      ]);
      assert.deepEqual(alternates((await get('/')).body), [site]);
      for (const href of [threadFeed, site]) assert.equal((await get(href)).statusCode, 200, href);
    });
  });
}
