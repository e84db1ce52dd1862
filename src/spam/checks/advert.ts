import type { Check } from '../check.ts';
import { countLinks } from './links.ts';
import { phrase, phraseText } from './phrase-text.ts';

// The comment as an advertisement: a business speaking of its offer ("we offer", "our tours",
// "book now", "from €499", "30% off", "for sale") with the address to buy at. Readers argue
// about businesses and prices, but they do not sell in the first person plural with a link to
// the shop; an advertiser has nothing else to say. Only with the link (an address or a bare
// domain) does it count: the offer alone is nothing.

const W = phrase;

/** A business speaking of itself and its offer. */
const SELLER = new RegExp(
  [
    W(
      "we (?:offer|provide|sell|deliver|ship|specialize|specialise|supply|rent|organi[sz]e|guarantee|accept)|(?:we are|we're) (?:a|an|the) (?:leading|trusted|professional|licensed|certified|family-run|local|best)",
    ),
    W(
      'our(?: [\\p{L}-]+){0,2} (?:agency|services|products|prices|rates|tours|packages|team of experts|clinic|store|shop|properties|villas|apartments|rooms|offers|catalogue|catalog|courses|collection)',
    ),
    W(
      '(?:book|order|buy|shop|call|reserve|enroll|register|apply|get yours|grab yours)(?: yours| it| them| online| a table| a room| a tour)? (?:now|today|online|at|via)',
    ),
    // A price the offer starts at: bounded before only, since it ends in a digit or a sign.
    '(?<![\\p{L}\\p{N}])(?:(?:starting at|from only|only|just) [$€£₽] ?\\d|from (?:[$€£₽] ?\\d|\\d[\\d,.]* ?(?:euros?|dollars?|pounds?|€|£|\\$))(?![\\d,.]* ?(?:to|-|–)))',
    W(
      'for sale|for rent|to let|limited (?:offer|time offer|stock)|special offer|best prices?|lowest prices?|unbeatable prices?|affordable prices?|free (?:shipping|delivery|quote|consultation|trial)|money[- ]back guarantee',
    ),
    '(?<![\\p{L}\\p{N}])(?:starting|prices?) (?:at|from) [$€£₽]? ?\\d',
    // A run of digits is tried from its first digit only: from each, a long run was quadratic.
    '(?<!\\d)\\d+ ?% (?:off|discount)(?![\\p{L}\\p{N}])',
    W(
      'nous (?:proposons|offrons|vendons|livrons)|nos (?:services|produits|prix|tarifs|offres|circuits|séjours)|(?:réservez|commandez|achetez) (?:dès )?maintenant|à vendre|à louer|livraison gratuite|meilleurs prix|devis gratuit',
    ),
    W(
      'мы (?:предлагаем|продаём|продаем|доставляем|оказываем)|наши (?:услуги|цены|товары|туры)|(?:закажите|купите|звоните|бронируйте) (?:сейчас|сегодня)|продаётся|продается|сдаётся|сдается|бесплатная доставка|низкие цены|скидк\\p{L}* до',
    ),
  ].join('|'),
  'iu',
);

/** A bare domain ("lisbonwalks.example.pt"): the shop's address without its http://. */
const DOMAIN =
  /(?<![\p{L}\p{N}@.-])(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|me|app|shop|store|online|site|xyz|top|club|pro|tv|ly|us|uk|de|ru|fr|es|it|nl|pl|pt|br|in|ae|au|ca|ch|eu|asia)(?![\p{L}\p{N}-])/iu;

/**
 * An offer with the address to take it up at: 3 points (a hold). Never spam on its own: the
 * classifier or another check has to agree.
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
    if (!SELLER.test(text)) return null;
    return { score: 3, reason: 'advertises an offer, with a link to take it up' };
  },
};
