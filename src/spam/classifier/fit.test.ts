import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationError } from '../corpus-eval.ts';
import { balancedWeights, plattScale, rng } from './fit.ts';
import { sigmoid } from './model.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps;

/** `n` examples of one source, `spam` of them spam. */
const source = (name: string, n: number, spam: number) =>
  Array.from({ length: n }, (_, i) => ({ source: name, y: i < spam ? 1 : 0 }));

function weigh(examples: { source: string; y: number }[]) {
  const w = balancedWeights(
    examples.map((e) => e.source),
    examples.map((e) => e.y),
  );
  const total = (keep: (e: { source: string; y: number }) => boolean) => sum(w.filter((_, i) => keep(examples[i])));
  return { w, total };
}

test('spam and ham weigh the same in total and the mean weight is 1, with or without sources', () => {
  const data = [...source('news', 900, 30), ...source('chat', 60, 40), ...source('blog', 40, 40)];
  const { w, total } = weigh(data);
  assert.ok(close(sum(w) / w.length, 1));
  assert.ok(
    close(
      total((e) => e.y === 1),
      total((e) => e.y === 0),
    ),
  );
  // Without sources it is plain class balance: 30 spam among 1,000 weigh what the 970 ham do.
  const plain = weigh(source('', 1000, 30));
  assert.ok(
    close(
      plain.total((e) => e.y === 1),
      500,
    ) &&
      close(
        plain.total((e) => e.y === 0),
        500,
      ),
  );
  assert.ok(close(plain.w[0] / plain.w[999], 970 / 30));
});

// Corpora weigh exactly the same only when their spam shares agree: the class balance is applied
// after the corpus balance and moves it (in the shipped training, civil 13 % … wordpress 22 %).
test('every corpus weighs the same in total, however many examples it has (same spam share)', () => {
  // 16,000 news comments must not drown 600 chat messages: both a quarter spam here.
  const data = [...source('news', 16_000, 4_000), ...source('chat', 600, 150), ...source('sms', 2_000, 500)];
  const { w, total } = weigh(data);
  const share = (name: string) => total((e) => e.source === name) / w.length;
  for (const name of ['news', 'chat', 'sms']) assert.ok(close(share(name), 1 / 3), `${name}: ${share(name)}`);
  // Within a corpus and a class every example weighs the same: 600 chat messages weigh 27 times a news comment.
  assert.ok(close(w[16_000] / w[0], 16_000 / 600));
  assert.ok(close(w[16_599] / w[15_999], 16_000 / 600));
});

test("a corpus's total does not depend on its size, whatever the mix of corpora", () => {
  // Only spam shares matter: a corpus ten times larger with the same share weighs the same.
  const others = [...source('blog', 300, 300), ...source('news', 1_000, 0)];
  const small = weigh([...source('chat', 50, 20), ...others]);
  const large = weigh([...source('chat', 500, 200), ...others]);
  const part = (r: ReturnType<typeof weigh>, name: string) => r.total((e) => e.source === name) / r.w.length;
  for (const name of ['chat', 'blog', 'news']) assert.ok(close(part(small, name), part(large, name)), name);
});

/** Margins in [-4, 4] and labels drawn as spam with probability sigmoid(a·m + b): a known calibration. */
function drawn(n: number, a: number, b: number, seed: number) {
  const next = rng(seed);
  const margins = Array.from({ length: n }, () => -4 + 8 * next());
  const ys = margins.map((m) => (next() < sigmoid(a * m + b) ? 1 : 0));
  return { margins, ys };
}

test('Platt scaling finds the slope and offset that calibrate the margins', () => {
  const { margins, ys } = drawn(20_000, 0.5, -1, 3);
  const ones = ys.map(() => 1);
  const { a, b } = plattScale(margins, ys, ones);
  assert.ok(Math.abs(a - 0.5) < 0.05 && Math.abs(b + 1) < 0.08, `a=${a} b=${b}`);
  const calibrated = margins.map((m) => sigmoid(a * m + b));
  const raw = margins.map(sigmoid);
  assert.ok(calibrationError(calibrated, ys) < 0.02, `ECE ${calibrationError(calibrated, ys)}`);
  assert.ok(calibrationError(raw, ys) > 0.1, 'the raw margins were not calibrated');
});

test('Platt scaling on a separable set stays finite, ordered and short of certainty', () => {
  // Spam margins in [1, 3], ham in [-3, -1]: any slope separates them; the smoothed targets
  // ((n+1)/(n+2) and 1/(n+2)) keep the slope finite.
  const next = rng(5);
  const margins = [
    ...Array.from({ length: 200 }, () => 1 + 2 * next()),
    ...Array.from({ length: 300 }, () => -3 + 2 * next()),
  ];
  const ys = margins.map((m) => (m > 0 ? 1 : 0));
  const { a, b } = plattScale(
    margins,
    ys,
    ys.map(() => 1),
  );
  // Exact targets would push the slope towards infinity (past 25 in 50 steps); smoothed, it stays near 3.
  assert.ok(a > 1 && a < 10, `a=${a} b=${b}`);
  const p = margins.map((m) => sigmoid(a * m + b));
  assert.ok(
    p.every((x, i) => (ys[i] === 1 ? x > 0.9 : x < 0.1)),
    'every spam above 0.9, every ham below 0.1',
  );
  assert.ok(Math.max(...p) < 0.99999 && Math.min(...p) > 0.00001, `${Math.min(...p)}…${Math.max(...p)}`);
  // At the fit, the probabilities add up to the smoothed targets: 200·201/202 + 300·1/302.
  assert.ok(close(sum(p), (200 * 201) / 202 + 300 / 302, 1e-6), `${sum(p)}`);
  // The spam nearest the line is less sure than the surest.
  assert.ok(sigmoid(a + b) < sigmoid(3 * a + b));
});

test('Platt scaling reads sample weights as counts, and refuses a reversed slope', () => {
  const { margins, ys } = drawn(3_000, 1, 0, 11);
  // Ham weighing 3 is the same as ham written three times.
  const weighted = plattScale(
    margins,
    ys,
    ys.map((y) => (y === 0 ? 3 : 1)),
  );
  const tripled = ys.flatMap((y, i) => (y === 0 ? [i, i, i] : [i]));
  const copies = plattScale(
    tripled.map((i) => margins[i]),
    tripled.map((i) => ys[i]),
    tripled.map(() => 1),
  );
  assert.ok(close(weighted.a, copies.a, 1e-6) && close(weighted.b, copies.b, 1e-6), JSON.stringify([weighted, copies]));
  // Heavier ham moves the offset down: fewer comments at a margin are spam.
  assert.ok(
    weighted.b <
      plattScale(
        margins,
        ys,
        ys.map(() => 1),
      ).b -
        0.5,
  );
  // Out-of-fold scores that point the wrong way carry no information: the margins are kept as they are.
  const reversed = plattScale(
    margins,
    ys.map((y) => 1 - y),
    ys.map(() => 1),
  );
  assert.deepEqual(reversed, { a: 1, b: 0 });
});
