import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdownSync, renderPlain } from './markdown.ts';
import { sanitizeHtml } from './sanitize.ts';
import { htmlViolations } from './test-support.ts';

const REL = 'rel="nofollow ugc noopener"';

/** Renders and asserts the invariants every rendering must satisfy. */
function render(body: string): string {
  const out = renderMarkdownSync(body);
  assert.deepEqual(htmlViolations(out), [], `violations for ${JSON.stringify(body)} -> ${JSON.stringify(out)}`);
  assert.equal(sanitizeHtml(out), out, `not a sanitizer fixed point: ${JSON.stringify(body)}`);
  return out;
}

test('emphasis, strong, inline code', () => {
  assert.equal(
    render('*em* _em2_ **strong** `a<b>`'),
    '<p><em>em</em> <em>em2</em> <strong>strong</strong> <code>a&lt;b&gt;</code></p>\n',
  );
});

test('strikethrough renders as del', () => {
  const out = render('~~gone~~');
  assert.equal(out, '<p><del>gone</del></p>\n');
  assert.ok(!out.includes('<s>'));
});

test('single newlines become <br>, blank lines split paragraphs', () => {
  assert.equal(render('one\ntwo\n\nthree'), '<p>one<br>\ntwo</p>\n<p>three</p>\n');
});

test('links and bare URLs get the fixed rel', () => {
  assert.equal(render('[a](https://x.test)'), `<p><a href="https://x.test/" ${REL}>a</a></p>\n`);
  assert.equal(render('[t](https://x.test/p "title")'), `<p><a href="https://x.test/p" ${REL}>t</a></p>\n`);
  assert.equal(
    render('see https://x.test/a?b=1&c=2 now'),
    `<p>see <a href="https://x.test/a?b=1&amp;c=2" ${REL}>https://x.test/a?b=1&amp;c=2</a> now</p>\n`,
  );
  assert.equal(
    render('<https://x.test/auto>'),
    `<p><a href="https://x.test/auto" ${REL}>https://x.test/auto</a></p>\n`,
  );
  assert.equal(render('[m](mailto:me@x.test)'), `<p><a href="mailto:me@x.test" ${REL}>m</a></p>\n`);
  assert.equal(
    render('mail me@example.com'),
    `<p>mail <a href="mailto:me@example.com" ${REL}>me@example.com</a></p>\n`,
  );
  // linkify-it 6 leaves scheme-less hosts alone (fuzzyLink is off by default): not a link.
  assert.equal(render('www.example.com'), '<p>www.example.com</p>\n');
});

test('fenced and indented code: <pre><code> without a class', () => {
  assert.equal(render('```js\nlet a = "<b>";\n```'), '<pre><code>let a = &quot;&lt;b&gt;&quot;;\n</code></pre>\n');
  assert.equal(render('    indented\n'), '<pre><code>indented\n</code></pre>\n');
  assert.ok(!render('~~~"><script>alert(1)</script>\nx\n~~~').includes('class'));
});

