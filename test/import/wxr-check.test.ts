// The WXR reader's check (ImportSource.check), a real import's first pass: it must refuse
// exactly the files items() refuses, with the same words and line, and count the comment records
// the progress bar goes up to.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportFormatError } from '../../src/core/import/source.ts';
import { wxrCheck, wxrSource } from '../../src/import/formats/wxr.ts';
import { collect, collectUntilError, fixture, kinds } from '../helpers/import-fixtures.ts';

const WXR = fixture('wordpress.wxr');

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-wxr-check-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("the import's first pass (check): what items() would refuse, for less", () => {
  test('counts every <wp:comment> record, pingbacks and invalid ones included', async () => {
    const text = readFileSync(WXR, 'utf8');
    const records = text.split('<wp:comment>').length - 1;
    const counted: number[] = [];
    assert.equal(await wxrSource(WXR).check!((n) => counted.push(n)), records);
    assert.equal(counted.at(-1), records);
    const items = await collect(wxrSource(WXR));
    assert.ok(records > kinds(items, 'comment').length, 'the fixture has records that are not comments');
  });

  test("counts by the prefix the file binds to WordPress's namespace, from the first chunk on", async () => {
    const text = readFileSync(WXR, 'utf8').replaceAll('wp:', 'w:').replace('xmlns:wp=', 'xmlns:w=');
    const file = write('prefixed.wxr', text);
    const comments = kinds(await collect(wxrSource(file)), 'comment').length;
    assert.ok(comments > 0);
    assert.equal(await wxrSource(file).check!(), text.split('<w:comment>').length - 1);
  });

  test('refuses the files items() refuses, with the same message and line', async () => {
    const text = readFileSync(WXR, 'utf8');
    const files = [
      write('check-cut.wxr', text.slice(0, text.indexOf('<wp:comment_id>201<'))),
      write(
        'check-broken.wxr',
        text.replace('<wp:comment_parent>101</wp:comment_parent>', '<wp:comment_parent>101</wp:parent>'),
      ),
      write('check-disqus.xml', readFileSync(fixture('disqus.xml'), 'utf8')),
      write(
        'check-feed.xml',
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title></channel></rss>\n',
      ),
      write('check-json.wxr', '{"format":"parley-export"}\n'),
      write('check-empty.wxr', ''),
      join(dir, 'check-no-such-file.wxr'),
    ];
    for (const file of files) {
      const { error } = await collectUntilError(wxrSource(file));
      assert.ok(error instanceof ImportFormatError, file);
      await assert.rejects(wxrSource(file).check!(), (e: unknown) => {
        assert.ok(e instanceof ImportFormatError, file);
        assert.deepEqual([e.message, e.at], [error.message, error.at], file);
        return true;
      });
    }
  });
});

describe('a large file checked in two parts, cut at an <item> near its middle', () => {
  /** 200 copies of the fixture's items (post ids of their own), `middle` put between two halves. */
  const many = (name: string, middle = '') => {
    const one = readFileSync(WXR, 'utf8');
    const start = one.indexOf('\t<item>');
    const end = one.lastIndexOf('</channel>');
    const copies = Array.from({ length: 200 }, (_, i) =>
      one.slice(start, end).replace(/<wp:post_id>(\d+)</g, (_m, id) => `<wp:post_id>${i}-${id}<`),
    );
    return write(
      name,
      one.slice(0, start) + copies.slice(0, 100).join('') + middle + copies.slice(100).join('') + one.slice(end),
    );
  };
  /** Both answers, one part and two: the count, or the error's words and line. */
  const both = async (file: string) => {
    const answer = (n: Promise<number>) =>
      n.then(
        (count) => ({ count }),
        (e: unknown) => (e instanceof ImportFormatError ? { error: [e.message, e.at] } : { other: String(e) }),
      );
    return {
      whole: await answer(wxrCheck(file, undefined, Infinity)),
      parts: await answer(wxrCheck(file, undefined, 0)),
    };
  };

  test('the same count as one part', async () => {
    const file = many('many.wxr');
    const { whole, parts } = await both(file);
    assert.deepEqual(whole, { count: readFileSync(file, 'utf8').split('<wp:comment>').length - 1 });
    assert.deepEqual(parts, whole);
  });

  test('the same refusal, with the same line, for damage in the second part or the first', async () => {
    const text = readFileSync(many('base.wxr'), 'utf8');
    const late = text.lastIndexOf('</wp:comment_parent>');
    const early = text.indexOf('</wp:comment_parent>');
    const cases = {
      'second.wxr': `${text.slice(0, late)}</wp:parent>${text.slice(late + '</wp:comment_parent>'.length)}`,
      'first.wxr': `${text.slice(0, early)}</wp:parent>${text.slice(early + '</wp:comment_parent>'.length)}`,
      'cut-short.wxr': text.slice(0, Math.floor(text.length * 0.8)),
      'unclosed.wxr': text.replace('</channel>', ''),
    };
    for (const [name, damaged] of Object.entries(cases)) {
      const { whole, parts } = await both(write(name, damaged));
      assert.ok('error' in whole, name);
      assert.deepEqual(parts, whole, name);
    }
  });

  test('a cut that falls inside a CDATA section or a comment: the file in one part, the same answer', async () => {
    const filler = 'x'.repeat(readFileSync(many('size.wxr'), 'utf8').length);
    for (const [name, middle] of [
      ['in-cdata.wxr', `\t<wp:note><![CDATA[${filler}\n\t<item>\n]]></wp:note>\n`],
      ['in-comment.wxr', `\t<!-- ${filler}\n\t<item>\n -->\n`],
      ['in-cdata-channel.wxr', `\t<![CDATA[${filler}\n\t<item>\n]]>\n`],
    ]) {
      const { whole, parts } = await both(many(name, middle));
      assert.ok('count' in whole && whole.count > 0, name);
      assert.deepEqual(parts, whole, name);
    }
  });
});
