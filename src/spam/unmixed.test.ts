import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unmixed } from './unmixed.ts';
import { selfPromotion } from './checks/self-promotion.ts';
import { praise } from './checks/praise.ts';
import { checkContext } from './checks/test-context.ts';

test('a word in two scripts is put back in the script most of its letters are in', () => {
  // English with Cyrillic а, е, о, с, у; French with a Cyrillic е; Russian with a Latin o and a Latin p.
  assert.equal(unmixed('сheck оut mу chаnnel'), 'check out my channel');
  assert.equal(unmixed('Mеrci pour cet article'), 'Merci pour cet article');
  assert.equal(unmixed('Пoдпишитесь нa мой кaнaл'), 'Подпишитесь на мой канал');
  assert.equal(unmixed('Зaходите пoсмотреть'), 'Заходите посмотреть');
});

test('words in one script, accents and units are left as they are', () => {
  for (const text of [
    'Великолепная статья, спасибо',
    'Une très belle analyse, à relire',
    'The ferry was late again',
    'naïve café, Ærø, Łódź',
    'a 5 μm filter, 3 μg per dose',
    'Ukraine: Київ and Kyiv',
  ])
    assert.equal(unmixed(text), text, text);
});

test('the phrase and praise checks read a disguised comment as what it says', () => {
  const score = (check: typeof praise, body: string) => check.run(checkContext(body, {}))?.score ?? 0;
  assert.equal(score(selfPromotion, 'сheck оut mу chаnnel, new videos every week'), 3);
  assert.equal(score(selfPromotion, 'Allеz voir mа chaîne, merci'), 3);
  assert.equal(score(selfPromotion, 'Пoдпишитесь, пожалуйста'), 3);
  assert.ok(score(praise, 'Grеat pоst, I bookmarked your blоg! https://shop.example') >= 4);
});

test('costs the same on long hostile text: each word is read once', () => {
  const cost = (text: string) => {
    const start = process.threadCpuUsage();
    unmixed(text);
    const used = process.threadCpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  for (const make of [
    (n: number) => 'аa'.repeat(n / 2),
    (n: number) => 'аa '.repeat(n / 3),
    (n: number) => 'ж'.repeat(n),
  ]) {
    cost(make(1000));
    assert.ok(cost(`${make(64_000)}x`) < 50);
  }
});
