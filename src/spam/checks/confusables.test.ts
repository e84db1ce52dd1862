import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import type { CheckContext } from '../check.ts';
import { scanWords, skeleton, skeletonWords } from '../confusables.ts';
import { confusables } from './confusables.ts';

const run = (body: string) => confusables.run({ body, settings: DEFAULT_SETTINGS } as CheckContext);

test('skeleton folds look-alike letters, fonts and digits to plain text', () => {
  // Cyrillic ѕ р е с а о, a mathematical sans-serif i, plain Latin l f r.
  assert.equal(skeleton('ѕрес𝗂аl оffеr'), 'special offer');
  assert.equal(skeleton('Ｆｒｅｅ ＭＯＮＥＹ'), 'free money');
  assert.equal(skeleton('𝐁𝐔𝐘 𝐍𝐎𝐖'), 'buy now');
  assert.equal(skeleton('ᴄʟɪᴄᴋ ʜᴇʀᴇ'), 'click here');
  assert.equal(skeleton('Αpple'), 'apple'); // Greek capital alpha
  // Arabic-Indic and circled digits.
  assert.equal(skeleton('٠١٢٣ ①②'), '0123 12');
  assert.equal(skeleton('fr\u200bee'), 'free');
  assert.equal(skeleton('Ça coûte 5 €'), 'ca coute 5 €');
});

test('a Russian word and the same word with Latin look-alikes have one skeleton', () => {
  assert.equal(skeleton('Здpaвcтвyйтe'), skeleton('Здравствуйте'));
  assert.equal(skeleton('Пишите'), skeleton('Пuшuте'.replace(/u/g, 'и')));
  assert.deepEqual(
    skeletonWords('Call 555, now!').map((w) => w.text),
    ['call', '555', 'now'],
  );
});

test('words mixing scripts are counted; a sentence mixing them is not', () => {
  assert.equal(scanWords('ѕрес𝗂аl оffеr').mixed, 2);
  assert.equal(scanWords('Пpивeт, дpyг! Зapaбoтoк в интepнeтe').mixed, 4);
  assert.equal(scanWords('Я купил iPhone и Windows 11, всё работает').mixed, 0);
  assert.equal(scanWords('Je préfère le café à l’école, ça va ?').mixed, 0);
  assert.equal(scanWords('Η ΕΕ and the IMF agreed').mixed, 0);
});

test('units, Greek letters in formulas and Ukrainian i are not disguise', () => {
  assert.equal(scanWords('a 5μm filter and 3 μg of it').mixed, 0);
  assert.equal(scanWords('the Δx term and πr²').mixed, 0);
  // A Ukrainian writer typing the Latin i for "і".
  assert.equal(scanWords('кiлька хвилин тому').mixed, 0);
});

test('the check: one mixed word is a point, several hold, many are near-certain', () => {
  assert.equal(run('Great article, thanks.'), null);
  assert.equal(run('Статья хорошая, спасибо автору за iPhone-обзор.'), null);
  assert.equal(run('Article très intéressant, merci à l’équipe.'), null);
  assert.equal(run('Cliсk the link below')?.score, 1);
  assert.equal(run('Cliсk hеre to win')?.score, 2);
  // French, with Cyrillic а, е, с among its accented Latin letters.
  assert.equal(run('Cliquеz ici pour gagner')?.score, 1);
  assert.equal(run('Gаgnеz de l’аrgеnt fасilеmеnt, écrivеz-moi')?.score, 3);
  const held = run('Зapaбoтoк oт 800$ в нeдeлю, пишитe');
  assert.ok(held && held.score >= 3 && held.score < 6, JSON.stringify(held));
  const many = run('Пpивeт! Hoвoe нaпpaвлeниe, пaccивный дoxoд, oбyчeниe бecплaтнo');
  assert.equal(many?.score, 5);
  assert.equal(many!.reason, '7 words mixing look-alike letters of two alphabets, such as "Пpивeт" (Latin p, e)');
});

test('decorative fonts add a point only over several words', () => {
  assert.equal(run('𝐖𝐎𝐖'), null);
  const r = run('𝐈 𝐢𝐧𝐯𝐞𝐬𝐭𝐞𝐝 𝐚𝐧𝐝 𝐠𝐨𝐭 𝐫𝐢𝐜𝐡');
  assert.equal(r?.score, 1);
  assert.match(r!.reason, /decorative font/);
});
