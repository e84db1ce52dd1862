import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import type { CheckContext } from '../check.ts';
import { skeleton, skeletonWords } from '../confusables.ts';
import { findEmails, findPhones, spelledEmail } from '../contact-scan.ts';
import { contact } from './contact.ts';

const run = (body: string) => contact.run({ body, settings: DEFAULT_SETTINGS } as CheckContext);
const score = (body: string) => run(body)?.score ?? 0;
const phones = (body: string) => findPhones(skeleton(body)).length;

test('phone numbers in the formats people write them', () => {
  for (const p of [
    '+1 (888) 555-0142',
    '888-555-0142',
    '888.555.0142',
    '1-800-555-0199',
    '06 12 34 56 78',
    '+33 6 12 34 56 78',
    '0 800 123 456',
    '8 (800) 555-35-35',
    '+7 999 123-45-67',
    '020 7946 0958',
    '09061701461',
    '1 8 0 0 5 5 5 0 1 9 9',
    '1-8OO-555-O199',
    '+44 7700 9OO 123',
    '＋１ ８８８ ５５５ ０１４２',
    '٠٦ ١٢ ٣٤ ٥٦ ٧٨',
  ])
    assert.equal(phones(`call ${p} now`), 1, p);
});

test('numbers that are not phone numbers', () => {
  for (const n of [
    'in 2016 2017 and 2018',
    'from 1999-2004',
    'on 12.03.2017 at 14:30',
    'le 12/03/2017, puis le 12 03 2017',
    'it cost $1,299.99, or 1299 dollars',
    'Paris compte 2 165 423 habitants',
    'a budget of $4500000',
    '465 000 people and 1 600 000 more',
    '1000000000 views',
    'up 20-30 000 a year',
    '3.5 million, 12%',
    'https://www.example.com/2016/09/02/story-1234567890.html',
    'see example.org/articles/20170314123456',
    'Score: 3-2, 1-1, 2-0',
    'I lost 10lbs in 2 weeks',
    'the server at 203.0.113.9 answered, then 198.51.100.23 did not',
  ])
    assert.equal(phones(n), 0, n);
});

test('e-mail addresses, also spelled out, and handles', () => {
  const e = (t: string) => findEmails(skeleton(t));
  assert.equal(e('write to jane.doe@example.org').emails.length, 1);
  assert.equal(e('jane (at) gmail (dot) com').emails[0].disguised, true);
  assert.equal(e('jane [at] example [dot] fr').emails.length, 1);
  assert.equal(e('jane @ gmail . com').emails.length, 1);
  assert.equal(
    e('ivan собака mail точка ru'.replace('собака', '(собака)').replace('точка', '(точка)')).emails.length,
    1,
  );
  assert.equal(e('just jane@gmail').emails.length, 1);
  assert.equal(spelledEmail(skeletonWords('mail jane at gmail dot com').map((w) => w.text)), 1);
  assert.equal(spelledEmail(skeletonWords('a t-shirt at gop dot com').map((w) => w.text)), -1);
  assert.equal(e('what a b@st@rd, kr@p. just kr@p').emails.length, 0);
  assert.deepEqual(
    e('thanks @mrs_x.trades and @Bob').handles.map((h) => h.name),
    ['mrs_x.trades', 'bob'],
  );
});

test('tech-support scams: a phone number with "call support" is near-certain, in three languages', () => {
  const en = run('Locked out? Call Coinbase customer support at +1 (888) 555-0142, 24/7.');
  assert.equal(en?.score, 5);
  assert.equal(en?.reason, 'a phone number with "customer support"');
  assert.ok(!/555/.test(en!.reason), 'the reason never echoes the number');
  assert.equal(score('Appelez le service client au 01 23 45 67 89, numéro vert.'), 5);
  assert.equal(score('Звоните в службу поддержки: 8 (800) 555-35-35, круглосуточно'), 5);
  assert.equal(run('Горячая линия банка: +7 495 123-45-67')?.reason, 'a phone number with "горяч… лини…"');
  assert.equal(score('Contact Binance support: +1 888 555 0142'), 5);
  assert.equal(score('Appelez l’assistance au 01 23 45 67 89'), 5);
  assert.equal(score('Обращайтесь в поддержку: +7 495 123-45-67'), 5);
  // Backing a cause is not a support line, even with a number further on.
  assert.equal(score('I support the levy. Call the clerk at 808-555-0142 to register.'), 2);
  // Letters for digits on top of it: written to dodge filters, spam on its own.
  const dodged = run('For tech support dial 1-8OO-555-O199 right now');
  assert.equal(dodged?.score, 6);
  assert.match(dodged!.reason, /dodge filters/);
});

test('a way out of the site with money talk holds the comment', () => {
  assert.equal(score('I invested $500 and got $6,000 in a week, thanks to @mrs_x_trades'), 3);
  assert.equal(score('Пишите в телеграм @ivan_work, заработок от 5000$ в неделю'), 3);
  assert.equal(score("J'ai gagné 3000 € en une semaine, écrivez-moi au 06 12 34 56 78"), 3);
  assert.equal(score('Start earning today: https://t.me/+AbCdEf123'), 3);
  assert.equal(score('You have won a £1000 prize! Call 09061701461 to claim'), 3);
});

test('an invitation to get in touch: two points, not a hold', () => {
  assert.equal(score('message me on whatsapp +44 7700 900123'), 2);
  assert.equal(score('❤️ Пишите только сюда ➡️ @alina_x'), 2);
  assert.equal(score('Напиши мне в вотсап +7 999 123-45-67'), 2);
  assert.equal(score('пиши + в ЛС'), 1);
  assert.equal(score('Contactez-moi sur Telegram'), 1);
});

test('readers citing numbers, addresses and messengers in passing', () => {
  // A reader may mention an office's number or their own address: weak, never a hold alone.
  assert.equal(score('The council office number is 808-555-0142 if you want to complain.'), 1);
  assert.equal(score('Call your MP and tell them what you think.'), 0);
  assert.equal(score('Call your MP at 613-555-0142, it works.'), 2);
  assert.equal(score('I called customer service three times and nobody answered.'), 0);
  assert.equal(score('Feel free to email me at jane.doe@example.org about the meeting.'), 2);
  assert.ok(score('email me at jane (at) example (dot) org') < 6);
  assert.equal(score('La réunion aura lieu le 12.03.2017 à 14h, salle 12.'), 0);
  assert.equal(score('Il a payé 1 234 567 euros en 2016-2017.'), 0);
  assert.equal(score('Об этом писали в телеграм-каналах, но официально не подтвердили.'), 0);
  assert.equal(score('Я в телеграме видел эту новость ещё вчера.'), 0);
  assert.equal(score('@Bob you are wrong about taxes, the $1,200 rebate was in 2019.'), 0);
  assert.equal(score('Signal is what the Fed sent to markets; investors read it well.'), 0);
});
