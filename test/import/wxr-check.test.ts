// The WXR reader's check (ImportSource.check), a real import's first pass: it must refuse
// exactly the files items() refuses, with the same words and line, and count the comment records
// the progress bar goes up to.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportFormatError } from '../../src/core/import/source.ts';
import { wxrSource } from '../../src/import/formats/wxr.ts';
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
