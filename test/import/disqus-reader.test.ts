// The Disqus reader: our fixture read to the exact items (threads yielded only before their first
// post, statuses from isSpam/isDeleted, guests without a username, emails only when given, a
// reply to a post that is gone passed on, a post of an undefined thread and one with a bad date
// passed on as `invalid` with their line), and files cut short or not Disqus refused with a line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImportComment, ImportFormatError, type ImportItem } from '../../src/core/import/source.ts';
import { disqusSource } from '../../src/import/formats/disqus.ts';
import { collect, collectUntilError, fixture, kinds, lineOpening } from '../helpers/import-fixtures.ts';

const DISQUS = fixture('disqus.xml');
const postAt = (id: number) => `line ${lineOpening(DISQUS, '<post ', `<post dsq:id="${id}"`)}, <post>`;
const threadAt = (id: number) => `line ${lineOpening(DISQUS, '<thread ', `<thread dsq:id="${id}">`)}, <thread>`;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-disqus-reader-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function post(
  c: Pick<ImportComment, 'key' | 'threadKey' | 'createdAt' | 'status' | 'ip'> & Partial<ImportComment>,
  name: string,
  email: string | null,
  username: string | null,
  html: string,
): ImportItem {
  return {
    kind: 'comment',
    comment: {
      parentKey: null,
      userAgent: null,
      at: postAt(Number(c.key)),
      ...c,
      author: { name, email, website: null, sourceId: username },
      body: { format: 'html', text: html },
    },
  };
}

describe('the Disqus reader on our fixture', () => {
  test('yields each thread before its first post, every post, and the bad ones as invalid, in file order', async () => {
    const items = await collect(disqusSource(DISQUS));
    assert.deepEqual(items, [
      {
        kind: 'thread',
        thread: {
          key: '9001',
          url: 'https://news.example.org/2024/ferry-strike/',
          title: 'Ferry strike: what we know',
          createdAt: Date.parse('2024-02-10T07:00:00Z'),
          at: threadAt(9001),
        },
      },
      post(
        {
          key: '70001',
          threadKey: '9001',
          createdAt: Date.parse('2024-02-10T08:15:00Z'),
          status: 'approved',
          ip: '192.0.2.31',
        },
        'Lena Berg',
        'lena@example.org',
        'lenaberg',
        "<p>The ferries have not run since Monday.</p><p>Any news on Friday's boats?</p>",
      ),
      // A guest: no email, no username, so no source id.
      post(
        {
          key: '70002',
          threadKey: '9001',
          parentKey: '70001',
          createdAt: Date.parse('2024-02-10T08:40:00Z'),
          status: 'approved',
          ip: '192.0.2.32',
        },
        'Guest Reader',
        null,
        null,
        '<p>Пятничные паромы отменены 😞</p>',
      ),
      post(
        {
          key: '70003',
          threadKey: '9001',
          parentKey: '70002',
          createdAt: Date.parse('2024-02-10T09:05:00Z'),
          status: 'approved',
          ip: '192.0.2.33',
        },
        'Chloé',
        null,
        'chloe_m',
        '<p>Merci ! C&#39;est clair maintenant &amp; bien expliqué.</p>',
      ),
      post(
        {
          key: '70004',
          threadKey: '9001',
          createdAt: Date.parse('2024-02-10T10:00:00Z'),
          status: 'spam',
          ip: '192.0.2.66',
        },
        'Promo',
        null,
        'promo123',
        '<p>Cheap flights, click here</p>',
      ),
      // Thread 9002 has no posts: never yielded. 9003 is deleted and closed: said, and its posts kept.
      {
        kind: 'thread',
        thread: {
          key: '9003',
          url: 'https://news.example.org/2024/old-story/',
          title: 'Старая история — « vieille histoire »',
          createdAt: Date.parse('2024-01-05T09:30:00Z'),
          at: threadAt(9003),
        },
      },
      { kind: 'unknown', field: 'thread/isDeleted', at: threadAt(9003) },
      { kind: 'unknown', field: 'thread/isClosed', at: threadAt(9003) },
      post(
        {
          key: '70005',
          threadKey: '9003',
          createdAt: Date.parse('2024-01-06T12:00:00Z'),
          status: 'deleted',
          ip: '192.0.2.34',
        },
        'Former Reader',
        null,
        'former',
        '<p>This comment was removed.</p>',
      ),
      // Its parent is in no file: passed on as it is, for the pipeline to decide.
      post(
        {
          key: '70006',
          threadKey: '9003',
          parentKey: '69999',
          createdAt: Date.parse('2024-01-06T13:00:00Z'),
          status: 'approved',
          ip: '192.0.2.35',
        },
        'Late Reader',
        null,
        'late',
        '<p>Replying to a comment that is gone.</p>',
      ),
      {
        kind: 'invalid',
        message: 'a <post> of the thread 9999, which the file does not define before it',
        at: postAt(70007),
      },
      { kind: 'invalid', message: '<createdAt> "last Tuesday" is not an ISO 8601 date', at: postAt(70008) },
    ]);
  });

  test('a post before its thread is invalid; a thread named by its own <id>, a date without a zone, isApproved false', async () => {
    const file = write(
      'order.xml',
      `<?xml version="1.0"?>
<disqus xmlns="http://disqus.com" xmlns:q="http://disqus.com/disqus-internals">
  <post q:id="1"><message>early</message><createdAt>2024-01-01T00:00:00Z</createdAt><author><name>A</name></author><thread q:id="7"/></post>
  <thread q:id="7"><id>page-7</id><link>https://e.example/7</link><title/><createdAt>2024-01-01T00:00:00</createdAt></thread>
  <post q:id="2"><message>held</message><createdAt>2024-01-02T10:00:00</createdAt><isApproved>false</isApproved><author><name>B</name><email>b@example.org</email></author><thread>page-7</thread><likes>3</likes></post>
  <post q:id="3"><message>both</message><createdAt>2024-01-02T11:00:00+02:00</createdAt><isSpam>true</isSpam><isDeleted>true</isDeleted><author><name>C</name></author><thread q:id="7"/><parent q:id="2"/></post>
</disqus>
`,
    );
    const items = await collect(disqusSource(file));
    assert.deepEqual(items[0], {
      kind: 'invalid',
      message: 'a <post> of the thread 7, which the file does not define before it',
      at: 'line 3, <post>',
    });
    assert.deepEqual(items[1], {
      kind: 'thread',
      thread: {
        key: '7',
        url: 'https://e.example/7',
        title: null,
        createdAt: Date.parse('2024-01-01T00:00:00Z'),
        at: 'line 4, <thread>',
      },
    });
    const comments = items.flatMap((i) => (i.kind === 'comment' ? [i.comment] : []));
    assert.deepEqual(
      comments.map((c) => [c.key, c.threadKey, c.parentKey, c.status, c.createdAt, c.author.email]),
      [
        ['2', '7', null, 'pending', Date.parse('2024-01-02T10:00:00Z'), 'b@example.org'],
        ['3', '7', '2', 'spam', Date.parse('2024-01-02T09:00:00Z'), null],
      ],
    );
    assert.deepEqual(kinds(items, 'unknown'), [{ kind: 'unknown', field: 'post/likes', at: 'line 5, <post>' }]);
  });
});

