import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpamPage } from '../check.ts';
import { moderate } from '../pipeline.ts';
import { checkContext, type TestComment } from './test-context.ts';
import { praise } from './praise.ts';

const HARBOUR: SpamPage = {
  title: 'Council approves harbour budget after a second vote',
  url: 'https://news.example.com/2026/03/harbour-budget-vote',
};

// The same story on a French and on a Russian site: relevance is read in the page's own language.
const PORT: SpamPage = {
  title: 'Le conseil municipal adopte le budget du port après un second vote',
  url: 'https://journal.example.fr/2026/03/budget-port-vote',
};
const PORT_RU: SpamPage = {
  title: 'Городской совет утвердил бюджет порта после второго голосования',
  url: 'https://gazeta.example.ru/2026/03/byudzhet-porta',
};

const ctx = (body: string, opts: TestComment = {}) => checkContext(body, opts);
const points = (body: string, opts?: Parameters<typeof ctx>[1]) => praise.run(ctx(body, opts))?.score ?? 0;

test('empty compliments about the post or the blog fire, in English, French and Russian', () => {
  for (const body of [
    'Great post! I will bookmark your blog and come back for more.',
    'Spent the whole evening surfing the web and this is the most informative article I found. Thanks, keep it up!',
    'Thanks for sharing this wonderful article, very helpful content.',
    'What a lovely website, the writing is superb. Subscribed to your feed!',
    'Merci pour cet article très intéressant, je l’ajoute à mes favoris !',
    'Super blog, bravo à l’auteur, je reviendrai souvent.',
    'Спасибо за полезную статью, добавил в закладки.',
    'Отличный блог, автору респект! Подписался на обновления.',
  ])
    assert.ok(points(body) > 0, body);
});

test('comments with something of their own do not, however warm', () => {
  for (const body of [
    'Great article, but you forgot that the council voted twice on this in March.',
    'Thanks Anna, the part about the 1998 floods matches what my grandmother told me.',
    'Good piece. The ferry schedule was already cut last winter and nobody at city hall noticed until the petition.',
    'Article intéressant, mais le maire Dupont oublie que le conseil a voté deux fois en 2019.',
    'Хорошая статья, но автор забыл, что Госдума приняла этот закон ещё в 2015 году.',
    'Nice post. As the minister said, “we will not raise taxes before the election” and here we are.',
  ])
    assert.equal(points(body), 0, body);
});

test('criticism and sarcasm are not praise', () => {
  for (const body of [
    'This article is biased garbage.',
    'Nice clickbait headline, terrible journalism.',
    'Great job, another pathetic and stupid article from this site.',
    'Article nul et partial, quelle honte.',
    'Отличная статья, если нравится враньё и пропаганда. Позор.',
  ])
    assert.equal(points(body), 0, body);
});

test('a negated compliment is none, with a website as much as without', () => {
  for (const body of [
    'You are not a good person.',
    "This isn't helpful at all, the article.",
    'Never good, this blog.',
    'Ce n’est pas un bon article.',
    'Pas terrible, ce billet.',
    'Не лучшая статья, автор.',
    'Статья не интересная.',
  ]) {
    assert.equal(points(body), 0, body);
    assert.equal(points(body, { website: 'https://reader.example' }), 0, `${body} (with a website)`);
  }
  // Undone only right after the negation: praise further on still counts.
  assert.ok(points('Never seen such a great post, bookmarked your blog!') > 0);
  assert.ok(points('Je n’ai jamais lu un si bon article, merci pour ce blog !') > 0);
});

test('short replies and thanks to another reader are not about the post', () => {
  for (const body of ['I agree with you.', 'Thank you!', 'Exactly right.', 'Merci, moi aussi.', 'Спасибо, согласен.'])
    assert.equal(points(body, { page: HARBOUR, website: 'https://reader.example' }), 0, body);
});

test('praise alone stays below the hold line; an unrelated page brings it to 3, a website or link to 4.5 at most', () => {
  const body = 'Wonderful article, very informative. Thanks for writing it!';
  const alone = points(body);
  assert.ok(alone > 0 && alone < 3, `${alone}`);
  assert.ok(points(body, { page: HARBOUR }) > alone, 'a page it shares nothing with adds');
  assert.ok(points(body, { website: 'https://my.example' }) > alone, 'a website adds');
  assert.ok(points(`${body} https://my.example/shop`) > alone, 'a link adds');
  assert.equal(
    points(`${body} Bookmarked! https://my.example/shop`, { page: HARBOUR, website: 'https://my.example' }),
    4.5,
  );
  assert.equal(points(`${body} Bookmarked!`, { page: HARBOUR }), 3);
  // On its own: a website on the reader's own name, so that author-fields has nothing to say.
  const own = { page: HARBOUR, website: 'https://janedoe.example', name: 'Jane Doe' };
  const verdict = moderate(ctx(`${body} Bookmarked!`, own));
  assert.deepEqual(
    verdict.reasons.filter((r) => r.check !== 'form-timing').map((r) => r.check),
    ['praise'],
  );
  assert.notEqual(verdict.outcome, 'spam', 'never spam on its own');
});

