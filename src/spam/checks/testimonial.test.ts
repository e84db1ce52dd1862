import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moderate } from '../pipeline.ts';
import { checkContext } from './test-context.ts';
import { testimonial } from './testimonial.ts';

const ctx = (body: string) => checkContext(body);
const points = (body: string) => testimonial.run(ctx(body))?.score ?? 0;

test('money made and credited to a handle is a testimonial, in English, French and Russian', () => {
  for (const body of [
    'i invested $1 000 and got $15 000 in 5 days, thank you for your honesty @trade_with_anna',
    "J'ai investi 500 € et j'ai reçu 4 000 € en une semaine, merci @marie_invest pour son honnêteté",
    'Я вложил 10 000 рублей и получил 90 000 за неделю, спасибо @ivan_trader за честность',
    'i made $21k with #amelia__mckean__ thank you',
  ])
    assert.equal(points(body), 4, body);
});

test('an amount written apart from its sign, and an account named without its @, still count', () => {
  assert.equal(points('i put in $ 700 and withdrew $ 5 200 two weeks later, all thanks to nora_fx_signals'), 4);
  // The same story with the name written as a plain name credits nobody.
  assert.equal(points('i put in $ 700 and withdrew $ 5 200 two weeks later, all thanks to Nora'), 1);
});

test('names with underscores in code are not accounts', () => {
  for (const body of [
    'Thanks, setting max_connections to 200 helped and my server made it through the sale at 3k requests a second.',
    'I raised work_mem to 64 MB and the report that took 40 s now returns in 2 s, thank you for the tip.',
    'Merci, avec shared_buffers à 2 Go la requête passe de 30 s à 4 s.',
  ])
    assert.ok(points(body) < 3, body);
});

test("a handle padded with underscores beside the writer's story or money counts without an amount", () => {
  for (const body of [
    'start making good profit with #amelia__mck__',
    'i will keep telling my friends about you #chloe____addy',
    'my life changed the day i met @__sara_grov',
    'je gagne chaque semaine avec @marie_fx_',
    'я наконец-то вывел прибыль с @anna__trade__',
  ])
    assert.equal(points(body), 3, body);
  // The same thanks to a plain handle is a reader thanking someone: it stays small.
  assert.equal(points('start making good profit with #amelia_mck'), 0);
  assert.equal(points('i will keep telling my friends about you @chloe_addy'), 0);
});

test('a padded handle alone, a friend tagged or code, is not a testimonial', () => {
  for (const body of [
    '@erin_salim_',
    '@rchl14_ look at this',
    'Python calls __init__ first',
    'I see #__proto__ in the spec',
  ])
    assert.equal(points(body), 0, body);
});

test('a giveaway to the first people to write counts, more when it asks them to write', () => {
  assert.equal(points('paying 3 grands to the first 20 people who message me today'), 4);
  assert.equal(points('giving out $5000 to the first (5) people to dm me'), 3);
  assert.equal(points('helping with rent: funding the first ten people to inbox me "rent"'), 3);
  assert.equal(points('les cinq premières personnes arrivées ont eu une place assise'), 0);
  assert.equal(points('je paie les dettes des cinq premières personnes qui m’écrivent'), 3);
  assert.equal(points('оплачу долги первым пяти, кто напишет мне'), 3);
  assert.equal(points('giving $200 to the first 3 people who finish the marathon'), 2);
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
