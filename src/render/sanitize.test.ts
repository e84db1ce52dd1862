import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeHtml } from './sanitize.ts';
import { escapeHtml } from './escape.ts';
import { htmlViolations, loadCorpora } from './test-support.ts';
import { requireShared } from '../../test/helpers/shared-data.ts';

const REL = 'rel="nofollow ugc noopener"';

/** Sanitizes and asserts the invariants every output must satisfy. */
function clean(html: string): string {
  const out = sanitizeHtml(html);
  assert.deepEqual(htmlViolations(out), [], `violations for ${JSON.stringify(html)} -> ${JSON.stringify(out)}`);
  assert.equal(sanitizeHtml(out), out, `not idempotent for ${JSON.stringify(html)}`);
  return out;
}

test('escapeHtml escapes the five HTML-significant characters', () => {
  assert.equal(escapeHtml(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;');
  assert.equal(escapeHtml('plain'), 'plain');
});

test('allowed markup passes through unchanged', () => {
  const html =
    '<p><em>a</em> <strong>b</strong> <code>c</code> <del>d</del><br>e</p>' +
    '<blockquote><p>q</p></blockquote><pre><code>x</code></pre><ul><li>1</li></ul><ol start="3"><li>2</li></ol>';
  assert.equal(clean(html), html);
});

test('links keep only a checked href and get the fixed rel', () => {
  assert.equal(
    clean('<a href="https://x.test/p?a=1&amp;b=2" target="_blank" rel="opener" onclick="alert(1)" title="t">x</a>'),
    `<a href="https://x.test/p?a=1&amp;b=2" ${REL}>x</a>`,
  );
  assert.equal(clean('<a href="mailto:me@x.test">m</a>'), `<a href="mailto:me@x.test" ${REL}>m</a>`);
  assert.equal(clean('<A HREF=HTTP://X.TEST/>u</A>'), `<a href="http://x.test/" ${REL}>u</a>`);
  assert.equal(clean('<a/href="https://x.test/">s</a>'), `<a href="https://x.test/" ${REL}>s</a>`);
});

test('links with unsafe or relative hrefs become their text', () => {
  const hrefs = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\x01javascript:alert(1)',
    'java\tscript:alert(1)',
    'java&#x09;script:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    'javascript&colon;alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '/relative',
    '//evil.test/x',
    '#top',
    '',
    'http://[::1',
    'svg:svg',
  ];
  for (const href of hrefs) {
    assert.equal(clean(`<a href="${href.replace(/"/g, '&quot;')}">t</a>`), 't', href);
  }
  assert.equal(clean('<a>no href</a>'), 'no href');
  assert.equal(clean('<a name="x">anchor</a>'), 'anchor');
});

test('links do not nest', () => {
  assert.equal(
    clean('<a href="https://a.test/">1<a href="https://b.test/">2</a>3</a>'),
    `<a href="https://a.test/" ${REL}>1</a><a href="https://b.test/" ${REL}>2</a>3`,
  );
});

test('ol keeps only a numeric start', () => {
  assert.equal(clean('<ol start=" 7 " type="a"><li>x</li></ol>'), '<ol start="7"><li>x</li></ol>');
  assert.equal(clean('<ol start="-2"><li>x</li></ol>'), '<ol start="-2"><li>x</li></ol>');
  assert.equal(clean('<ol start="7x"><li>x</li></ol>'), '<ol><li>x</li></ol>');
  assert.equal(clean('<ul start="7"><li>x</li></ul>'), '<ul><li>x</li></ul>');
});

test('other tags are dropped but their text kept', () => {
  assert.equal(clean('<div class="x"><span style="color:red">hi</span> <b>there</b></div>'), 'hi there');
  assert.equal(clean('<img src=x onerror=alert(1)>after'), 'after');
  assert.equal(clean('<svg:svg>t</svg:svg>'), 't');
  assert.equal(clean('<p onclick="alert(1)" class="c">x</p>'), '<p>x</p>');
});

test('dangerous containers are dropped with their content', () => {
  for (const tag of [
    'script',
    'style',
    'iframe',
    'object',
    'template',
    'textarea',
    'title',
    'noscript',
    'xmp',
    'svg',
    'math',
  ]) {
    assert.equal(clean(`a<${tag} x="1">secret <b>bold</b></${tag}>b`), 'ab', tag);
    assert.equal(clean(`a<${tag.toUpperCase()}>secret</${tag.toUpperCase()} >b`), 'ab', tag);
  }
  assert.equal(clean('a<embed src="x.swf">b'), 'ab');
  assert.equal(clean('<script>alert(1)'), '');
  assert.equal(clean('<script>x</scriptx>y</script>z'), 'z');
  assert.equal(clean('<svg><svg></svg>inner</svg>after'), 'after');
  assert.equal(clean('<svg/>kept<math/>too'), 'kepttoo');
});

test('comments, doctype, CDATA and processing instructions are dropped', () => {
  assert.equal(clean('a<!-- c -->b<!---->c<!-->d<!--->e<!-- x --!>f'), 'abcdef');
  assert.equal(clean('<!DOCTYPE html>a<![CDATA[<b>x</b>]]>b<?php echo 1 ?>c</3>d'), 'ax]]&gt;bcd');
  assert.equal(clean('a<!-- never closed <p>x</p>'), 'a');
});

test('output is well-formed: unclosed tags closed, stray closers dropped, blocks leave inline', () => {
  assert.equal(clean('<p><em>a'), '<p><em>a</em></p>');
  assert.equal(clean('</p></em>a</li>'), 'a');
  assert.equal(clean('<em><strong>a</em>b</strong>'), '<em><strong>a</strong></em>b');
  assert.equal(clean('<p>a<p>b'), '<p>a</p><p>b</p>');
  assert.equal(clean('<p><em>a<ul><li>b<li>c</ul>d'), '<p><em>a</em></p><ul><li>b</li><li>c</li></ul>d');
  assert.equal(clean('<li>orphan</li>'), 'orphan');
  assert.equal(clean('<ul><li>a<ul><li>b</ul><li>c</ul>'), '<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>');
  assert.equal(clean('a</br>b'), 'ab');
});

test('text is decoded and re-escaped', () => {
  assert.equal(clean(`a < b & "c" 'd' > e`), 'a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e');
  assert.equal(
    clean('&lt;script&gt; &amp;amp; &#60; &#x3C; &copy; &unknown; &#0; &#x110000;'),
    '&lt;script&gt; &amp;amp; &lt; &lt; \u00a9 &amp;unknown; \ufffd \ufffd',
  );
  assert.equal(clean('a\0b\r\nc'), 'ab\nc');
  assert.equal(clean('1 <2 <= 3'), '1 &lt;2 &lt;= 3');
});

test('unicode survives: astral characters and combining marks', () => {
  const text =
    '\u{1F44D}\u{1F3FD} cafe\u0301 \u{1D518}\u{1D52B} \u05E9\u05DC\u05D5\u05DD \u0928\u092E\u0938\u094D\u0924\u0947';
  assert.equal(clean(`<p>${text}</p>`), `<p>${text}</p>`);
});

test('unclosed tags at end of input are discarded, not emitted as text', () => {
  assert.equal(clean('ok<a href="https://x.test/'), 'ok');
  assert.equal(clean('ok<img src=x onerror=alert(1)'), 'ok');
});

test('nesting depth is capped and deep input stays linear', () => {
  const deep = clean(`${'<blockquote>'.repeat(5000)}x`);
  assert.ok(deep.includes('x'));
  assert.ok((deep.match(/<blockquote>/g) ?? []).length <= 256);
  const started = performance.now();
  for (const input of [
    '<em>'.repeat(20000) + '</strong>'.repeat(20000),
    '<a '.repeat(20000),
    '<!--'.repeat(20000),
    '<script></scrip'.repeat(5000),
    '<p x="'.repeat(10000),
    '</'.repeat(30000),
    '&#x41'.repeat(12000),
  ])
    clean(input);
  assert.ok(performance.now() - started < 2000, 'pathological HTML took too long');
});

test('the invariant checker itself detects violations', () => {
  assert.ok(htmlViolations('<img src=x>').length > 0);
  assert.ok(htmlViolations('<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>').length > 0);
  assert.ok(htmlViolations('<a href="/rel" rel="nofollow ugc noopener">x</a>').length > 0);
  assert.ok(htmlViolations('<a href="https://x.test/">x</a>').length > 0); // missing rel
  assert.ok(htmlViolations('<p onclick="x">x</p>').length > 0);
  assert.ok(htmlViolations('<!-- c -->').length > 0);
  assert.ok(htmlViolations('<svg><p>x</p></svg>').length > 0);
  assert.deepEqual(htmlViolations(`<p><a href="https://x.test/" ${REL}>x</a></p>`), []);
});

test('corpus: sanitizeHtml on every raw payload satisfies the invariants', (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  let checked = 0;
  for (const corpus of loadCorpora(shared)) {
    for (const payload of corpus.payloads) {
      const out = sanitizeHtml(payload);
      const violations = htmlViolations(out);
      assert.deepEqual(violations, [], `${corpus.name}: ${JSON.stringify(payload)} -> ${JSON.stringify(out)}`);
      assert.equal(sanitizeHtml(out), out, `${corpus.name}: not idempotent for ${JSON.stringify(payload)}`);
      checked++;
    }
  }
  assert.ok(checked > 7000, `only ${checked} payloads checked`);
});
