// The WordPress WXR reader: our fixture read to the exact items (threads before their comments,
// statuses as WordPress spells them, dates in UTC, bodies with their paragraphs, bad records
// passed on as `invalid` with their line), WordPress's own export of a test site (bare `&`
// included), and files cut short or not WXR at all refused with a line. Our own exporter's WXR
// read back: wxr-roundtrip.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportComment, ImportFormatError, type ImportItem } from '../../src/core/import/source.ts';
import { mysqlDate, originOf, wpCommentHtml, wxrSource } from '../../src/import/formats/wxr.ts';
import { wordpressAmpersands } from '../../src/import/formats/xml-stream.ts';
import { collect, collectUntilError, fixture, kinds, lineOpening } from '../helpers/import-fixtures.ts';

const WXR = fixture('wordpress.wxr');
const at = (id: number) => `line ${lineOpening(WXR, '<wp:comment>', `<wp:comment_id>${id}<`)}, <wp:comment>`;
const itemAt = (postId: number) => `line ${lineOpening(WXR, '<item>', `<wp:post_id>${postId}<`)}, <item>`;
const utc = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-wxr-reader-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function comment(
  c: Partial<ImportComment> & Pick<ImportComment, 'key' | 'threadKey' | 'createdAt' | 'status' | 'author' | 'at'>,
  text: string,
): ImportItem {
  return {
    kind: 'comment',
    comment: { parentKey: null, ip: null, userAgent: null, ...c, body: { format: 'html', text } },
  };
}
const author = (name: string, email: string | null, website: string | null = null) => ({
  name,
  email,
  website,
  sourceId: null,
});

