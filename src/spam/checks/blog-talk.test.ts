import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpamPage } from '../check.ts';
import { moderate } from '../pipeline.ts';
import { checkContext, type TestComment } from './test-context.ts';
import { blogTalk } from './blog-talk.ts';

const HARBOUR: SpamPage = {
  title: 'Council approves harbour budget after a second vote',
  url: 'https://news.example.com/2026/03/harbour-budget-vote',
};

const PORT: SpamPage = {
  title: 'Le conseil municipal adopte le budget du port après un second vote',
  url: 'https://journal.example.fr/2026/03/budget-port-vote',
};
const PORT_RU: SpamPage = {
  title: 'Городской совет утвердил бюджет порта после второго голосования',
  url: 'https://gazeta.example.ru/2026/03/byudzhet-porta',
};

const ctx = (body: string, opts: TestComment = {}) => checkContext(body, opts);
const points = (body: string, opts?: Parameters<typeof ctx>[1]) => blogTalk.run(ctx(body, opts))?.score ?? 0;

test('talk to the writer about the blog with nothing of the page fires, in English, French and Russian', () => {
  for (const body of [
    'You truly make this look simple in your writing, yet I still find the subject tough to follow.',
    'I really believe what you said in your post, most people simply miss it.',
    'Vous avez su rendre ce sujet si simple, je reviendrai sur votre blog.',
    'Вы так просто объясняете, обязательно загляну на ваш блог ещё.',
  ])
    assert.equal(points(body), 2, body);
});

test('with a link or a website it reaches the hold line, never more', () => {
  const body = 'You make it seem so easy with your presentation, I will come back to your site.';
  assert.equal(points(body, { website: 'http://example.com/' }), 3);
  assert.equal(points(`${body} http://example.com/`), 3);
  assert.equal(moderate(ctx(body, { website: 'http://example.com/', name: 'Jane Doe' })).outcome, 'hold');
});

test('readers arguing with the article, naming it or disapproving, do not fire; nor does what praise counts', () => {
  for (const body of [
    'Your article forgets that the council voted twice on this in March.',
    'You obviously did not read the post: Mayor Dupont said the opposite.',
    'Read the entire stupid article before you cherry-pick your quotes.',
    'Frankly, this is a pointless post.',
    'Votre article oublie que le conseil a voté deux fois en 2019.',
    'Ваша статья — полный бред, автор ничего не понимает.',
    'Great post, I will bookmark your blog!',
    'I agree with the decision on the harbour budget.',
  ])
    assert.equal(points(body), 0, body);
  // A word of the page: the comment is about the page, however it is worded.
  assert.equal(points('You explain the harbour budget so well in your post.', { page: HARBOUR }), 0);
});

test('insulting the writer or another reader is disapproval, not blog talk, with a website too', () => {
  for (const body of [
    "Don't mind your post because you're nuts, read the article again.",
    'Your post is crazy, you clearly did not read it.',
    'Votre article est fou, vous êtes cinglé.',
    'Ваш пост — бред психа, вы дебил.',
  ])
    assert.equal(points(body, { website: 'https://reader.example' }), 0, body);
});

test('on a French or Russian page, talk naming what the page is about does not fire; talk unrelated to it does', () => {
  for (const [page, unrelated, named] of [
    [
      PORT,
      'Vous avez su rendre ce sujet si simple, je reviendrai sur votre blog.',
      'Vous avez su rendre le budget du port si simple, je reviendrai sur votre blog.',
    ],
    [
      PORT_RU,
      'Вы так просто объясняете, обязательно загляну на ваш блог ещё.',
      'Вы так просто объясняете бюджет порта, обязательно загляну на ваш блог ещё.',
    ],
    [
      PORT_RU,
      'Вы так просто объясняете, обязательно загляну на ваш блог ещё.',
      'Вы так просто объясняете голосование совета, обязательно загляну на ваш блог ещё.',
    ],
  ] as const) {
    assert.equal(points(unrelated, { page }), 2, unrelated);
    // Where nobody named the page the same words fire: only the page's words clear them.
    assert.equal(points(named), 2, named);
    assert.equal(points(named, { page }), 0, named);
  }
});

test('with a keyword name and a website, a link seller reaches spam', () => {
  const v = moderate(
    ctx('You truly make this look simple in your writing, I find the subject tough.', {
      name: 'cheap airline flights',
      website: 'http://example.com/',
    }),
  );
  assert.equal(v.outcome, 'spam');
  const score = (check: string) => v.reasons.find((r) => r.check === check)?.score;
  assert.equal(score('blog-talk'), 3);
  assert.equal(score('author-fields'), 3);
});

test('one "you" and one word of the post is too little: a message to a friend reads so', () => {
  assert.equal(points('Did you read it?'), 0);
  assert.equal(points('Tu as lu le texte ?'), 0);
  assert.equal(points('Ты прочитал?'), 0);
});
