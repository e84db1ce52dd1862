import type { Check } from '../check.ts';
import { countLinks } from './links.ts';
import { phrase, phraseText } from './phrase-text.ts';

// The comment as an advertisement: a business speaking of its offer ("we offer", "our tours",
// "book now", "from €499", "30% off", "for sale") with the address to buy at. Readers argue
// about businesses and prices, but they do not sell in the first person plural with a link to
// the shop; an advertiser has nothing else to say. Only with the link (an address or a bare
// domain) does it count: the offer alone is nothing.

const W = phrase;

/** A business speaking of itself and its offer, in the first person plural. */
const SELLER = W(
  [
    "we (?:offer|provide|sell|deliver|ship|specialize|specialise|supply|rent|organi[sz]e|guarantee|accept|buy (?:houses|homes|cars|gold))|(?:we are|we're) (?:a|an|the) (?:leading|trusted|professional|licensed|certified|family-run|local|best)",
    'our(?: [\\p{L}-]+){0,2} (?:agency|services|products|prices|rates|tours|packages|team of experts|travel experts|clinic|store|shop|properties|villas|apartments|rooms|offers|catalogue|catalog|courses|collection|resort|hotel)',
    '(?:book|order|shop|stay|travel|fly|sell|buy)(?: (?:your|a|an)(?: [\\p{L}-]+){0,3})? with us',
    // "Nous proposons au maire de relire le rapport" suggests; "nous proposons des circuits" sells.
    'nous (?:proposons|offrons) (?:des|nos|notre|une?|plusieurs|de nombreux)|nous (?:vendons|livrons)|nos (?:services|produits|prix|tarifs|offres|circuits|séjours)',
    'мы (?:предлагаем|продаём|продаем|доставляем|оказываем)|наши (?:услуги|цены|товары|туры)',
  ].join('|'),
);

/** The reader asked to buy now: "book now", "get your free quote", "réservez maintenant". */
const CALL = W(
  [
    '(?:book|order|buy|shop|call|reserve|enroll|register|apply|get yours|grab yours)(?: yours| it| them| online| a table| a room| a tour)? (?:now|today|online|at|via)',
    'get (?:your|a) (?:free |cash |instant )?(?:quote|offer|estimate|price)|book (?:your|a) site visit|sell your (?:house|home|car|gold|property)',
    '(?:réservez|commandez|achetez) (?:dès )?maintenant|devis gratuit',
    '(?:закажите|купите|звоните|бронируйте) (?:сейчас|сегодня)',
  ].join('|'),
);

/** The deal: a price it starts at, a discount, a sale, a guarantee. */
const DEAL = [
  // A price the offer starts at: bounded before only, since it ends in a digit or a sign.
  '(?<![\\p{L}\\p{N}])(?:(?:starting at|from only|only|just) [$€£₽] ?\\d|from (?:[$€£₽] ?\\d|\\d[\\d,.]* ?(?:euros?|dollars?|pounds?|€|£|\\$))(?![\\d,.]* ?(?:to|-|–)))',
  '(?<![\\p{L}\\p{N}])(?:starting|prices?) (?:at|from) [$€£₽]? ?\\d',
  // A run of digits is tried from its first digit only: from each, a long run was quadratic.
  '(?<!\\d)\\d+ ?% (?:off|discount)(?![\\p{L}\\p{N}])',
  W(
    'for sale|for rent|to let|limited (?:offer|time offer|stock|units)|special offer|(?:summer|winter|holiday|festive) (?:special|sale|offer)|best (?:prices?|deals?|rates?)|lowest (?:prices?|rates?)|unbeatable prices?|affordable prices?|best price guaranteed|free (?:shipping|delivery|quote|consultation|trial)|money[- ]back guarantee|(?:holiday|tour|travel) packages?',
  ),
  W('à vendre|à louer|livraison gratuite|meilleurs prix'),
  W('продаётся|продается|сдаётся|сдается|бесплатная доставка|низкие цены|скидк\\p{L}* до'),
].join('|');

/** The three kinds of sign, each one pattern: how many kinds agree says how sure the reading is. */
const SIGNS = [SELLER, CALL, DEAL].map((source) => new RegExp(source, 'iu'));

/** A bare domain ("lisbonwalks.example.pt", "туры-крым.рф"): the shop's address without its http://. */
const DOMAIN =
  /(?<![\p{L}\p{N}@.-])(?:[a-z0-9а-яё-]+\.)+(?:рф|рус|укр|бел|онлайн|сайт|com|net|org|info|biz|io|co|me|app|shop|store|online|site|xyz|top|club|pro|tv|ly|us|uk|de|ru|fr|es|it|nl|pl|pt|br|in|ae|au|ca|ch|eu|asia)(?![\p{L}\p{N}-])/iu;

/**
 * An offer with the address to take it up at: 3 points (a hold), 4 when two kinds of sign agree
 * (a seller's voice, a call to buy now, a deal). Never spam on its own: the classifier or
 * another check has to agree.
 */
export const advert: Check = {
  name: 'advert',
  wording: true,
  explained: 'whether the comment advertises a business’s offer, with a link to take it up',
  run(ctx) {
    // The address first: without a dot there is none, and most comments stop here.
    if (!ctx.body.includes('.')) return null;
    const text = phraseText(ctx.body);
    if (countLinks(ctx.body) === 0 && !DOMAIN.test(text)) return null;
    // "buy now", "call at" and "our services" are readers' words too: only the address to buy
    // at makes them an advertisement.
    let kinds = 0;
    for (const sign of SIGNS) if (sign.test(text)) kinds++;
    if (kinds === 0) return null;
    return kinds >= 2
      ? { score: 4, reason: 'advertises an offer and its terms, with a link to take it up' }
      : { score: 3, reason: 'advertises an offer, with a link to take it up' };
  },
};
