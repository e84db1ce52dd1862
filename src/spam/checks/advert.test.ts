import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moderate } from '../pipeline.ts';
import { checkContext } from './test-context.ts';
import { advert } from './advert.ts';

const ctx = (body: string, p?: number) => checkContext(body, { p, disabledChecks: ['form-timing'] });
const points = (body: string) => advert.run(ctx(body))?.score ?? 0;

test('an offer with the address to take it up is an advertisement, in English, French and Russian', () => {
  for (const body of [
    'Two-bedroom flats for sale near the new tram line, plans and prices on https://flats.example.org',
    'We offer same-day boiler repairs across the county, see www.heatfix.example.co.uk',
    'Winter coats 40% off until Sunday: coats-outlet.example.shop',
    'Weekend in Porto from €199 with flights and hotel, details at porto-breaks.example.pt',
    'Nous proposons des visites guidées du vieux port, voir visites-port.example.fr',
    'Мы предлагаем ремонт квартир под ключ, подробности на remont.example.ru',
  ])
    assert.equal(points(body), 3, body);
});

test('a seller, a call to buy and a deal: two of them together are surer', () => {
  for (const body of [
    'Our guided cycling tours of the old port run daily, book at harbourbikes.example.com',
    'Get your free quote for a new roof at roofers.example.com',
    'Book your river cruise with us, best price guaranteed: cruises.example.com',
    'We buy houses for cash in any state, get your cash offer at quickhomes.example.com',
    'Nous proposons des visites guidées du vieux port, réservez maintenant sur visites-port.example.fr',
    'Мы предлагаем туры по Байкалу, скидки до 30%, подробности на baikal.example.ru',
  ])
    assert.equal(points(body), 4, body);
});

test('the offer without an address, and readers quoting prices with their sources, are not', () => {
  for (const body of [
    'Our services at the county hospital are stretched thin, and the board knows it.',
    'The bakery is for sale and nobody in town wants to buy it, which says a lot.',
    'Call now? The office closes at five and the line is always busy.',
    'Fares went from €2 to €3.50 this year, see the council minutes on council.example.gov',
    'Our councillors voted for it, the vote is on https://council.example.org/minutes',
    'Nos services publics sont débordés et le conseil le sait très bien.',
    'La boulangerie est à vendre et personne en ville ne veut l’acheter.',
    'Les tarifs sont passés de 2 € à 3,50 € cette année, voir le compte rendu sur conseil.example.fr',
    'Nos élus ont voté pour, le procès-verbal est sur https://conseil.example.fr/proces-verbal',
    'Ils vendent nos données aux annonceurs, la politique est sur https://vie-privee.example.org',
    // "Nous proposons" suggests as often as it sells: a proposal to the mayor is no offer.
    'Nous proposons au maire de relire le rapport, il est sur https://rapport.example.fr',
    'Nous proposons de reporter le vote, le texte est sur conseil.example.fr',
    'Мы платим за отопление больше, чем соседи, а тепла нет.',
    'They sell your data to advertisers, the policy is on https://privacy.example.org',
  ])
    assert.equal(points(body), 0, body);
});

test('never spam on its own; with a classifier that would only hold, it is', () => {
  const ad = 'Our guided cycling tours of the old port run daily, book at harbourbikes.example.com';
  assert.notEqual(moderate(ctx(ad)).outcome, 'spam');
  assert.equal(moderate(ctx(ad, 0.9)).outcome, 'spam');
  assert.equal(moderate(ctx('The old port looked lovely at dawn today.', 0.9)).outcome, 'hold');
});

test('costs the same on long hostile text', () => {
  for (const body of ['a.'.repeat(30_000), 'our '.repeat(15_000), '€1'.repeat(30_000), `${'x-'.repeat(30_000)}.com`]) {
    const t = process.hrtime.bigint();
    advert.run(ctx(body));
    assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 50, `${body.slice(0, 12)}…`);
  }
});