test('a compliment that names what the page is about is not empty', () => {
  const empty = 'Great article, thanks for sharing!';
  assert.ok(points(empty, { page: HARBOUR }) > 0);
  assert.equal(
    points('Great article on the harbour budget vote, thanks for sharing it with us!', { page: HARBOUR }),
    0,
  );
  // The page is read from its title and from the words of its address.
  const byUrl = { title: null, url: 'https://news.example.com/2026/03/harbour-budget-vote' };
  assert.equal(points('Great article on the harbour budget vote, thanks for sharing it with us!', { page: byUrl }), 0);
});

test('on a French or Russian page, a compliment naming what the page is about is not empty; an unrelated one is', () => {
  for (const [page, empty, named] of [
    [PORT, 'Super article, merci pour le partage !', 'Super article sur le budget du port, merci pour le partage !'],
    [PORT, 'Super article, merci pour le partage !', 'Super article sur le vote du conseil municipal, merci !'],
    [PORT_RU, 'Спасибо за отличную статью, очень полезно!', 'Отличная статья о бюджете порта, спасибо!'],
    [
      PORT_RU,
      'Спасибо за отличную статью, очень полезно!',
      'Отличная статья про голосование городского совета, спасибо!',
    ],
  ] as const) {
    // Unrelated to the page: empty, and the more so for sharing no word with it.
    assert.ok(points(empty, { page }) > points(empty), empty);
    // The same compliment is empty where nobody named the page: only the page's words clear it.
    assert.ok(points(named) > 0, named);
    assert.equal(points(named, { page }), 0, named);
  }
  // The address's words count too when the title is unknown.
  assert.equal(points('Super article sur le budget du port, merci !', { page: { title: null, url: PORT.url } }), 0);
});

test('the reason says what was found; the words come when a moderator looks', () => {
  const r = praise.run(ctx('Great post, I will bookmark your blog!', { page: HARBOUR, website: 'https://my.example' }));
  assert.ok(r);
  assert.match(r.reason, /praise of the post/);
  assert.match(r.reason, /bookmarks/);
  assert.match(r.reason, /website/);
  assert.match(r.reason, /no word in common with the page/);
  assert.match(r.detail?.() ?? '', /"great".*"post".*"bookmark".*"blog"/);
  const unknownPage = praise.run(ctx('Great post, I will bookmark your blog!'));
  assert.doesNotMatch(unknownPage?.reason ?? '', /no word in common/, 'nothing said about a page nobody named');
});

test('a famous saying signed at the end is no quotation of the page', () => {
  for (const body of [
    'Very interesting post, thanks for sharing. “Time is money.” by Benjamin Franklin.',
    'Super article, merci ! « La patience est amère, mais son fruit est doux. » par Jean-Jacques Rousseau',
    'Спасибо за полезную статью! «Терпение и труд всё перетрут.» — Лев Толстой',
  ])
    assert.ok(points(body) > 0, body);
  for (const body of [
    'Good article. The mayor said “we will not raise taxes before the election” — Dupont still disagrees with him.',
    'Article intéressant. Le maire a dit « nous ne lèverons pas les impôts » et le conseil a voté contre en 2019.',
    'Хорошая статья. Мэр сказал «налоги не поднимем», а Дума проголосовала против в 2019 году.',
  ])
    assert.equal(points(body), 0, body);
});

test("a blog spinner's stock compliments are praise; the same words about a page's subject are not", () => {
  for (const body of [
    'Lovely blog and instructive entries, I will keep following.',
    'Superb points all round, you have gained a new follower. What else would you add to your write-up?',
    'I am a regular visitor of your weblog, keep writing!',
  ])
    assert.ok(points(body) > 0, body);
  for (const body of [
    'The presentation by the harbour master in 2019 showed the budget was short by 4 million.',
    'La présentation du budget au conseil municipal a été reportée deux fois.',
    'Презентация бюджета в городском совете снова перенесена на март.',
  ])
    assert.equal(points(body), 0, body);
});

test('a compliment to the writer as a person is praise; about someone named, it is not', () => {
  assert.ok(points('You are a very smart person!') > 0);
  assert.equal(points('Mayor Dupont is a smart person, but the harbour budget is still short.'), 0);
});
