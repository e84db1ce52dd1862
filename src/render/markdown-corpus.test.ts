// Property test over the shared security corpora: every payload, raw and wrapped in Markdown
// contexts, renders to HTML that parse5 reads back as allowlisted-only, and that sanitizeHtml leaves
// unchanged. A negative control (markdown-it with raw HTML on, no sanitizer) proves the checker bites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { renderMarkdownSync, renderComment, closeRenderPool } from './markdown.ts';
import { sanitizeHtml } from './sanitize.ts';
import { htmlViolations, loadCorpora, MARKDOWN_CONTEXTS, type Corpus } from './test-support.ts';
import { requireShared } from '../../test/helpers/shared-data.ts';

function inputs(corpora: Corpus[]): { label: string; body: string }[] {
  const all: { label: string; body: string }[] = [];
  for (const corpus of corpora) {
    corpus.payloads.forEach((payload, i) => {
      for (const [context, wrap] of MARKDOWN_CONTEXTS)
        all.push({ label: `${corpus.name}#${i} (${context})`, body: wrap(payload) });
    });
  }
  return all;
}

test('corpus: every payload in every Markdown context renders to allowlisted HTML', (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const started = performance.now();
  const all = inputs(loadCorpora(shared));
  const failures: string[] = [];
  for (const { label, body } of all) {
    const out = renderMarkdownSync(body);
    const violations = htmlViolations(out);
    if (sanitizeHtml(out) !== out) violations.push('sanitizeHtml not idempotent');
    if (violations.length > 0 && failures.length < 20)
      failures.push(`${label} ${JSON.stringify(body).slice(0, 120)}: ${violations.join('; ')}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(all.length > 50_000, `only ${all.length} inputs`);
  t.diagnostic(`${all.length} inputs in ${Math.round(performance.now() - started)} ms`);
});

test('negative control: markdown-it with raw HTML and no sanitizer fails the same checker', (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const unsafe = new MarkdownIt({ html: true, linkify: true });
  let violating = 0;
  for (const { body } of inputs(loadCorpora(shared))) {
    // Count only unsafe findings (tags, attributes, hrefs), not the merely missing rel.
    if (htmlViolations(unsafe.render(body)).some((v) => v !== 'a without rel')) violating++;
  }
  t.diagnostic(`${violating} violating inputs without the sanitizer`);
  assert.ok(violating > 1000, `checker found only ${violating} violations in unsanitized output`);
});

test('markdown-it fatal and proto fixtures render without throwing', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const cases = loadCorpora(shared).filter((c) => c.name === 'markdown-it-fatal' || c.name === 'markdown-it-proto');
  assert.equal(cases.flatMap((c) => c.payloads).length, 7);
  for (const body of cases.flatMap((c) => c.payloads)) {
    const out = renderMarkdownSync(body);
    assert.deepEqual(htmlViolations(out), [], body);
    assert.equal(await renderComment(body), out);
    // And padded past the in-thread limit, so the worker path sees them too.
    const padded = `${body}\n\n${'filler '.repeat(400)}`;
    assert.equal(await renderComment(padded, { budgetMs: 5000 }), renderMarkdownSync(padded), body);
  }
  await closeRenderPool();
});
