// XML exports in another encoding than UTF-8: WordPress declares the blog's charset (an old blog in
// ISO-8859-1), a file saved on Windows may be UTF-16 with a byte-order mark. Read as UTF-8 they
// would import with every accent turned into U+FFFD; they are decoded as declared. A label that
// names no encoding is read as UTF-8, as every file was before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disqusSource } from '../../src/import/formats/disqus.ts';
import { wxrCheck, wxrSource } from '../../src/import/formats/wxr.ts';
import { xmlEncoding } from '../../src/import/formats/xml-encoding.ts';
import { collect } from '../helpers/import-fixtures.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-xml-encoding-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

const wxr = (encoding: string) => `<?xml version="1.0" encoding="${encoding}" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
  <link>https://vieux.example</link>
  <item>
    <title>Crème brûlée à la française</title>
    <link>https://vieux.example/?p=3</link>
    <wp:post_id>3</wp:post_id>
    <wp:comment>
      <wp:comment_id>1</wp:comment_id>
      <wp:comment_author><![CDATA[Zoë Ørsted]]></wp:comment_author>
      <wp:comment_date_gmt>2008-02-03 10:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Très réussie, ça coûte 5 €.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
</channel>
</rss>
`;

async function readBack(file: string) {
  const items = await collect(wxrSource(file));
  const thread = items.find((i) => i.kind === 'thread');
  const comment = items.find((i) => i.kind === 'comment');
  assert.ok(thread?.kind === 'thread' && comment?.kind === 'comment');
  return [thread.thread.title, comment.comment.author.name, comment.comment.body.text];
}
const EXPECTED = ['Crème brûlée à la française', 'Zoë Ørsted', '<p>Très réussie, ça coûte 5 €.</p>'];

test('a WordPress export declared ISO-8859-1 or windows-1252 keeps its accents (and the euro of windows-1252)', async () => {
  // WHATWG reads the label ISO-8859-1 as windows-1252, as browsers did with these blogs' pages.
  for (const label of ['ISO-8859-1', 'windows-1252']) {
    // The euro is 0x80 in windows-1252; the rest of the text is Latin-1's own bytes.
    const file = write(`${label}.xml`, Buffer.from(wxr(label).replace('€', '\u0080'), 'latin1'));
    assert.deepEqual(await readBack(file), EXPECTED, label);
    assert.equal(await wxrCheck(file, undefined, 64), 1);
  }
});

test('UTF-16 with a byte-order mark, little- or big-endian, and UTF-8 with one, read the same', async () => {
  const text = wxr('UTF-16');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  assert.deepEqual(await readBack(write('le.xml', le)), EXPECTED);
  assert.deepEqual(await readBack(write('be.xml', be)), EXPECTED);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(wxr('UTF-8'))]);
  assert.deepEqual(await readBack(write('bom.xml', bom)), EXPECTED);
});

test('a Disqus export in Latin-1 reads with its accents', async () => {
  const file = write(
    'disqus.xml',
    Buffer.from(
      `<?xml version='1.0' encoding='iso-8859-1'?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><link>https://vieux.example/a</link><title>Été</title></thread>
  <post dsq:id="2"><message><![CDATA[<p>Déjà vu</p>]]></message><createdAt>2012-01-01T00:00:00Z</createdAt><author><name>Noël</name></author><thread dsq:id="1"/></post>
</disqus>
`,
      'latin1',
    ),
  );
  const items = await collect(disqusSource(file));
  const comment = items.find((i) => i.kind === 'comment');
  assert.ok(comment?.kind === 'comment');
  assert.deepEqual([comment.comment.author.name, comment.comment.body.text], ['Noël', '<p>Déjà vu</p>']);
});

test('a label no encoding goes by ("utf8mb4", a typo) reads as UTF-8, as before labels were read', async () => {
  for (const label of ['utf8mb4', 'x-klingon']) {
    const file = write(`${label}.xml`, Buffer.from(wxr(label)));
    assert.deepEqual(await readBack(file), EXPECTED, label);
  }
});

test('the encoding a file names: a byte-order mark, else its declaration, else UTF-8', () => {
  const of = (s: string | Buffer) => xmlEncoding(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  assert.equal(of('<?xml version="1.0"?><rss/>'), 'utf-8');
  assert.equal(of('<?xml version="1.0" encoding="UTF8"?>'), 'utf-8');
  assert.equal(of("<?xml version='1.0' encoding='Windows-1251' standalone='yes'?>"), 'windows-1251');
  assert.equal(of('<?xml version="1.0" encoding="ISO-8859-1"?>'), 'windows-1252');
  assert.equal(of('<?xml version="1.0" encoding="utf8mb4"?>'), 'utf-8');
  assert.equal(of('<?xml version="1.0" encoding="UTF-16"?>'), 'utf-8');
  assert.equal(of('<rss encoding="latin1"/>'), 'utf-8');
  assert.equal(of(Buffer.from([0xef, 0xbb, 0xbf, 0x3c])), 'utf-8');
  assert.equal(of(Buffer.from('<?xml', 'utf16le')), 'utf-16le');
  assert.equal(of(Buffer.from([0x00, 0x3c, 0x00, 0x3f])), 'utf-16be');
  // A declaration far past the head is not looked for.
  assert.equal(of(`${' '.repeat(300)}<?xml version="1.0" encoding="latin1"?>`), 'utf-8');
});
