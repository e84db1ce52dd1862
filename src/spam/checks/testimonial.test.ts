import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import { buildCheckContext, NO_PAGE, withClassifier } from '../check-context.ts';
import { moderate } from '../pipeline.ts';
import { testimonial } from './testimonial.ts';

function ctx(body: string) {
  const input = buildCheckContext({
    site: { id: 's', lang: 'en' },
    settings: DEFAULT_SETTINGS,
    comment: { name: 'Reader', email: 'reader@example.org', website: null, body, ipHash: null, userAgent: null },
    page: NO_PAGE,
    now: 0,
  });
  return withClassifier(input, null);
}
const points = (body: string) => testimonial.run(ctx(body))?.score ?? 0;

test('money made and credited to a handle is a testimonial, in English, French and Russian', () => {
  for (const body of [
    'i invested $1 000 and got $15 000 in 5 days, thank you for your honesty @trade_with_anna',
    "J'ai investi 500 € et j'ai reçu 4 000 € en une semaine, merci @marie_invest pour son honnêteté",
    'Я вложил 10 000 рублей и получил 90 000 за неделю, спасибо @ivan_trader за честность',
    'i made $21k with #amelia__mckean__ thank you',
  ])
    assert.equal(points(body), 3, body);
});

test('a giveaway to the first people to write counts', () => {
  assert.equal(points('paying 3 grands to the first 20 people who message me today'), 3);
  assert.ok(points('giving out $5000 to the first (5) people to dm me') >= 2);
});

test('readers talking of money, prices or thanks do not make one', () => {
  for (const body of [
    'I paid 10 bucks for 24 eggs, and that is economical.',
    'Thanks @wsj, great reporting on the harbour budget.',
    'The council spent $4 million on the ferry and got nothing back.',
    'Le conseil a dépensé 4 millions d’euros pour rien.',
    'Город потратил 4 миллиона рублей на паром.',
    '#budget2024 is a mess',
  ])
    assert.ok(points(body) < 3, body);
  assert.equal(points('The council spent $4 million on the ferry and got nothing back.'), 0);
  assert.equal(points('Thanks for the article about the first 10 people to arrive.'), 0);
});

test('never spam on its own; with a money account handle the contact check joins it', () => {
  const alone = moderate(ctx('i made $12k this month, thank you so much @sunny_days_99'));
  assert.notEqual(alone.outcome, 'spam');
  const sold = moderate(ctx('i invested $1 000 and got $15 000 in 5 days, thank you @forex_with_anna'));
  assert.equal(sold.outcome, 'spam', JSON.stringify(sold.reasons));
});