test('lists and blockquotes', () => {
  assert.equal(render('- a\n- b'), '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
  assert.equal(render('3. a\n4. b'), '<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>\n');
  assert.equal(render('1. a'), '<ol>\n<li>a</li>\n</ol>\n');
  assert.equal(render('> q\n> r'), '<blockquote>\n<p>q<br>\nr</p>\n</blockquote>\n');
});

test('headings, rules, tables and images are not Markdown here', () => {
  assert.equal(render('# h1\n\nh2\n--'), '<p># h1</p>\n<p>h2<br>\n--</p>\n');
  assert.equal(render('---'), '<p>---</p>\n');
  assert.equal(render('|a|b|\n|-|-|\n|1|2|'), '<p>|a|b|<br>\n|-|-|<br>\n|1|2|</p>\n');
  // An image is "!" followed by an ordinary link to its URL (text = alt), or "!alt" if not allowed.
  assert.equal(render('![alt](https://x.test/i.png)'), `<p>!<a href="https://x.test/i.png" ${REL}>alt</a></p>\n`);
  assert.equal(render('![alt](javascript:alert(1))'), '<p>!alt</p>\n');
  assert.ok(!render('![a](https://x.test/i.png "t")').includes('<img'));
});

test('unsafe link schemes render as the link text', () => {
  const urls = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'vbscript:msgbox(1)',
    'VBSCRIPT:msgbox(1)',
    'file:///etc/passwd',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:image/png;base64,iVBORw0KGgo=',
    '&#74;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    'java&#x09;script:alert(1)',
    'javascript&colon;alert(1)',
    'relative/path',
    '/abs/path',
    '//evil.test',
    'ftp://x.test/f',
  ];
  for (const url of urls) {
    const out = render(`[click](${url})`);
    assert.ok(!out.includes('href'), `${url} -> ${out}`);
    assert.ok(out.includes('click'), `${url} lost its text: ${out}`);
  }
});

test('unsafe autolinks render as text', () => {
  for (const body of [
    '<javascript:alert(1)>',
    '<JavaScript:alert(1)>',
    '<vbscript:x>',
    '<data:text/html,x>',
    '<svg:svg>',
  ]) {
    const out = render(body);
    assert.ok(!out.includes('href'), `${body} -> ${out}`);
    assert.ok(!out.includes('<svg'), `${body} -> ${out}`);
  }
  assert.equal(render('<svg:svg>'), '<p>svg:svg</p>\n');
});

test('a link destination with a leading control character is not a link', () => {
  const out = render('[x](\x0ejavascript:alert(1))');
  assert.ok(!out.includes('<a'), out);
  assert.ok(out.includes('javascript:alert(1)'), 'the text stays visible');
});

test('raw HTML is escaped, never interpreted', () => {
  assert.equal(render('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
  assert.equal(render('<img src=x onerror="alert(1)">'), '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n');
  assert.equal(render('<div>\n\n*x*\n\n</div>'), '<p>&lt;div&gt;</p>\n<p><em>x</em></p>\n<p>&lt;/div&gt;</p>\n');
  assert.equal(render('a <b onclick="x">b</b>'), '<p>a &lt;b onclick=&quot;x&quot;&gt;b&lt;/b&gt;</p>\n');
});

test('link text keeps its formatting and quotes are escaped in hrefs', () => {
  assert.equal(
    render('[**b**](https://x.test/?q="a")'),
    `<p><a href="https://x.test/?q=%22a%22" ${REL}><strong>b</strong></a></p>\n`,
  );
});

test('unicode survives: astral characters and combining marks', () => {
  const text =
    '\u{1F44D}\u{1F3FD} \u{1F469}\u200D\u{1F4BB} cafe\u0301 n\u0303 \u{1D518}\u{1D52B}\u{1D526} \u0928\u092E\u0938\u094D\u0924\u0947 \u05E9\u05DC\u05D5\u05DD';
  assert.equal(render(text), `<p>${text}</p>\n`);
  assert.equal(render(`*${text}*`), `<p><em>${text}</em></p>\n`);
  assert.equal(renderPlain(text), `<p>${text}</p>\n`);
});

test('renderPlain: escaped text, paragraphs on blank lines, <br> for single newlines', () => {
  assert.equal(
    renderPlain('a *b*\n<c> & "d"\r\n\r\n  \n\ne'),
    '<p>a *b*<br>\n&lt;c&gt; &amp; &quot;d&quot;</p>\n<p>e</p>\n',
  );
  assert.equal(renderPlain(''), '');
  assert.equal(renderPlain('[x](javascript:alert(1)) <script>'), '<p>[x](javascript:alert(1)) &lt;script&gt;</p>\n');
  assert.deepEqual(htmlViolations(renderPlain('<a href="javascript:x">y</a>\n\n<img src=x>')), []);
});