test('a post without dsq:id is keyed by its own <id>; with neither it is invalid', async () => {
  const file = write(
    'no-dsq-id.xml',
    `<?xml version="1.0"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="7"><link>https://e.example/7</link></thread>
  <post><id>site-41</id><message>mine</message><createdAt>2024-01-01T00:00:00Z</createdAt><author><name>A</name></author><thread dsq:id="7"/></post>
  <post><id/><message>none</message><createdAt>2024-01-01T00:00:00Z</createdAt><author><name>B</name></author><thread dsq:id="7"/></post>
</disqus>
`,
  );
  const items = await collect(disqusSource(file));
  assert.deepEqual(
    items.flatMap((i) => (i.kind === 'comment' ? [[i.comment.key, i.comment.threadKey]] : [])),
    [['site-41', '7']],
  );
  assert.deepEqual(kinds(items, 'invalid'), [
    { kind: 'invalid', message: 'a <post> without dsq:id or <id>', at: 'line 5, <post>' },
  ]);
});

describe('the export as Disqus sends it, gzipped', () => {
  test('reads the same as unpacked; cut short, it is refused with a line after what was read', async () => {
    const zipped = gzipSync(readFileSync(DISQUS));
    const path = join(dir, 'export.xml.gz');
    writeFileSync(path, zipped);
    assert.deepEqual(await collect(disqusSource(path)), await collect(disqusSource(DISQUS)));
    writeFileSync(path, zipped.subarray(0, Math.floor(zipped.length * 0.7)));
    const { items, error } = await collectUntilError(disqusSource(path));
    assert.ok(error instanceof ImportFormatError, String(error));
    assert.match(error.message, /the gzip file does not unpack \(.*\): it is damaged or cut short/);
    assert.match(error.at, /^line \d+$/);
    assert.ok(items.length > 0 && items.length < 12);
  });
});

describe('a file the Disqus reader refuses', () => {
  test('cut short: ImportFormatError with the last line, after the items read before the cut', async () => {
    const text = readFileSync(DISQUS, 'utf8');
    const cut = text.slice(0, text.indexOf('<post dsq:id="70004">') + 40);
    const { items, error } = await collectUntilError(disqusSource(write('cut.xml', cut)));
    assert.ok(error instanceof ImportFormatError, String(error));
    assert.equal(error.at, `line ${cut.split('\n').length}`);
    assert.match(error.message, /the file is damaged or cut short/);
    assert.deepEqual(
      items.flatMap((i) => (i.kind === 'comment' ? [i.comment.key] : [])),
      ['70001', '70002', '70003'],
    );
  });

  test('XML that is not a Disqus export, and a file that is not XML, refused saying what they are not', async () => {
    const cases: [string, string, RegExp, string][] = [
      [
        'wordpress.wxr',
        readFileSync(fixture('wordpress.wxr'), 'utf8'),
        /not a Disqus export: the document is <rss>, not <disqus>/,
        'line 3',
      ],
      [
        'other.xml',
        '<disqus xmlns="http://example.com/other"/>',
        /not a Disqus export: <disqus> is in the namespace/,
        'line 1',
      ],
      ['notes.txt', 'Just some notes & thoughts.\n', /not a Disqus export: the file is not XML/, 'line 1'],
    ];
    for (const [name, text, message, line] of cases) {
      const { items, error } = await collectUntilError(disqusSource(write(name, text)));
      assert.ok(error instanceof ImportFormatError, name);
      assert.match(error.message, message, name);
      assert.equal(error.at, line, name);
      assert.deepEqual(items, [], name);
    }
  });
});