describe('the WordPress reader on our fixture', () => {
  test('yields each thread before its comments, and every comment, unknown field and bad record in file order', async () => {
    const items = await collect(wxrSource(WXR));
    assert.deepEqual(items, [
      { kind: 'origin', origin: 'port.example.fr' },
      {
        kind: 'thread',
        thread: {
          key: '10',
          url: 'https://port.example.fr/2025/04/le-pont-rouvre/',
          title: 'Le pont rouvre enfin',
          createdAt: utc('2025-04-01 08:00:00'),
          at: itemAt(10),
        },
      },
      comment(
        {
          key: '101',
          threadKey: '10',
          createdAt: utc('2025-04-01 09:15:00'),
          status: 'approved',
          author: author('Élodie Marchand', 'elodie@example.fr', 'https://elodie.example.fr/?page=2&lang=fr'),
          ip: '192.0.2.10',
          at: at(101),
        },
        "<p>Enfin ! Vingt minutes de détour chaque matin.</p>\n<p>Merci à l'équipe du chantier 👏</p>",
      ),
      { kind: 'unknown', field: 'wp:commentmeta', at: at(101) },
      comment(
        {
          key: '102',
          threadKey: '10',
          parentKey: '101',
          createdAt: utc('2025-04-01 10:00:00'),
          status: 'approved',
          author: author('Иван Петров', 'ivan@example.ru'),
          ip: '198.51.100.7',
          at: at(102),
        },
        '<p>Спасибо, отличная новость!<br>\nА велодорожку оставили?</p>',
      ),
      comment(
        {
          key: '103',
          threadKey: '10',
          parentKey: '102',
          createdAt: utc('2025-04-01 10:30:00'),
          status: 'approved',
          author: author('redaction', 'redaction@port.example.fr', 'https://port.example.fr'),
          ip: '203.0.113.1',
          at: at(103),
        },
        '<p>Oui : la piste reste, voir <a href="https://port.example.fr/plan">le plan</a>. Code : <code>x]]>y</code></p>',
      ),
      // A comment by a WordPress user: the account has no place in Parley.
      { kind: 'unknown', field: 'wp:comment_user_id', at: at(103) },
      // Three levels deep; no GMT date, so the local one is taken as UTC, and said.
      comment(
        {
          key: '104',
          threadKey: '10',
          parentKey: '103',
          createdAt: utc('2025-04-01 14:05:00'),
          status: 'pending',
          author: author('Sam', null),
          at: at(104),
        },
        '<p>And the third level: <em>deep</em> &amp; nested.</p>',
      ),
      { kind: 'unknown', field: 'wp:comment_date_gmt empty: wp:comment_date read as UTC', at: at(104) },
      // Its website had a bare `&`, as WordPress writes it.
      comment(
        {
          key: '105',
          threadKey: '10',
          createdAt: utc('2025-04-02 01:00:00'),
          status: 'spam',
          author: author('Cheap Pills', 'pills@example.com', 'http://pills.example.com/?buy=now&ref=1'),
          ip: '192.0.2.66',
          at: at(105),
        },
        '<p>Buy now!!!</p>',
      ),
      { kind: 'unknown', field: 'wp:comment_type pingback', at: at(106) },
      // The page without comments yields nothing; the post without a date has none.
      {
        kind: 'thread',
        thread: {
          key: '20',
          url: 'https://port.example.fr/2025/05/budget/',
          title: 'Budget 2025 : le conseil vote',
          createdAt: null,
          at: itemAt(20),
        },
      },
      comment(
        {
          key: '201',
          threadKey: '20',
          createdAt: utc('2025-05-03 08:00:00'),
          status: 'deleted',
          author: author('Troll', 'troll@example.org'),
          ip: '192.0.2.99',
          at: at(201),
        },
        '<p>Ce journal est nul.</p>',
      ),
      comment(
        {
          key: '202',
          threadKey: '20',
          createdAt: utc('2025-05-03 09:00:00'),
          status: 'deleted',
          author: author('Nadia', 'nadia@example.org'),
          ip: '192.0.2.20',
          at: at(202),
        },
        '<p>Where is the full report?</p>',
      ),
      {
        kind: 'invalid',
        message: 'wp:comment_approved "maybe" is not 1, 0, spam, trash or post-trashed',
        at: at(203),
      },
      { kind: 'invalid', message: 'wp:comment_date_gmt "sometime soon" is not a date', at: at(204) },
      { kind: 'unknown', field: 'wp:comment_type trackback', at: at(205) },
    ]);
  });

  test('pingbacks and trackbacks are not comments: each is counted as an unknown comment type', async () => {
    const items = await collect(wxrSource(WXR));
    const types = kinds(items, 'unknown').flatMap((i) =>
      i.kind === 'unknown' && i.field.startsWith('wp:comment_type') ? [i.field] : [],
    );
    assert.deepEqual(types, ['wp:comment_type pingback', 'wp:comment_type trackback']);
    const keys = kinds(items, 'comment').map((i) => (i.kind === 'comment' ? i.comment.key : ''));
    assert.ok(!keys.includes('106') && !keys.includes('205'));
  });

  test('the same file with another prefix for the namespace, or WXR 1.0, reads the same', async () => {
    const text = readFileSync(WXR, 'utf8');
    const renamed = write(
      'prefixed.wxr',
      text
        .replaceAll('wp:', 'wordpress:')
        .replace('xmlns:wp=', 'xmlns:wordpress=')
        .replace('export/1.2/"', 'export/1.0/"'),
    );
    const items = await collect(wxrSource(renamed));
    const comments = kinds(items, 'comment');
    assert.equal(comments.length, 7);
    assert.deepEqual(
      kinds(items, 'thread').map((i) => (i.kind === 'thread' ? i.thread.key : '')),
      ['10', '20'],
    );
  });
});

test('Windows line endings and a byte order mark read the same, lines included', async () => {
  const text = `\uFEFF${readFileSync(WXR, 'utf8').replaceAll('\n', '\r\n')}`;
  assert.deepEqual(await collect(wxrSource(write('windows.wxr', text))), await collect(wxrSource(WXR)));
});

