import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moderate } from '../pipeline.ts';
import { checkContext } from './test-context.ts';
import { selfPromotion } from './self-promotion.ts';

const ctx = (body: string, p?: number) => checkContext(body, { p });
const points = (body: string) => selfPromotion.run(ctx(body))?.score ?? 0;

test('asking readers to look at or follow the writer’s own page fires, in English, French and Russian', () => {
  for (const body of [
    'Hey all, come check out my new channel, I post drum covers every Friday!',
    'Pls subscribe to me, I am trying to reach 500 before summer',
    'Take a look at my blog when you have a minute, I review ferries and night trains.',
    'Follow me on Instagram for more photos of the harbour.',
    'Allez voir ma chaîne, je fais des recettes de saison chaque semaine.',
    'Abonnez-vous, ça m’aide beaucoup !',
    'Заходите на мой канал, там разборы новых телефонов.',
    'Подпишитесь, пожалуйста, мне очень важно.',
  ])
    assert.equal(points(body), 3, body);
});

test('a follow-back deal counts more, and a link adds a point', () => {
  assert.equal(points('nice song. sub 4 sub anyone?'), 3.5);
  assert.equal(points("Subscribe to my channel and I'll subscribe back!"), 3.5);
  assert.equal(points('Je m’abonne en retour, promis.'), 3.5);
  assert.equal(points('like 4 like, anyone?'), 3.5);
  assert.equal(points('Взаимная подписка, пишите!'), 3.5);
  assert.equal(points('Allez voir ma\nchaîne, merci'), 3);
  assert.equal(points('check out my shop https://shop.example/handmade-mugs'), 4);
  assert.equal(points('sub4sub www.example.net/channel/drums'), 4.5);
});

test('readers pointing at the story, the paper or someone else, and "like me" as liking, do not fire', () => {
  for (const body of [
    'Check out the report itself, page 14 has the real numbers.',
    'I am going to subscribe to the paper again after this series.',
    'They clearly don’t like me on this forum, and that is fine.',
    'Craig would like us to think it was all settled.',
    'If you follow me, the point is that the budget was cut twice.',
    'Visit the council’s site for the full timetable.',
    'Allez voir le rapport, tout y est.',
    'Посмотрите отчёт мэрии, там всё написано.',
    'My daughter likes my old records more than her own playlist.',
  ])
    assert.equal(points(body), 0, body);
});

test('alone it holds, never spam; beside a classifier that would only hold, it is spam', () => {
  // As in a file measured by `parley spam eval`: nothing about how the comment was posted.
  const posted = (body: string, p?: number) => checkContext(body, { p, disabledChecks: ['form-timing'] });
  const alone = moderate(posted('check out my channel please!'));
  assert.equal(alone.outcome, 'hold', JSON.stringify(alone.reasons));
  const unsure = moderate(posted('the ferry was late again this morning', 0.9));
  assert.equal(unsure.outcome, 'hold', JSON.stringify(unsure.reasons));
  const agreed = moderate(posted('check out my channel please!', 0.9));
  assert.equal(agreed.outcome, 'spam', JSON.stringify(agreed.reasons));
});

test('costs the same on long hostile text', () => {
  for (const body of ['my '.repeat(20_000), 'check out '.repeat(6_000), 'a'.repeat(60_000), 'sub '.repeat(15_000)]) {
    const t = process.hrtime.bigint();
    selfPromotion.run(ctx(body));
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 50, `${body.slice(0, 12)}…`);
  }
});

test('the words as this spam types them, subscriber goals and the newcomer to be discovered fire', () => {
  for (const body of [
    'Sucscribe to me pls!!',
    'suscribe my chanel, new video every week',
    'Check out my newest remix, took me a month',
    'If I get 300 subscribers by Friday I will post the whole tour',
    'help me reach 1k subs before christmas',
    "Hey I'm a new youtuber, I review budget phones",
  ])
    assert.equal(points(body), 3, body);
});

test('the same words about the paper, the news or someone else do not fire', () => {
  for (const body of [
    'If we get 100 subscribers the community radio survives another year, says the board.',
    'I subscribe to the print edition and this story was not in it.',
    'The new channel tunnel timetable is worse than the old one.',
    "I'm a new reader here, and this is the best piece on the strike so far.",
    'They checked us out at the border for an hour.',
    'Coco Chanel would not have approved of this redesign.',
    'My son wants to reach 100 subscribers; I told him to finish school first.',
  ])
    assert.equal(points(body), 0, body);
});
