import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../core/sites/settings.ts';
import { buildCheckContext, withClassifier } from '../check-context.ts';
import { moderate } from '../pipeline.ts';
import { anchorText, authorFields, keywordCover, readHost, websiteCarriesName } from './author-fields.ts';

function ctx(name: string, website: string | null, body = 'I read it twice and still disagree with the second half.') {
  const input = buildCheckContext({
    site: { id: 's', lang: 'en' },
    settings: DEFAULT_SETTINGS,
    comment: { name, email: 'someone@example.org', website, body, ipHash: null, userAgent: null },
    page: { title: 'Council approves harbour budget after a second vote', url: 'https://news.example.com/2026/03/x' },
    now: 0,
  });
  return withClassifier(input, null);
}
const hostPoints = (url: string) => readHost(new URL(url)).points;

test('keyword phrases and web addresses as names are anchor text', () => {
  for (const name of [
    'cheap airline flights',
    'Home Improvement',
    'best seo services',
    'adjustable mattresses',
    'House & Home Improvement',
    'Buy Cialis Online',
    'www.cheap-flights.example',
    'bestmattressdeals.com',
    'rachat de crédit pas cher',
    'купить диплом',
    'ремонт квартир недорого',
  ])
    assert.ok(anchorText(name), name);
});

test("people's names, initials, nicknames and handles are not", () => {
  for (const name of [
    'John Smith',
    'john smith',
    'J. Price',
    'J.Smith',
    'Loan Nguyen',
    'Rich Field',
    'Art Law',
    'Sports Fan',
    'Health Nut',
    'Retired Teacher',
    'Small Business Owner',
    'Home Cook',
    'ron.holiday',
    'sunny_money',
    'Marie-Claire Dubois',
    'Александр Петров',
    'Старый читатель',
    'mike77',
    'JS',
  ])
    assert.equal(anchorText(name), null, name);
});

test('hostnames glued from keywords, shortened or redirected links, cheap domains score; personal pages do not', () => {
  assert.equal(hostPoints('http://adjustablebedsprices.org/'), 1);
  assert.equal(hostPoints('http://cheap-airline-flights-online.xyz/'), 2, 'several signs, at most 2');
  assert.equal(hostPoints('https://bit.ly/3xYz'), 1);
  assert.equal(hostPoints('https://example.org/go?url=https://pills.example'), 1);
  assert.equal(hostPoints('http://www.xptnn.com/'), 0.5);
  for (const url of [
    'https://janedoe.blogspot.com/',
    'https://www.linkedin.com/in/jane-doe-4821',
    'https://cheap-flights-online.github.io/',
    'https://medium.com/@jdoe',
    'https://twitter.com/jdoe',
    'https://vk.com/id123456',
    'https://janedoe.com',
    'https://www.smithplumbing.com',
    'https://ivanov.ru',
    'https://www.bbc.co.uk/news',
  ])
    assert.equal(hostPoints(url), 0, url);
  // A French double first name costs half a point: the price of reading hyphens at all.
  assert.equal(hostPoints('https://jean-pierre-dupont.fr'), 0.5);
  assert.deepEqual(keywordCover('cheapflights'), { covered: 12, letters: 12, words: 2, longest: 7 });
});

test('anchor text with a link to point at reaches the hold line, never more', () => {
  assert.equal(authorFields.run(ctx('cheap airline flights', null)), null, 'no website, no link: nothing to anchor');
  assert.equal(authorFields.run(ctx('cheap airline flights', 'https://my-travel.example'))?.score, 3);
  assert.equal(authorFields.run(ctx('cheap airline flights', 'http://adjustablebedsprices.org/'))?.score, 3);
  const worst = authorFields.run(ctx('Buy Cheap Flights', 'http://cheap-airline-flights-online.xyz/?ref=http://x'));
  assert.equal(worst?.score, 3);
  assert.equal(worst?.outcome, undefined, 'it demands nothing: only its points count');
  assert.match(worst?.reason ?? '', /order.*link to point it at.*keywords/);
  assert.equal(authorFields.run(ctx('Jane Doe', 'https://janedoe.substack.com')), null);
  assert.equal(authorFields.run(ctx('Tom Baker', 'https://www.bakerroofing.com')), null);
  // A keyword name with a link in the comment instead of the website field.
  assert.equal(authorFields.run(ctx('best seo services', null, 'Thanks! https://seo.example'))?.score, 3);
});