describe("WordPress's own export of the test newsroom (test/fixtures/import/wordpress-real-export.xml)", () => {
  test('reads whole, its bare `&` in a website included, with replies, statuses and a skipped pingback', async () => {
    const items = await collect(wxrSource(fixture('wordpress-real-export.xml')));
    assert.deepEqual(kinds(items, 'invalid'), []);
    const threads = items.flatMap((i) => (i.kind === 'thread' ? [i.thread.url] : []));
    assert.deepEqual(threads, [
      'https://news.example.org/2026/03/harbour-bridge-reopens/',
      'https://news.example.org/2026/03/council-votes-on-the-budget/',
      'https://news.example.org/about-us/',
    ]);
    const comments = items.flatMap((i) => (i.kind === 'comment' ? [i.comment] : []));
    assert.deepEqual(
      comments.map((c) => [c.key, c.parentKey, c.status]),
      [
        ['2', null, 'approved'],
        ['3', '2', 'approved'],
        ['4', '3', 'pending'],
        ['5', null, 'approved'],
        ['7', null, 'deleted'],
        ['9', null, 'approved'],
        ['10', '9', 'approved'],
        ['11', null, 'pending'],
        ['12', null, 'approved'],
      ],
    );
    const zoe = comments.find((c) => c.key === '5');
    assert.equal(zoe?.author.website, 'https://zoe.example.net/?a=1&b=2');
    assert.equal(zoe?.author.name, 'Zoë Ørsted');
    assert.equal(zoe?.body.text, '<p>Très bien 👍 — « enfin ». A < b and "quotes" ]]> survive?</p>');
    assert.ok(items.some((i) => i.kind === 'unknown' && i.field === 'wp:comment_type pingback'));
  });
});

describe('a file the WordPress reader refuses', () => {
  test('cut short: ImportFormatError with the last line, after the items read before the cut', async () => {
    const text = readFileSync(WXR, 'utf8');
    const cut = text.slice(0, text.indexOf('<wp:comment_id>201<'));
    const { items, error } = await collectUntilError(wxrSource(write('cut.wxr', cut)));
    assert.ok(error instanceof ImportFormatError, String(error));
    assert.equal(error.at, `line ${cut.split('\n').length}`);
    assert.match(error.message, /not well-formed XML \(.*\): the file is damaged or cut short/);
    // Everything of the first post was yielded; nothing of the comment being read when it broke.
    assert.equal(kinds(items, 'comment').length, 5);
    assert.ok(!items.some((i) => i.kind === 'comment' && i.comment.threadKey === '20'));
  });

  test('malformed in the middle: the line of the fault', async () => {
    const text = readFileSync(WXR, 'utf8').replace(
      '<wp:comment_parent>101</wp:comment_parent>',
      '<wp:comment_parent>101</wp:parent>',
    );
    const { error } = await collectUntilError(wxrSource(write('broken.wxr', text)));
    assert.ok(error instanceof ImportFormatError);
    assert.equal(error.at, `line ${lineOpening(WXR, '\n', '<wp:comment_parent>101<') + 1}`);
  });

  test('a file that cannot be opened is named plainly; a broken value is shown cut short', async () => {
    const { error } = await collectUntilError(wxrSource(join(dir, 'no-such-file.wxr')));
    assert.ok(error instanceof ImportFormatError);
    assert.deepEqual([error.message, error.at], ['file: cannot read the file (ENOENT)', 'file']);
    const long = 'x'.repeat(5000);
    const text = readFileSync(WXR, 'utf8').replace('<![CDATA[maybe]]>', `<![CDATA[${long}]]>`);
    const items = await collect(wxrSource(write('long.wxr', text)));
    const bad = kinds(items, 'invalid')[0];
    assert.ok(bad.kind === 'invalid' && bad.message.length < 150, JSON.stringify(bad).slice(0, 200));
    assert.match(bad.message, /^wp:comment_approved "x+… is not 1, 0, spam, trash or post-trashed$/);
  });

  test('XML that is not WXR, a file that is not XML, an empty file: refused, saying what it is not', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'disqus.xml',
        readFileSync(fixture('disqus.xml'), 'utf8'),
        /not a WordPress export \(WXR\): the document is <disqus>, not <rss>/,
      ],
      [
        'feed.xml',
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title></channel></rss>\n',
        /<rss> declares no WordPress export namespace/,
      ],
      ['export.json', '{"format":"parley-export"}\n', /not a WordPress export \(WXR\): the file is not XML/],
      ['empty.wxr', '', /not a WordPress export \(WXR\): the file is not XML/],
    ];
    for (const [name, text, message] of cases) {
      const { items, error } = await collectUntilError(wxrSource(write(name, text)));
      assert.ok(error instanceof ImportFormatError, name);
      assert.match(error.message, message, name);
      assert.deepEqual(items, [], name);
    }
    const { error } = await collectUntilError(wxrSource(write('feed.xml', cases[1][1])));
    assert.equal((error as ImportFormatError).at, 'line 2');
  });
});

