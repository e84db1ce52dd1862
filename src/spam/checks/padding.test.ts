import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import type { CheckContext } from '../check.ts';
import { padding } from './padding.ts';

const run = (body: string) => padding.run({ body, settings: DEFAULT_SETTINGS } as CheckContext);

test('ordinary comments, long or short, with a few emoji or line breaks, pass', () => {
  assert.equal(run('😂😂😂'), null);
  assert.equal(run('❤️🙌🏻🎉💕👏'), null);
  assert.equal(run('Great piece 👍 Thanks for the reporting ❤️'), null);
  assert.equal(run('First point.\n\nSecond point.\n\n\nThird point, after a pause.'), null);
  assert.equal(run('Je suis d’accord 👏 mais le maire 🙄 devrait répondre avant lundi 😡'), null);
  // No reader in 23,000 legitimate comments put emoji in four places of a text; one who does gets a point.
  assert.equal(run('Je suis d’accord 👏 mais le maire 🙄 devrait répondre 🤔 avant lundi 😡')?.score, 1);
  assert.equal(run('Полностью согласен 👍 Спасибо автору за статью 🙏'), null);
  // A refrain is not stuffing: the phrase fills too little of the text.
  assert.equal(
    run(
      'Lock her up, they chanted. Lock her up, again and again, while the speaker waited for the crowd to ' +
        'settle, and then lock her up once more before anyone could explain what the policy would be. ' +
        'The reporters wrote it all down; lock her up was the headline. Nobody discussed the budget, the ' +
        'schools, the roads or the pensions that the city council is about to vote on next Tuesday evening.',
    ),
    null,
  );
});

test('emoji as bullet points through a text: a point, two when there are many', () => {
  const r = run(
    '💸 Работа с телефона 📱 Заработок с первого дня 💰 Занятость 1-2 часа ⌚️ Реальный заработок от 750 в неделю',
  );
  assert.equal(r?.score, 1);
  assert.match(r!.reason, /4 groups of emoji/);
  const more = run(
    '🔥 Offre spéciale ✅ Sans expérience ✅ Paiement chaque jour 💶 Travail à domicile 📲 Écrivez-moi 👉 maintenant',
  );
  assert.equal(more?.score, 2);
});

test('the same phrase stuffed over and over', () => {
  const body = `${'Drop your wallet for 20$ '.repeat(6)}winner announced tomorrow`;
  const r = run(body);
  assert.equal(r?.score, 1);
  assert.match(r!.reason, /"drop your wallet" 6 times/);
  assert.equal(run('Купить диплом недорого. '.repeat(6))?.score, 1);
  // One word said many times is a reaction, not a phrase.
  assert.equal(run('no no no no no no no no no no no no no no'), null);
});

test('blank space used to push text out of sight', () => {
  assert.match(run(`Nice article.${' '.repeat(40)}cheap pills here`)!.reason, /a run of 40 spaces/);
  assert.match(run(`Nice article.${'\n'.repeat(8)}cheap pills here`)!.reason, /7 blank lines/);
  assert.match(run(`Nice article.${'\r\n \t'.repeat(6)}cheap pills here`)!.reason, /5 blank lines/);
  assert.equal(run(`Nice article.\u3164\u3164\u3164\u3164cheap`)?.score, 1);
});

test('invisible characters breaking words', () => {
  const r = run('Get fr\u200bee cas\u200bh now, vi\u200bagra');
  assert.equal(r?.score, 2);
  assert.match(r!.reason, /3 words broken by invisible characters/);
  assert.equal(run('Прод\u2060аю ак\u2060каунты')?.score, 2);
  // A joiner inside an emoji sequence, or a stray zero-width space after a word, is not disguise.
  assert.equal(run('Family 👩‍❤️‍👨 day at the beach'), null);
  assert.equal(run('like\u200b you said'), null);
});

test('signs add up to the hold line at most', () => {
  const body = `${'🔥 Gagnez 💶 vite ✅ '.repeat(5)}${' '.repeat(30)}gr\u200ba\u200btuit`;
  const r = run(body);
  assert.equal(r?.score, 3);
});