test('with an empty compliment and a link, a link seller reaches spam; each check alone only holds', () => {
  const body = 'Great post, very informative. I will bookmark your blog and come back for more!';
  const sold = moderate(ctx('cheap airline flights', 'http://adjustablebedsprices.org/', body));
  assert.equal(sold.outcome, 'spam', JSON.stringify(sold.reasons));
  assert.equal(moderate(ctx('Jane Doe', 'https://janedoe.substack.com', body)).outcome, 'hold');
  const anchorOnly = moderate(ctx('cheap airline flights', 'http://adjustablebedsprices.org/'));
  assert.equal(anchorOnly.outcome, 'hold');
});

test('describing words beside a keyword, and English small words tying a phrase, make anchor text', () => {
  for (const name of [
    'Latest Technology',
    'Modern Sofa',
    'Law And Legal',
    'Department of Finance',
    'What Is A Business',
    'Formation Entreprise',
    'Meubles et Décoration',
    'Мебель и диваны',
  ])
    assert.ok(anchorText(name), name);
  for (const name of ['Grace Market', 'Pro', 'Jean de La Fontaine', 'Sterling Price', 'Pierre Lefèvre', 'Иван Петров'])
    assert.equal(anchorText(name), null, name);
});

test('names that ask to be clicked, and search words typed in lowercase, are anchor text', () => {
  for (const name of ['see this here', 'Important Link', 'cliquez ici', 'ссылка здесь', 'pallet dvd shelves'])
    assert.ok(anchorText(name), name);
  for (const name of ['Mary Ann Smith', 'Marie Claire Dubois', 'Анна Мария Иванова', 'mary smith', 'Site Manager'])
    assert.equal(anchorText(name), null, name);
});

test("a script's numbered page or a profile in a query is not a home page", () => {
  assert.equal(hostPoints('http://example.com/comment/html/index.php?page=1&id=22710'), 0.5);
  assert.equal(hostPoints('http://example.com/index.php?option=com_k2&view=itemlist&task=user&id=91223'), 0.5);
  assert.equal(hostPoints('https://www.facebook.com/profile.php?id=1000123'), 0);
  assert.equal(hostPoints('https://janedoe.com/?p=12'), 0);
});

test('what is sold in the plural, and abstract nouns, read as keywords in a name', () => {
  for (const name of ['Seafood Restaurants', 'Vinyl Windows', 'Accommodation', 'formation continue', 'Образование'])
    assert.ok(anchorText(name), name);
  for (const name of ['Ron Holiday', 'Marion Banks', 'Penny Price', 'Sébastien Marion'])
    assert.equal(anchorText(name), null, name);
});

test("a person's website carries their name; a link seller's made-up name points at a stranger's site", () => {
  const carries = (name: string, url: string) => websiteCarriesName(name, new URL(url));
  assert.ok(carries('John Smith', 'https://johnsmith.com/'));
  assert.ok(carries('Jean-Pierre Dubois', 'https://www.plomberie-dubois.fr'));
  assert.ok(carries('Élodie Martin', 'https://elodie.me'));
  assert.ok(carries('Александр Петров', 'http://remont-petrov.ru'));
  assert.ok(carries('kiwi_dave', 'https://kiwidave.net'));
  assert.ok(!carries('Brittney Weiner', 'http://www.everypandora.com/'));
  assert.ok(!carries('Cécile Moreau', 'http://www.agence-immo-lyon.fr/'));
  assert.ok(!carries('Ольга Смирнова', 'http://kupit-divan.ru/'));
  // A point and a half, in the reason; a platform's page or a shortener is not compared.
  assert.equal(authorFields.run(ctx('Brittney Weiner', 'http://www.everypandora.com/'))?.score, 1.5);
  assert.equal(authorFields.run(ctx('Brittney Weiner', 'https://brittneyw.substack.com/')), null);
});

test('a short random path on a bare host reads as a shortened link', () => {
  assert.equal(hostPoints('http://lihat.us/5ciyl'), 1);
  assert.equal(hostPoints('https://janedoe.com/about'), 0);
  assert.equal(hostPoints('https://janedoe.com/2019'), 0);
});
