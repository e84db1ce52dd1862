import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moderate } from '../pipeline.ts';
import { checkContext } from './test-context.ts';
import { isBareLink, links } from './links.ts';

test('a link with next to nothing said is a bare link, whatever its form', () => {
  for (const body of [
    'https://twitter.com/someone_photo',
    'http://binbox.io/1FIRo#123',
    'gofundme.com/grwmps',
    'More... http://shop.example.com/item?24398',
    'plz ^^ https://www.example.co/KodysMan',
    'Silly...\n\nhttp://i.imgur.example.com/VsdIpGv.png',
    'www.example.net/page',
    'Voir ici : https://photos.example.fr/album/42',
    'Regardez ça ! http://video.example.fr/x',
    'monblog.fr/promo',
    'Смотрите тут: https://vk.com/club123',
    'Подробнее: sait.example.ru/akciya',
  ])
    assert.equal(isBareLink(body), true, body);
});

test('a comment that says something beside its link, or none at all, is not', () => {
  for (const body of [
    'The full ruling is here, page 12: https://courts.example.gov/ruling.pdf',
    'I bought mine at amazon.com last year and it broke in a week.',
    'No link in this one at all.',
    'Node.js 24 runs TypeScript directly.',
    `${'word '.repeat(70)}https://example.com`,
    'Le jugement complet est ici, page 12 : https://tribunaux.example.fr/jugement.pdf',
    'J’ai acheté le mien sur amazon.fr l’an dernier et il a cassé en une semaine.',
    'Aucun lien dans celui-ci.',
    'Полный текст решения здесь, страница 12: https://sud.example.ru/reshenie.pdf',
    'Я купил свой на ozon.ru в прошлом году, сломался через неделю.',
    'Здесь нет никаких ссылок.',
  ])
    assert.equal(isBareLink(body), false, body);
});

test('addresses in Cyrillic (.рф and the like) are addresses too; Russian abbreviations are not', () => {
  for (const body of ['Подробнее: пример.рф', 'акции-недели.рф/скидки', 'Смотрите: магазин.онлайн'])
    assert.equal(isBareLink(body), true, body);
  for (const body of ['и т.д. и т.п.', 'т.е. всё плохо', 'Смотрите сайт мэрии, там всё написано.'])
    assert.equal(isBareLink(body), false, body);
});

test('a bare link waits for a moderator, with no points; with a sure classifier it is spam', () => {
  const ctx = (body: string, p?: number) => checkContext(body, { p, disabledChecks: ['form-timing'] });
  const r = links.run(ctx('https://twitter.com/someone_photo'));
  assert.deepEqual(r, { score: 0, reason: 'a link with next to nothing said', outcome: 'hold' });
  assert.equal(moderate(ctx('https://twitter.com/someone_photo')).outcome, 'hold');
  assert.equal(moderate(ctx('https://twitter.com/someone_photo', 0.999)).outcome, 'spam');
  assert.equal(moderate(ctx('The ruling is on https://courts.example.gov/ruling.pdf, page 12.')).outcome, 'approve');
  for (const bare of ['Voir ici : https://photos.example.fr/album/42', 'Смотрите тут: https://vk.com/club123'])
    assert.equal(links.run(ctx(bare))?.outcome, 'hold', bare);
  for (const said of [
    'Le jugement complet est ici, page 12 : https://tribunaux.example.fr/jugement.pdf',
    'Полный текст решения здесь, страница 12: https://sud.example.ru/reshenie.pdf',
  ])
    assert.equal(links.run(ctx(said)), null, said);
});

test('costs the same on long hostile text', () => {
  for (const body of ['a.com '.repeat(50), 'http://'.repeat(40), `${'a.'.repeat(140)}com`]) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) isBareLink(body);
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 50, body.slice(0, 12));
  }
});
