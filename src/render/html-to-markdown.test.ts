import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToMarkdown, textToMarkdown } from './html-to-markdown.ts';
import { renderMarkdownSync } from './markdown.ts';
import { htmlViolations, loadCorpora } from './test-support.ts';
import { requireShared } from '../../test/helpers/shared-data.ts';

const REL = 'rel="nofollow ugc noopener"';
/** What a reader sees of an imported HTML body: converted, then rendered like a posted comment. */
const shown = (html: string) => renderMarkdownSync(htmlToMarkdown(html));

test('WordPress-style text: a blank line is a paragraph, a newline a line break', () => {
  assert.equal(
    shown('First <b>bold</b> line\nsecond line\n\nNext paragraph'),
    '<p>First <strong>bold</strong> line<br>\nsecond line</p>\n<p>Next paragraph</p>\n',
  );
});

test('paragraphs, breaks, emphasis, code and struck text become their Markdown', () => {
  assert.equal(
    htmlToMarkdown('<p>a <em>b</em> <i>c</i></p>\n<p>d<br>e <strong>f</strong> <code>g</code> <del>h</del></p>'),
    'a *b* *c*\n\nd\ne **f** `g` ~~h~~',
  );
  assert.equal(shown('<p><i> spaced </i>x</p>'), '<p><em>spaced</em> x</p>\n');
  assert.equal(htmlToMarkdown('<b></b><em></em>text'), 'text', 'empty emphasis leaves nothing');
  assert.equal(htmlToMarkdown('<code>a`b</code>'), '``a`b``');
});

test('links keep an allowed address; others become their text', () => {
  assert.equal(
    shown('<a href="https://x.test/a b(c)">link</a>'),
    `<p><a href="https://x.test/a%20b%28c%29" ${REL}>link</a></p>\n`,
  );
  assert.equal(htmlToMarkdown('<a href="javascript:alert(1)">click</a> <a href="/relative">rel</a>'), 'click rel');
  assert.equal(htmlToMarkdown('<a href="https://a.test"><a href="https://b.test">in</a></a>'), '[in](https://a.test/)');
});

test('quotes, lists (nested, numbered from their start) and preformatted code keep their shape', () => {
  const html =
    '<blockquote><p>said</p><p>twice</p></blockquote><ul><li>one</li><li>two<ol start="3"><li>a</li><li>b</li></ol></li></ul>' +
    '<pre><code>if (a &lt; b)\n  ```x```</code></pre>after';
  assert.equal(
    htmlToMarkdown(html),
    '> said\n>\n> twice\n\n- one\n- two\n\n  3. a\n  4. b\n\n````\nif (a < b)\n  ```x```\n````\n\nafter',
  );
  assert.equal(
    shown(html),
    '<blockquote>\n<p>said</p>\n<p>twice</p>\n</blockquote>\n<ul>\n<li>\n<p>one</p>\n</li>\n<li>\n<p>two</p>\n<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>\n</li>\n</ul>\n<pre><code>if (a &lt; b)\n  ```x```\n</code></pre>\n<p>after</p>\n',
  );
});

test('anything else is left out with its text kept; scripts, styles and SVG are dropped whole', () => {
  assert.equal(
    htmlToMarkdown(
      '<div><span style="x">kept</span><img src=x alt=y></div><script>alert(1)</script><style>p{}</style><svg><text>no</text></svg>end',
    ),
    'kept\n\nend',
  );
});

test('text that looks like Markdown stays text', () => {
  const html = '1. not a list\n- nor this\n# nor a heading *star* _u_ [x](https://y.test) &lt;b&gt; &amp;copy; ~~no~~';
  assert.equal(
    shown(html),
    '<p>1. not a list<br>\n- nor this<br>\n# nor a heading *star* _u_ [x](<a href="https://y.test/" rel="nofollow ugc noopener">https://y.test</a>) &lt;b&gt; &amp;copy; ~~no~~</p>\n',
  );
  assert.equal(
    renderMarkdownSync(textToMarkdown('a *b* <i>\n\n  1. x\n    code?')),
    '<p>a *b* &lt;i&gt;</p>\n<p>1. x<br>\ncode?</p>\n',
  );
});

test('hostile HTML from the shared corpora converts to Markdown whose rendering breaks no invariant', (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  let n = 0;
  for (const corpus of loadCorpora(shared))
    for (const payload of corpus.payloads) {
      const md = htmlToMarkdown(payload);
      const html = renderMarkdownSync(md);
      assert.deepEqual(
        htmlViolations(html),
        [],
        `${corpus.name}: ${JSON.stringify(payload)} -> ${JSON.stringify(md)} -> ${JSON.stringify(html)}`,
      );
      assert.equal(
        htmlViolations(renderMarkdownSync(textToMarkdown(payload))).length,
        0,
        `${corpus.name} as text: ${JSON.stringify(payload)}`,
      );
      n++;
    }
  assert.ok(n > 1000, `read ${n} payloads`);
});