describe('mending what WordPress writes wrong', () => {
  const repairAll = (text: string, cuts: number[]) => {
    const repair = wordpressAmpersands();
    let out = '';
    let from = 0;
    for (const cut of cuts) {
      out += repair(text.slice(from, cut), false);
      from = cut;
    }
    return out + repair(text.slice(from), true);
  };

  test('a bare & outside CDATA is escaped, entities and CDATA are kept as they are, wherever the chunks end', () => {
    const text =
      '<a href="?x=1&y=2">&amp; &lt; &#38; &#x26; &nbsp;</a><![CDATA[a & b ]]]]><![CDATA[> c\u0008]]>' +
      '<u>https://e.example/?p=1&q=2\u000b</u>\n<![CDATA[&]]>&';
    const expected =
      '<a href="?x=1&amp;y=2">&amp; &lt; &#38; &#x26; &amp;nbsp;</a><![CDATA[a & b ]]]]><![CDATA[> c\u0008]]>' +
      '<u>https://e.example/?p=1&amp;q=2\u000b</u>\n<![CDATA[&]]>&amp;';
    assert.equal(repairAll(text, []), expected);
    for (let i = 0; i <= text.length; i++)
      for (const j of [i, i + 1, i + 7, i + 17])
        if (j <= text.length) assert.equal(repairAll(text, i === j ? [i] : [i, j]), expected, `cut at ${i}, ${j}`);
  });

  test('characters XML cannot hold, which wxr_cdata() lets through, are dropped from the comment they were in', async () => {
    const text = readFileSync(WXR, 'utf8')
      .replace('<![CDATA[Sam]]>', '<![CDATA[S\u0001am]]>')
      .replace('<![CDATA[Buy now!!!]]>', '<![CDATA[Buy\u000b now\u0008!!!]]>');
    const items = await collect(wxrSource(write('control.wxr', text)));
    const comments = new Map(items.flatMap((i) => (i.kind === 'comment' ? [[i.comment.key, i.comment]] : [])));
    assert.equal(comments.get('104')?.author.name, 'Sam');
    assert.equal(comments.get('105')?.body.text, '<p>Buy now!!!</p>');
    assert.equal(comments.get('103')?.author.name, 'redaction');
    assert.equal(comments.size, 7);
  });

  test("WordPress's dates: UTC milliseconds, none when empty or zero, not a date when the day does not exist", () => {
    assert.equal(mysqlDate('2025-04-01 09:15:07'), Date.UTC(2025, 3, 1, 9, 15, 7));
    assert.equal(mysqlDate(' 2024-02-29T23:59:59 '), Date.UTC(2024, 1, 29, 23, 59, 59));
    assert.equal(mysqlDate(''), null);
    assert.equal(mysqlDate('0000-00-00 00:00:00'), null);
    for (const bad of [
      '2025-02-29 10:00:00',
      '2025-13-01 00:00:00',
      '2025-04-01 24:00:00',
      '2025-04-01',
      '2025/04/01 09:15:07',
      '2025-04-01 09:1x:07',
    ])
      assert.ok(Number.isNaN(mysqlDate(bad)), bad);
  });

  test('a comment without block tags gets paragraphs and line breaks; one with them is kept as it is', () => {
    assert.equal(wpCommentHtml('One\r\ntwo\n\n\nThree'), '<p>One<br>\ntwo</p>\n<p>Three</p>');
    assert.equal(wpCommentHtml('<p>Kept</p>\n\n<pre>a\n\nb</pre>'), '<p>Kept</p>\n\n<pre>a\n\nb</pre>');
    assert.equal(wpCommentHtml('  '), '');
  });
});

test('the blog a file names: host and path, lower-case, no scheme or trailing slash; cheap on a hostile value', () => {
  assert.equal(originOf(' https://News.Example.ORG/blog/// '), 'news.example.org/blog');
  assert.equal(originOf('news.example.org/'), 'news.example.org');
  assert.equal(originOf('http://a.example'), 'a.example');
  const start = process.threadCpuUsage();
  assert.equal(originOf(`x${'/'.repeat(65_000)}y`), 'x', 'cut at 200, then its trailing slashes');
  assert.equal(originOf('/'.repeat(65_000)), '');
  assert.equal(originOf(`https://a.example/${'b'.repeat(65_000)}`).length, 200);
  const used = process.threadCpuUsage(start);
  assert.ok(used.user + used.system < 50_000, `${(used.user + used.system) / 1000} ms of CPU`);
});
