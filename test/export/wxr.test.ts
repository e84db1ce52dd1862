// A seeded site exported as WXR 1.2, on both databases: a well-formed XML document (read back
// with a strict reader) of the shape WordPress's export_wp() writes, one post per thread with
// its comments, statuses as WordPress spells them, replies pointing at their parents' numbers,
// the rendered HTML as content, and a `]]>` in a name split as wxr_cdata() splits it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiBackends, testApp, type TestApp } from '../helpers/app.ts';
import { exportTo, HOSTILE_NAME, type Seeded, seedSite, THREADS } from '../helpers/export-fixture.ts';
import { child, childrenNamed, parseXml, textOf, type XmlElement } from '../helpers/xml.ts';

const APPROVED: Record<string, string> = { approved: '1', pending: '0', spam: 'spam', deleted: 'trash' };
const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const field = (el: XmlElement, name: string) => textOf(child(el, name));

for (const backend of await apiBackends()) {
  describe(`a site exported as WordPress WXR (${backend})`, () => {
    let t: TestApp;
    let seeded: Seeded;
    let dir: string;
    let text: string;
    before(async () => {
      t = await testApp({ PARLEY_FLOOD_SECONDS: '0' }, { backend });
      seeded = await seedSite(t);
      dir = mkdtempSync(join(tmpdir(), 'parley-wxr-'));
      await exportTo(t, 'wxr', join(dir, 'site.xml'));
      text = readFileSync(join(dir, 'site.xml'), 'utf8');
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('an RSS 2.0 document with the WXR 1.2 namespaces and channel fields', () => {
      const rss = parseXml(text);
      assert.deepEqual([rss.name, rss.attrs.version], ['rss', '2.0']);
      assert.deepEqual(
        ['wp', 'excerpt', 'content', 'dc'].map((p) => rss.attrs[`xmlns:${p}`]),
        [
          'http://wordpress.org/export/1.2/',
          'http://wordpress.org/export/1.2/excerpt/',
          'http://purl.org/rss/1.0/modules/content/',
          'http://purl.org/dc/elements/1.1/',
        ],
      );
      const channel = child(rss, 'channel');
      assert.deepEqual(
        ['title', 'link', 'wp:wxr_version', 'wp:base_site_url', 'language'].map((n) => field(channel, n)),
        ['Test news', 'https://news.example.com', '1.2', 'https://news.example.com', 'en'],
      );
      assert.match(field(channel, 'pubDate'), /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/);
    });

    test('one post per thread with its comments, statuses, parents, dates and HTML as WordPress reads them', () => {
      const items = childrenNamed(child(parseXml(text), 'channel'), 'item');
      assert.deepEqual(
        items.map((i) => [field(i, 'title'), field(i, 'wp:post_id'), field(i, 'wp:post_type'), field(i, 'wp:status')]),
        THREADS.map((th, n) => [th.title, String(n + 1), 'post', 'publish']),
      );
      assert.deepEqual(
        items.map((i) => [field(i, 'link'), field(i, 'wp:comment_status')]),
        seeded.threads.map((th) => [th.key.startsWith('https:') ? th.key : '', th.closed ? 'closed' : 'open']),
      );
      const numbers = new Map<string, string>();
      const seen: string[] = [];
      for (const [n, item] of items.entries()) {
        const threadComments = seeded.comments.filter((c) => c.thread_id === seeded.threads[n].id);
        const comments = childrenNamed(item, 'wp:comment');
        assert.equal(comments.length, threadComments.length, `comments of thread ${n}`);
        for (const el of comments) {
          const meta = child(el, 'wp:commentmeta');
          assert.equal(field(meta, 'wp:meta_key'), 'parley_comment_id');
          const c = threadComments.find((x) => x.id === field(meta, 'wp:meta_value'))!;
          numbers.set(c.id, field(el, 'wp:comment_id'));
          seen.push(c.id);
          assert.deepEqual(
            [
              'wp:comment_author',
              'wp:comment_author_email',
              'wp:comment_author_url',
              'wp:comment_author_IP',
              'wp:comment_date',
              'wp:comment_date_gmt',
              'wp:comment_content',
              'wp:comment_approved',
              'wp:comment_type',
              'wp:comment_parent',
              'wp:comment_user_id',
            ].map((name) => field(el, name)),
            [
              c.author_name,
              c.author_email,
              c.author_website ?? '',
              '',
              wpDate(c.created_at),
              wpDate(c.created_at),
              c.body_html,
              APPROVED[c.status],
              'comment',
              c.parent_id ? numbers.get(c.parent_id)! : '0',
              '0',
            ],
            `comment ${c.id}`,
          );
        }
      }
      assert.deepEqual(seen.sort(), seeded.comments.map((c) => c.id).sort());
      assert.deepEqual(
        [...numbers.values()].map(Number).sort((a, b) => a - b),
        seeded.comments.map((_, i) => i + 1),
      );
    });

    test('a "]]>" in a name is split across two CDATA sections, as wxr_cdata() does', () => {
      assert.ok(text.includes('<![CDATA[Reader ]]]]><![CDATA[><b>7</b> & <![CDATA[ co]]>'));
      assert.ok(text.includes(`<wp:comment_author>${'<![CDATA[Reader ]]]]><![CDATA[>'}`));
      assert.ok(seeded.comments.some((c) => c.author_name === HOSTILE_NAME));
      for (const c of seeded.comments) if (c.ip_hash) assert.equal(text.includes(c.ip_hash), false);
    });
  });
}

test('the XML reader these tests trust refuses what a conforming parser refuses (negative control)', () => {
  for (const bad of [
    '<a><b></a></b>',
    '<a>&nbsp;</a>',
    '<a>x ]]> y</a>',
    '<a>\u0001</a>',
    '<a b=1/>',
    '<a b="1" b="2"/>',
    '<a></a><b/>',
    '<a>AT&T</a>',
    '<a><!-- a -- b --></a>',
    '<a><![CDATA[open</a>',
    '<a>',
  ])
    assert.throws(() => parseXml(bad), Error, bad);
  const ok = parseXml('<?xml version="1.0"?>\n<a x="&lt;1&#x263A;"><![CDATA[<b>]]]]><![CDATA[>]]>&amp;</a>\n');
  assert.deepEqual([ok.attrs.x, textOf(ok)], ['<1☺', '<b>]]>&']);
});
