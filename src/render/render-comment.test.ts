// renderComment: in-thread for short bodies, worker pool with a time budget for long ones.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  renderComment,
  renderMarkdownSync,
  renderPlain,
  closeRenderPool,
  setRenderBudget,
  INLINE_RENDER_LIMIT,
} from './markdown.ts';
import { sanitizeHtml } from './sanitize.ts';
import { htmlViolations, PATHOLOGICAL, MAX_BODY_CODE_POINTS } from './test-support.ts';

const longBody = (seed: string): string =>
  `${seed}\n\n${'Some *ordinary* comment text with a [link](https://x.test). '.repeat(60)}`;
/** Tens of milliseconds of markdown-it work (nested emphasis), far over a 5 ms budget. */
const slowBody = (seed: string): string => `${seed}\n\n${'*'.repeat(20000)}a${'*'.repeat(20000)}\n\ntail-marker`;

before(async () => {
  // Warm the pool so worker start-up is not billed to the first measured render.
  await renderComment(longBody('warm-up'), { budgetMs: 10_000 });
});
after(() => closeRenderPool());

test('short bodies render in-thread, identical to renderMarkdownSync', async () => {
  const body = '*hi* [a](https://x.test)';
  assert.ok(body.length <= INLINE_RENDER_LIMIT);
  assert.equal(await renderComment(body), renderMarkdownSync(body));
});

test('long bodies render in a worker, identical to renderMarkdownSync', async () => {
  const body = longBody('**long**');
  assert.ok(body.length > INLINE_RENDER_LIMIT);
  const out = await renderComment(body, { budgetMs: 10_000 });
  assert.equal(out, renderMarkdownSync(body));
  assert.ok(out.includes('<strong>long</strong>'));
});

test('concurrent long renders all complete and keep their own results', async () => {
  const bodies = Array.from({ length: 8 }, (_, i) => longBody(`comment ${i} _x${i}_`));
  const outs = await Promise.all(bodies.map((b) => renderComment(b, { budgetMs: 10_000 })));
  outs.forEach((out, i) => {
    assert.equal(out, renderMarkdownSync(bodies[i]));
  });
});

test('over budget: the worker is replaced and the comment falls back to renderPlain, complete', async () => {
  const body = slowBody('*budget*');
  const out = await renderComment(body, { budgetMs: 5 });
  assert.ok(out === renderPlain(body), `expected the plain rendering, got ${out.slice(0, 80)}...`);
  assert.ok(out.includes('*'.repeat(20000)) && out.includes('tail-marker'), 'nothing is lost or truncated');
  // The pool recovered: the next render with a sane budget is full Markdown again.
  assert.equal(await renderComment(body, { budgetMs: 10_000 }), renderMarkdownSync(body));
});

test('setRenderBudget changes the default budget and rejects nonsense', async () => {
  const body = slowBody('default budget');
  setRenderBudget(5);
  try {
    assert.ok((await renderComment(body)) === renderPlain(body), 'expected the plain rendering');
  } finally {
    setRenderBudget(250);
  }
  assert.throws(() => setRenderBudget(0), RangeError);
  assert.throws(() => setRenderBudget(Number.NaN), RangeError);
});

for (const [name, make] of PATHOLOGICAL) {
  test(`pathological input returns within ~1 s: ${name}`, async (t) => {
    const body = make();
    assert.ok(Array.from(body).length <= MAX_BODY_CODE_POINTS);
    // Wait until a worker is idle, so the replacement of one killed by the previous case is not billed here.
    await renderComment(longBody('warm'), { budgetMs: 10_000 });
    const started = performance.now();
    const out = await renderComment(body);
    const elapsed = performance.now() - started;
    t.diagnostic(`${Math.round(elapsed)} ms, ${out === renderPlain(body) ? 'same as renderPlain' : 'markdown'}`);
    assert.ok(elapsed < 1000, `${name}: ${Math.round(elapsed)} ms`);
    assert.deepEqual(htmlViolations(out), [], name);
    assert.equal(sanitizeHtml(out), out, `${name}: not a sanitizer fixed point`);
  });
}

test('emoji and combining marks survive the worker path unchanged', async () => {
  const text = '\u{1F44D}\u{1F3FD} \u{1F469}\u200D\u{1F4BB} cafe\u0301 n\u0303 \u{1D518}\u{1D52B}\u{1D526}';
  const body = Array.from({ length: 80 }, () => text).join('\n\n');
  assert.ok(body.length > INLINE_RENDER_LIMIT);
  const out = await renderComment(body, { budgetMs: 10_000 });
  assert.equal(out, Array.from({ length: 80 }, () => `<p>${text}</p>\n`).join(''));
});

test('idle workers do not keep the process alive', () => {
  const markdown = fileURLToPath(new URL('./markdown.ts', import.meta.url));
  const script = `
    const { renderComment } = await import(${JSON.stringify(markdown)});
    const out = await renderComment('x *y* '.repeat(1000), { budgetMs: 10000 });
    console.log(out.includes('<em>y</em>') ? 'rendered' : 'fallback');`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(child.signal, null, `child did not exit on its own (${Math.round(performance.now() - started)} ms)`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'rendered');
});

test('after closeRenderPool a new render starts a fresh pool', async () => {
  await closeRenderPool();
  await closeRenderPool(); // idempotent
  const body = longBody('reopened');
  assert.equal(await renderComment(body, { budgetMs: 10_000 }), renderMarkdownSync(body));
});
