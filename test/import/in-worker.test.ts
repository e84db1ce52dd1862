// The XML readers on a worker thread give the same items in the same order as on the main one,
// the same ImportFormatError (after the same items) for a file cut short, and stop their thread
// when the consumer stops early.
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importBody } from '../../src/core/import/bodies.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../src/core/import/source.ts';
import { disqusSource } from '../../src/import/formats/disqus.ts';
import { inWorker } from '../../src/import/formats/in-worker.ts';
import { wxrSource } from '../../src/import/formats/wxr.ts';
import { htmlToMarkdown, textToMarkdown } from '../../src/render/html-to-markdown.ts';
import { closeRenderPool, renderComment } from '../../src/render/markdown.ts';
import { collect, collectUntilError, fixture } from '../helpers/import-fixtures.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-in-worker-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the same items as the reader on the main thread, WordPress and Disqus', async () => {
  for (const name of ['wordpress.wxr', 'wordpress-real-export.xml'])
    assert.deepEqual(await collect(inWorker('wxr', fixture(name))), await collect(wxrSource(fixture(name))), name);
  assert.deepEqual(
    await collect(inWorker('disqus', fixture('disqus.xml'))),
    await collect(disqusSource(fixture('disqus.xml'))),
  );
});

test("with markdownBodies, the same items with each comment's body as the importer would convert it", async () => {
  const converters = { html: htmlToMarkdown, text: textToMarkdown };
  const module = new URL('../../src/render/html-to-markdown.ts', import.meta.url).href;
  for (const [format, name] of [
    ['wxr', 'wordpress.wxr'],
    ['wxr', 'wordpress-real-export.xml'],
    ['disqus', 'disqus.xml'],
  ] as const) {
    const direct = await collect(format === 'wxr' ? wxrSource(fixture(name)) : disqusSource(fixture(name)));
    const expected = direct.map((item) =>
      item.kind === 'comment'
        ? {
            ...item,
            comment: { ...item.comment, body: { format: 'markdown', text: importBody(item.comment.body, converters) } },
          }
        : item,
    );
    assert.ok(
      direct.some((i) => i.kind === 'comment' && i.comment.body.format === 'html'),
      name,
    );
    assert.deepEqual(await collect(inWorker(format, fixture(name), { markdownBodies: module })), expected, name);
  }
});

/** 300 copies of the fixture's items, each with post ids of its own: 4,800 items, many batches. */
function manyItems(): string {
  const one = readFileSync(fixture('wordpress.wxr'), 'utf8');
  const start = one.indexOf('\t<item>');
  const end = one.lastIndexOf('</channel>');
  const items = Array.from({ length: 300 }, (_, i) =>
    one.slice(start, end).replace(/<wp:post_id>(\d+)</g, (_m, id) => `<wp:post_id>${i}-${id}<`),
  );
  const whole = join(dir, 'many.wxr');
  writeFileSync(whole, one.slice(0, start) + items.join('') + one.slice(end));
  return whole;
}

test('more items than a batch, in order; a file cut short fails the same way after the same items', async () => {
  const whole = manyItems();
  const direct = await collect(wxrSource(whole));
  assert.equal(direct.length, 1 + 300 * 16, 'the blog it came from, then its items');
  assert.deepEqual(await collect(inWorker('wxr', whole)), direct);

  const cut = join(dir, 'cut.wxr');
  writeFileSync(cut, readFileSync(whole, 'utf8').slice(0, Math.floor(readFileSync(whole).length * 0.6)));
  const there = await collectUntilError(inWorker('wxr', cut));
  const here = await collectUntilError(wxrSource(cut));
  assert.ok(there.error instanceof ImportFormatError && here.error instanceof ImportFormatError);
  assert.deepEqual([there.error.message, there.error.at], [here.error.message, here.error.at]);
  assert.deepEqual(there.items, here.items);
});

test('a consumer that stops early ends the worker, which was waiting to send more: the process exits', async () => {
  // A worker left running keeps its process alive: the check runs in a child process of its own.
  const script = [
    `import { inWorker } from ${JSON.stringify(new URL('../../src/import/formats/in-worker.ts', import.meta.url).href)};`,
    'let n = 0;',
    `for await (const _ of inWorker('wxr', ${JSON.stringify(manyItems())}).items()) if (++n === 2) break;`,
    'console.log(n);',
  ].join('\n');
  const file = join(dir, 'stop-early.mjs');
  writeFileSync(file, script);
  const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 30_000 });
  assert.equal(stdout.trim(), '2');
});

/** A consumer slower than the reader: it takes a batch's worth of items now and then. */
async function collectSlowly(source: ImportSource): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of source.items()) {
    items.push(item);
    if (items.length % 250 === 0) await new Promise((r) => setTimeout(r, 100));
  }
  return items;
}

test('with a renderer too, bodies come with the HTML the importer would render them to while it is behind', async () => {
  const markdownBodies = new URL('../../src/render/html-to-markdown.ts', import.meta.url).href;
  const renderer = new URL('../../src/render/markdown.ts', import.meta.url).href;
  const whole = manyItems();
  const plain = await collect(inWorker('wxr', whole, { markdownBodies }));
  const rendered = await collectSlowly(inWorker('wxr', whole, { markdownBodies, renderer }));
  assert.equal(rendered.length, plain.length);
  let withHtml = 0;
  for (const [i, item] of rendered.entries()) {
    const expected = plain[i];
    if (item.kind !== 'comment' || expected.kind !== 'comment' || item.comment.body.html === undefined) {
      assert.deepEqual(item, expected);
      continue;
    }
    withHtml++;
    const { html, ...body } = item.comment.body;
    assert.deepEqual({ ...item, comment: { ...item.comment, body } }, expected);
    assert.equal(html, await renderComment(body.text));
  }
  // The reader ran ahead of this consumer, so it rendered (and not only the first batch's).
  assert.ok(withHtml > 1000, `${withHtml} bodies rendered by the reader`);
  await closeRenderPool();
});
